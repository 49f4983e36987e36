"""Schema migrations: numbered steps that each run once, in order, in a transaction.

The store's version lives in SQLite's ``user_version`` header field and is
set inside the same transaction as the step, so a crash mid-upgrade leaves the
file at the previous version with every row intact. A new step is a new
function decorated with :func:`migration`; existing steps are never edited
once released, because files in users' hands were made by them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from kithkin.identity import phone_key

Step = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Step


MIGRATIONS: list[Migration] = []


def migration(version: int) -> Callable[[Step], Step]:
    """Register ``fn`` as the step that brings a store to ``version``."""

    def register(fn: Step) -> Step:
        if MIGRATIONS and MIGRATIONS[-1].version != version - 1:
            raise RuntimeError(f"migration {version} registered out of order")
        MIGRATIONS.append(Migration(version, fn.__name__, fn))
        return fn

    return register


def latest_version() -> int:
    return MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def upgrade(conn: sqlite3.Connection, target: int | None = None) -> list[str]:
    """Apply every step above the file's version up to ``target`` (default: all).

    Returns the names of the steps applied. ``conn`` must be in autocommit
    mode (``isolation_level=None``) so that each step is its own transaction.
    """
    goal = latest_version() if target is None else target
    applied = []
    for step in MIGRATIONS:
        if current_version(conn) < step.version <= goal:
            conn.execute("BEGIN IMMEDIATE")
            try:
                step.apply(conn)
                conn.execute(f"PRAGMA user_version = {step.version:d}")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            applied.append(step.name)
    return applied


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute a multi-statement script inside the caller's transaction.

    ``Connection.executescript`` would commit first and break the all-or-nothing
    promise, so statements are split with SQLite's own completeness test.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:60]}")


_KINDS = "('school','employer','event','community','place','interest')"


@migration(1)
def create_core_tables(conn: sqlite3.Connection) -> None:
    """People, their contacts and tags, groups with aliases, affiliations, ties,
    interactions, goals and follow-ups; every fact points at its source."""
    run_script(
        conn,
        f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        INSERT INTO meta VALUES ('revision', '0');

        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            added TEXT NOT NULL
        ) STRICT;

        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (name <> ''),
            name_key TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            is_me INTEGER NOT NULL DEFAULT 0 CHECK (is_me IN (0, 1)),
            source_id INTEGER REFERENCES sources(id)
        ) STRICT;
        CREATE INDEX people_name_key ON people(name_key);
        CREATE UNIQUE INDEX people_only_one_me ON people(is_me) WHERE is_me = 1;

        CREATE TABLE person_aliases (
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            alias_key TEXT NOT NULL,
            source_id INTEGER REFERENCES sources(id),
            PRIMARY KEY (person_id, alias_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX person_aliases_key ON person_aliases(alias_key);

        CREATE TABLE contacts (
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('email','phone','handle','url')),
            value TEXT NOT NULL,
            value_key TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            source_id INTEGER REFERENCES sources(id),
            PRIMARY KEY (person_id, kind, value_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX contacts_by_key ON contacts(kind, value_key);

        CREATE TABLE tags (
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            source_id INTEGER REFERENCES sources(id),
            PRIMARY KEY (person_id, tag)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX tags_by_tag ON tags(tag);

        CREATE TABLE groups (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN {_KINDS}),
            name TEXT NOT NULL CHECK (name <> ''),
            on_date TEXT,
            source_id INTEGER REFERENCES sources(id)
        ) STRICT;

        -- Every group's own name is also an alias row, so finding a group by
        -- any of its names is one index lookup on (kind, alias_key).
        CREATE TABLE group_aliases (
            kind TEXT NOT NULL,
            alias_key TEXT NOT NULL,
            alias TEXT NOT NULL,
            group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            source_id INTEGER REFERENCES sources(id),
            PRIMARY KEY (kind, alias_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX group_aliases_by_group ON group_aliases(group_id);

        CREATE TABLE affiliations (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            role TEXT NOT NULL DEFAULT '',
            start_date TEXT,
            end_date TEXT,
            source_id INTEGER REFERENCES sources(id)
        ) STRICT;
        CREATE INDEX affiliations_by_person ON affiliations(person_id);
        CREATE INDEX affiliations_by_group ON affiliations(group_id, person_id);

        CREATE TABLE ties (
            a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            how TEXT NOT NULL DEFAULT '',
            since TEXT,
            introduced_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
            closeness INTEGER CHECK (closeness BETWEEN 1 AND 5),
            via_group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
            source_id INTEGER REFERENCES sources(id),
            PRIMARY KEY (a, b),
            CHECK (a < b)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX ties_by_b ON ties(b);

        CREATE TABLE interactions (
            id INTEGER PRIMARY KEY,
            on_date TEXT NOT NULL,
            kind TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            source_id INTEGER REFERENCES sources(id)
        ) STRICT;
        CREATE INDEX interactions_by_date ON interactions(on_date);

        CREATE TABLE interaction_people (
            interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            gave INTEGER NOT NULL DEFAULT 0,
            received INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (interaction_id, person_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX interaction_people_by_person ON interaction_people(person_id);

        CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            created TEXT,
            source_id INTEGER REFERENCES sources(id)
        ) STRICT;

        CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            due TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open',
            goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL,
            source_id INTEGER REFERENCES sources(id)
        ) STRICT;
        CREATE INDEX followups_by_due ON followups(status, due);
        """,
    )


@migration(2)
def add_people_search(conn: sqlite3.Connection) -> None:
    """Full-text search over names, aliases and notes, kept in step by triggers.

    Word-prefix search ("mich" finds "Michael Chen") needs an index that a
    LIKE on ``name_key`` cannot give on a million people. Existing rows are
    indexed by the step itself.
    """
    run_script(
        conn,
        """
        CREATE VIRTUAL TABLE people_search USING fts5(
            name, aliases, notes, tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO people_search(rowid, name, aliases, notes)
            SELECT id, name,
                   COALESCE((SELECT group_concat(alias, ' ') FROM person_aliases WHERE person_id = people.id), ''),
                   notes
            FROM people;

        CREATE TRIGGER people_search_insert AFTER INSERT ON people BEGIN
            INSERT INTO people_search(rowid, name, aliases, notes) VALUES (new.id, new.name, '', new.notes);
        END;
        CREATE TRIGGER people_search_update AFTER UPDATE OF name, notes ON people BEGIN
            UPDATE people_search SET name = new.name, notes = new.notes WHERE rowid = new.id;
        END;
        CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
            DELETE FROM people_search WHERE rowid = old.id;
        END;
        CREATE TRIGGER people_search_alias_insert AFTER INSERT ON person_aliases BEGIN
            UPDATE people_search SET aliases = aliases || ' ' || new.alias WHERE rowid = new.person_id;
        END;
        CREATE TRIGGER people_search_alias_delete AFTER DELETE ON person_aliases BEGIN
            UPDATE people_search
               SET aliases = COALESCE((SELECT group_concat(alias, ' ') FROM person_aliases
                                       WHERE person_id = old.person_id), '')
             WHERE rowid = old.person_id;
        END;
        """,
    )


@migration(3)
def add_group_counts(conn: sqlite3.Connection) -> None:
    """How many people belong to each group, and to each (group, role) — e.g. Marketing at SDSU.

    Common ground weighs what two people share by how rare it is; counting a
    40,000-member school on every query would cost more than the rest of the
    query. The counts are derived data, rebuilt when the store's revision has
    moved on since they were made (``counts_revision`` in ``meta``).
    """
    run_script(
        conn,
        """
        CREATE TABLE group_counts (
            group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            role_key TEXT NOT NULL,
            members INTEGER NOT NULL,
            PRIMARY KEY (group_id, role_key)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO meta VALUES ('counts_revision', '-1');
        """,
    )


@migration(4)
def add_cadences(conn: sqlite3.Connection) -> None:
    """Keep-in-touch cadences, per person or per tag (a circle); snoozes; the day of each interaction
    beside each person in it."""
    run_script(
        conn,
        """
        CREATE TABLE cadences (
            id INTEGER PRIMARY KEY,
            person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
            tag TEXT,
            every_days INTEGER NOT NULL CHECK (every_days > 0),
            source_id INTEGER REFERENCES sources(id),
            CHECK ((person_id IS NULL) <> (tag IS NULL))
        ) STRICT;
        -- A snooze silences one person's keep-in-touch reminder until a day, whatever cadence applies.
        CREATE TABLE snoozes (
            person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
            until TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX cadences_by_person ON cadences(person_id) WHERE person_id IS NOT NULL;
        CREATE UNIQUE INDEX cadences_by_tag ON cadences(tag) WHERE tag IS NOT NULL;
        CREATE INDEX goals_by_status ON goals(status, due);

        -- The day of each interaction, beside each person in it, so "last contact with
        -- everyone" is one pass over an index instead of a join over every interaction.
        ALTER TABLE interaction_people ADD COLUMN on_date TEXT;
        UPDATE interaction_people
           SET on_date = (SELECT on_date FROM interactions WHERE id = interaction_people.interaction_id);
        CREATE INDEX interaction_people_by_person_date ON interaction_people(person_id, on_date);
        DROP INDEX interaction_people_by_person;
        """,
    )


@migration(5)
def add_import_records(conn: sqlite3.Connection) -> None:
    """Imported records, the facts each one brought, merge proposals and the merge log.

    A person may be made of several records (their vCard, their LinkedIn row,
    their calendar address). Each record keeps what its file said (``payload``,
    JSON) so a re-import can tell what changed, and each fact it brought points
    back at it (``record_id``) so ``kithkin unmerge`` can take exactly that
    record's facts off a person. Rejected proposals stay, so they are not
    proposed again.
    """
    run_script(
        conn,
        """
        ALTER TABLE people ADD COLUMN birthday TEXT NOT NULL DEFAULT '';

        CREATE TABLE records (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            key TEXT NOT NULL,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            payload TEXT NOT NULL,
            UNIQUE (source_id, key)
        ) STRICT;
        CREATE INDEX records_by_person ON records(person_id);

        ALTER TABLE person_aliases ADD COLUMN record_id INTEGER REFERENCES records(id) ON DELETE SET NULL;
        ALTER TABLE contacts ADD COLUMN record_id INTEGER REFERENCES records(id) ON DELETE SET NULL;
        ALTER TABLE tags ADD COLUMN record_id INTEGER REFERENCES records(id) ON DELETE SET NULL;
        ALTER TABLE affiliations ADD COLUMN record_id INTEGER REFERENCES records(id) ON DELETE SET NULL;
        ALTER TABLE ties ADD COLUMN record_id INTEGER REFERENCES records(id) ON DELETE SET NULL;
        ALTER TABLE interactions ADD COLUMN record_key TEXT;
        CREATE UNIQUE INDEX interactions_by_record_key ON interactions(source_id, record_key)
            WHERE record_key IS NOT NULL;

        CREATE TABLE merge_proposals (
            id INTEGER PRIMARY KEY,
            a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            reason TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
            UNIQUE (a, b),
            CHECK (a < b)
        ) STRICT;
        CREATE INDEX merge_proposals_by_status ON merge_proposals(status);

        CREATE TABLE merges (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX merges_by_person ON merges(person_id);
        """,
    )
    # Phone keys became E.164 (libphonenumber) so that numbers written in
    # different styles match; re-key the phones already stored.
    rekey_phones(conn)


def rekey_phones(conn: sqlite3.Connection) -> None:
    """Give every stored phone the key :func:`~kithkin.identity.phone_key` makes now — losing nothing: two
    rows of one person whose numbers now have one key (one number written two ways) become one row that keeps
    both labels and the other spelling (a migration never deletes what a user entered)."""
    rows = conn.execute(
        "SELECT person_id, value, value_key, label, source_id FROM contacts WHERE kind = 'phone' "
        "ORDER BY person_id, value_key"
    ).fetchall()
    kept: dict[tuple[int, str], list[str]] = {}
    for pid, value, old, label, _ in rows:
        new = phone_key(value)
        if new == old:
            kept.setdefault((pid, new), [label])
    for pid, value, old, label, source in rows:
        new = phone_key(value)
        if new == old:
            continue
        conn.execute("DELETE FROM contacts WHERE person_id = ? AND kind = 'phone' AND value_key = ?", (pid, old))
        if (pid, new) not in kept:
            conn.execute(
                "INSERT INTO contacts(person_id, kind, value, value_key, label, source_id) "
                "VALUES (?, 'phone', ?, ?, ?, ?)",
                (pid, value, new, label, source),
            )
            kept[(pid, new)] = [label]
            continue
        also = "; ".join(x for x in (label, f"also written {value}") if x)
        conn.execute(
            "UPDATE contacts SET label = trim(label || '; ' || ?, '; ') WHERE person_id = ? AND kind = 'phone' "
            "AND value_key = ?",
            (also, pid, new),
        )


@migration(6)
def add_rounds_and_dismissals(conn: sqlite3.Connection) -> None:
    """Matchmaking rounds of a community (who was paired with whom, who opted out), and
    suggestions a person dismissed or blocked.

    A pair is never repeated, so the history is read on every round; ``b`` is
    NULL for the member who sat a round out (an odd count).
    """
    run_script(
        conn,
        """
        CREATE TABLE match_rounds (
            id INTEGER PRIMARY KEY,
            community_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            on_date TEXT NOT NULL,
            source_id INTEGER REFERENCES sources(id)
        ) STRICT;
        CREATE INDEX match_rounds_by_community ON match_rounds(community_id, on_date);

        CREATE TABLE match_pairs (
            round_id INTEGER NOT NULL REFERENCES match_rounds(id) ON DELETE CASCADE,
            a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            b INTEGER REFERENCES people(id) ON DELETE CASCADE,
            value REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (round_id, a)
        ) STRICT;
        CREATE INDEX match_pairs_by_pair ON match_pairs(a, b);

        CREATE TABLE match_optouts (
            community_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            PRIMARY KEY (community_id, person_id)
        ) STRICT, WITHOUT ROWID;

        -- "Not interested" (dismissed) or "never suggest" (blocked), per person the suggestions are for.
        CREATE TABLE dismissals (
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            other_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
            PRIMARY KEY (person_id, other_id)
        ) STRICT, WITHOUT ROWID;
        """,
    )


@migration(7)
def add_store_identity(conn: sqlite3.Connection) -> None:
    """A random identity for the store file, kept in ``meta``: caches beside the file (the graph snapshot,
    the learned ranker) key on it with the revision, so that another store later made at the same path —
    a rebuilt demo, a restored backup, both at revision 1 — never reads this one's caches."""
    run_script(conn, "INSERT INTO meta VALUES ('store_id', lower(hex(randomblob(16))));")


@migration(8)
def rekey_phone_extensions(conn: sqlite3.Connection) -> None:
    """Phone keys keep an extension (``+18585550100;ext=7``): two extensions of one switchboard are two
    numbers, and two people. Re-key the phones already stored, losing nothing (:func:`rekey_phones`)."""
    rekey_phones(conn)


#: Kinds whose names are resolved (schools, employers, places, communities, interests); an event's name
#: with another date may be another event, so events meet only by their name as typed.
RESOLVED_KINDS = ("school", "employer", "place", "community", "interest")
#: Above this many groups, schema step 9 merges identical normal forms only and leaves the slower
#: resolver pass (acronyms, close names → proposals) to `kithkin group merges --scan`.
SCAN_LIMIT = 5_000


@migration(9)
def add_group_resolution(conn: sqlite3.Connection) -> None:
    """Group resolution (issue 15): a normal-form key on every group name, the group-merge log, proposals.

    For the groups already stored: groups of one kind whose names have the same normal form ('Qualcomm
    Inc.' and 'QUALCOMM') are merged into the oldest — the others' names become its aliases and each merge
    is logged in ``group_merges``, so ``kithkin group unmerge`` undoes it; everything else the resolver
    finds (an acronym, a close name) is only proposed (``group_proposals``). Nothing is deleted but the
    merged groups' rows, whose every fact moved.
    """
    from kithkin.store.groups import fill_norm_keys, merge_group_rows

    run_script(
        conn,
        """
        ALTER TABLE group_aliases ADD COLUMN norm_key TEXT;
        CREATE INDEX group_aliases_by_norm ON group_aliases(kind, norm_key);

        -- One row per merge of two groups; `moved` (JSON) lists what moved, so an unmerge is exact.
        CREATE TABLE group_merges (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            keep_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            gone_id INTEGER NOT NULL,
            gone_name TEXT NOT NULL,
            gone_on TEXT,
            gone_source_id INTEGER REFERENCES sources(id),
            moved TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            undone TEXT
        ) STRICT;
        CREATE INDEX group_merges_by_keep ON group_merges(keep_id);

        -- Two groups that may be one; rejected pairs stay so they are not proposed again.
        CREATE TABLE group_proposals (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            keep_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            other_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            reason TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
            UNIQUE (keep_id, other_id),
            CHECK (keep_id < other_id)
        ) STRICT;
        CREATE INDEX group_proposals_by_status ON group_proposals(status);
        CREATE INDEX group_proposals_by_other ON group_proposals(other_id);
        """,
    )
    fill_norm_keys(conn)
    at = conn.execute("SELECT strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')").fetchone()[0]
    marks = ",".join("?" * len(RESOLVED_KINDS))
    same = conn.execute(
        f"SELECT kind, norm_key, group_concat(DISTINCT group_id) FROM group_aliases "
        f"WHERE kind IN ({marks}) AND norm_key <> '' GROUP BY kind, norm_key HAVING count(DISTINCT group_id) > 1",
        RESOLVED_KINDS,
    ).fetchall()
    merged: dict[int, int] = {}
    for _, key, ids in same:
        groups = sorted({merged.get(int(g), int(g)) for g in ids.split(",")})
        for gone in groups[1:]:
            merge_group_rows(conn, groups[0], gone, f"same name once normalised ('{key}')", at)
            merged.update({g: groups[0] for g, k in merged.items() if k == gone} | {gone: groups[0]})
    if conn.execute("SELECT count(*) FROM groups").fetchone()[0] <= SCAN_LIMIT:
        propose_group_merges(conn)


def propose_group_merges(conn: sqlite3.Connection) -> int:
    """Run the resolver over the stored groups, oldest first; every match becomes a proposal, none a merge.

    Returns how many proposals are new.
    """
    from kithkin.resolution import Entry, Resolver

    names: dict[int, tuple[str, str, list[str]]] = {}
    marks = ",".join("?" * len(RESOLVED_KINDS))
    for gid, kind, name, alias in conn.execute(
        f"SELECT g.id, g.kind, g.name, a.alias FROM groups g JOIN group_aliases a ON a.group_id = g.id "
        f"WHERE g.kind IN ({marks}) ORDER BY g.id",
        RESOLVED_KINDS,
    ):
        names.setdefault(gid, (kind, name, []))[2].append(alias)
    resolver = Resolver()
    added = 0
    for gid, (kind, name, aliases) in names.items():
        found = resolver.resolve(kind, name)
        if found.group_id is not None and found.verdict != "new":
            added += conn.execute(
                "INSERT OR IGNORE INTO group_proposals(kind, keep_id, other_id, score, reason) VALUES (?, ?, ?, ?, ?)",
                (kind, min(found.group_id, gid), max(found.group_id, gid), round(found.score, 1), found.reason),
            ).rowcount
        resolver.add(Entry(gid, kind, name, tuple(a for a in aliases if a != name)))
    return added


@migration(10)
def add_addresses_event_places_and_follows(conn: sqlite3.Connection) -> None:
    """What imports used to drop (issue 16): postal addresses (vCard ADR with street and post code), where an
    event took place (iCalendar LOCATION, a place group) and what it was about (DESCRIPTION), and one-way
    follows (X's following/follower): a follow is not a friendship, so it is not a row of ``ties``.

    Only adds tables and columns: every row already stored stays as it is.
    """
    run_script(
        conn,
        """
        CREATE TABLE addresses (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            pobox TEXT NOT NULL DEFAULT '',
            extended TEXT NOT NULL DEFAULT '',
            street TEXT NOT NULL DEFAULT '',
            locality TEXT NOT NULL DEFAULT '',
            region TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            label TEXT NOT NULL DEFAULT '',
            source_id INTEGER REFERENCES sources(id),
            record_id INTEGER REFERENCES records(id) ON DELETE SET NULL
        ) STRICT;
        CREATE INDEX addresses_by_person ON addresses(person_id);

        ALTER TABLE groups ADD COLUMN place_id INTEGER REFERENCES groups(id) ON DELETE SET NULL;
        ALTER TABLE groups ADD COLUMN about TEXT NOT NULL DEFAULT '';

        -- One way, between the user and someone: `follows_me` 1 when they follow the user, 0 when the user
        -- follows them (both rows when both hold and the file said so one way at a time).
        CREATE TABLE follows (
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            follows_me INTEGER NOT NULL CHECK (follows_me IN (0, 1)),
            network TEXT NOT NULL,
            source_id INTEGER REFERENCES sources(id),
            record_id INTEGER REFERENCES records(id) ON DELETE SET NULL,
            PRIMARY KEY (person_id, follows_me, network)
        ) STRICT, WITHOUT ROWID;
        """,
    )


@migration(11)
def add_batch_suggestions(conn: sqlite3.Connection) -> None:
    """Suggestions made by a batch job (``kithkin batch suggest``, in-process or on Spark) and brought back by
    ``kithkin import DIR``: each person's ranked list with the reasons in words, and the store revision of the
    export they were ranked from. A new import replaces the whole table."""
    run_script(
        conn,
        """
        CREATE TABLE batch_suggestions (
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            rank INTEGER NOT NULL CHECK (rank >= 1),
            candidate_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            reason TEXT NOT NULL,
            revision INTEGER NOT NULL,
            PRIMARY KEY (person_id, rank)
        ) STRICT, WITHOUT ROWID;
        """,
    )


def recount_groups(conn: sqlite3.Connection, group_ids: list[int] | None = None) -> None:
    """Rewrite ``group_counts`` for ``group_ids`` (all groups when None) from the affiliations: members per
    group (role key ''), and per role where the role changes the fact itself (places: living in a city versus
    growing up there). A group left with no members keeps no row."""
    if group_ids is None:
        conn.execute("DELETE FROM group_counts")
        where, params = "", []
    else:
        where = f"AND group_id IN ({','.join('?' * len(group_ids))})"
        params = list(group_ids)
        conn.execute(f"DELETE FROM group_counts WHERE 1 {where}", params)
    conn.execute(
        "INSERT INTO group_counts(group_id, role_key, members) "
        f"SELECT group_id, '', count(DISTINCT person_id) FROM affiliations WHERE 1 {where} GROUP BY group_id",
        params,
    )
    conn.execute(
        "INSERT INTO group_counts(group_id, role_key, members) "
        "SELECT group_id, lower(trim(role)), count(DISTINCT person_id) FROM affiliations "
        f"WHERE trim(role) <> '' AND group_id IN (SELECT id FROM groups WHERE kind = 'place') {where} "
        "GROUP BY group_id, lower(trim(role))",
        params,
    )


@migration(12)
def keep_group_counts_fresh(conn: sqlite3.Connection) -> None:
    """Group sizes that stay fresh through every write, not only until the first one after an import.

    Triggers note each group whose members (or, for places, roles) a write changed in ``counts_touched``;
    the write's own transaction recounts just those groups before it commits (``CountsStore``), so
    ``group_counts`` is as fresh as the store. Before this step any write — one ``kithkin log`` — left the
    counts stale until the next import, and a common ground counted its groups from the affiliations
    (~0.2 s at 10^5 people instead of ~2 ms). The counts are rebuilt once here, so every store starts fresh.
    (Persistent triggers: temporary ones made ``PRAGMA wal_checkpoint`` fail after a bulk load.)
    """
    run_script(
        conn,
        """
        CREATE TABLE counts_touched (group_id INTEGER PRIMARY KEY) STRICT;
        CREATE TRIGGER affiliations_touch_insert AFTER INSERT ON affiliations BEGIN
            INSERT OR IGNORE INTO counts_touched VALUES (new.group_id);
        END;
        CREATE TRIGGER affiliations_touch_delete AFTER DELETE ON affiliations BEGIN
            INSERT OR IGNORE INTO counts_touched VALUES (old.group_id);
        END;
        CREATE TRIGGER affiliations_touch_update AFTER UPDATE OF person_id, group_id, role ON affiliations BEGIN
            INSERT OR IGNORE INTO counts_touched VALUES (old.group_id);
            INSERT OR IGNORE INTO counts_touched VALUES (new.group_id);
        END;
        CREATE TRIGGER groups_touch_kind AFTER UPDATE OF kind ON groups BEGIN
            INSERT OR IGNORE INTO counts_touched VALUES (new.id);
        END;
        """,
    )
    recount_groups(conn)
    conn.execute("INSERT OR REPLACE INTO meta SELECT 'counts_revision', value FROM meta WHERE key = 'revision'")


@migration(13)
def remember_what_a_merge_moved(conn: sqlite3.Connection) -> None:
    """What a merge moved from the absorbed person to the one kept, so that unmerging gives it all back.

    A merge kept the absorbed person's own facts as a record (source ``merge``), but moved their other records,
    follow-ups, goals, keep-in-touch cadence and logged meetings without a note of whose they had been:
    unmerging left them all with the person kept. Each row names the merge's record and one thing it moved
    (``item_id``), or what the kept person's notes and birthday were before the merge joined the two
    (``value``: JSON ``[before, after]``), restored on unmerge if nobody changed them since.
    """
    run_script(
        conn,
        """
        CREATE TABLE merge_moves (
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('record', 'followup', 'goal', 'cadence', 'interaction',
                                               'shared_interaction', 'notes', 'birthday')),
            item_id INTEGER,
            value TEXT
        ) STRICT;
        CREATE INDEX merge_moves_by_record ON merge_moves(record_id);
        """,
    )
