"""Groups (schools, employers, events, …), their aliases, and who belongs to them.

Every name of a group is a row of ``group_aliases`` with two keys: ``alias_key`` (the name as typed, for
an exact look-up) and ``norm_key`` (:func:`kithkin.resolution.normalise`: 'Nestwise, Inc.' and 'NESTWISE'
meet there). Merging two groups (schema step 9) moves everything of one onto the other and logs what
moved in ``group_merges``, so :meth:`GroupsStore.unmerge_groups` puts exactly that back.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kithkin.errors import InputError, NotFound
from kithkin.identity import name_key
from kithkin.model import Affiliation, FuzzyDate, Group, GroupKind
from kithkin.resolution.names import normalise
from kithkin.store.base import StoreBase, fuzzy_from_text, fuzzy_to_text, in_chunks


def norm_key(kind: str, name: str) -> str:
    """The key under which variants of one group name meet ('Nestwise, Inc.' → 'nestwise')."""
    return normalise(kind, name)


@dataclass(frozen=True)
class GroupProposal:
    """Two groups that may be one (``other`` into ``keep``), with the evidence."""

    id: int
    kind: str
    keep: int
    other: int
    score: float
    reason: str
    status: str


@dataclass(frozen=True)
class GroupMerge:
    """One logged merge: ``gone`` (its name, id when merged) into ``keep``; ``undone`` when unmerged."""

    id: int
    kind: str
    keep: int
    gone: int
    gone_name: str
    reason: str
    at: str
    undone: str | None


def fill_norm_keys(conn: sqlite3.Connection) -> int:
    """Give every alias row without a ``norm_key`` its key (a restored older backup); returns how many."""
    rows = conn.execute("SELECT kind, alias_key, alias FROM group_aliases WHERE norm_key IS NULL").fetchall()
    conn.executemany(
        "UPDATE group_aliases SET norm_key = ? WHERE kind = ? AND alias_key = ?",
        [(norm_key(kind, alias), kind, key) for kind, key, alias in rows],
    )
    return len(rows)


def merge_group_rows(conn: sqlite3.Connection, keep: int, gone: int, reason: str, at: str) -> int:
    """Move everything of group ``gone`` onto ``keep``, delete ``gone``, log it; returns the log's id.

    Inside the caller's transaction. What moved (affiliations, names, ties made there, matchmaking rounds and
    opt-outs) is listed in the log so that :func:`unmerge_group_rows` moves exactly that back.
    """
    kind, name, on, sid = conn.execute(
        "SELECT kind, name, on_date, source_id FROM groups WHERE id = ?", (gone,)
    ).fetchone()
    moved = {
        "affiliations": [r[0] for r in conn.execute("SELECT id FROM affiliations WHERE group_id = ?", (gone,))],
        "aliases": [r[0] for r in conn.execute("SELECT alias_key FROM group_aliases WHERE group_id = ?", (gone,))],
        "ties": [list(r) for r in conn.execute("SELECT a, b FROM ties WHERE via_group_id = ?", (gone,))],
        "rounds": [r[0] for r in conn.execute("SELECT id FROM match_rounds WHERE community_id = ?", (gone,))],
        "optouts": [r[0] for r in conn.execute("SELECT person_id FROM match_optouts WHERE community_id = ?", (gone,))],
        "optouts_new": [
            r[0]
            for r in conn.execute(
                "SELECT person_id FROM match_optouts WHERE community_id = ? AND person_id NOT IN "
                "(SELECT person_id FROM match_optouts WHERE community_id = ?)",
                (gone, keep),
            )
        ],
    }
    conn.execute("UPDATE affiliations SET group_id = ? WHERE group_id = ?", (keep, gone))
    conn.execute("UPDATE group_aliases SET group_id = ? WHERE group_id = ?", (keep, gone))
    conn.execute("UPDATE ties SET via_group_id = ? WHERE via_group_id = ?", (keep, gone))
    conn.execute("UPDATE match_rounds SET community_id = ? WHERE community_id = ?", (keep, gone))
    if _has_event_places(conn):  # schema step 10; step 9 merges groups before it
        moved["places"] = [r[0] for r in conn.execute("SELECT id FROM groups WHERE place_id = ?", (gone,))]
        moved["own_place"] = list(conn.execute("SELECT place_id, about FROM groups WHERE id = ?", (gone,)).fetchone())
        conn.execute("UPDATE groups SET place_id = ? WHERE place_id = ?", (keep, gone))
        conn.execute(  # an event's place and description, where the kept one says nothing (an unmerge restores)
            "UPDATE groups SET place_id = COALESCE(place_id, ?), about = CASE WHEN about = '' THEN ? ELSE about END "
            "WHERE id = ?",
            (*moved["own_place"], keep),
        )
    conn.execute(
        "INSERT OR IGNORE INTO match_optouts(community_id, person_id) "
        "SELECT ?, person_id FROM match_optouts WHERE community_id = ?",
        (keep, gone),
    )
    conn.execute("DELETE FROM groups WHERE id = ?", (gone,))
    return int(
        conn.execute(
            "INSERT INTO group_merges(kind, keep_id, gone_id, gone_name, gone_on, gone_source_id, moved, reason, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (kind, keep, gone, name, on, sid, json.dumps(moved), reason, at),
        ).fetchone()[0]
    )


def _has_event_places(conn: sqlite3.Connection) -> bool:
    return any(row[1] == "place_id" for row in conn.execute("PRAGMA table_info(groups)"))


class GroupsStore(StoreBase):
    def find_group(self, kind: GroupKind, name: str) -> Group | None:
        """The group of ``kind`` known by ``name`` or any of its aliases."""
        row = self.db.execute(
            "SELECT group_id FROM group_aliases WHERE kind = ? AND alias_key = ?", (kind.value, name_key(name))
        ).fetchone()
        return None if row is None else self.get_group(int(row[0]))

    def groups_by_norm(self, kind: GroupKind, name: str) -> list[int]:
        """Ids of the groups of ``kind`` one of whose names has the same normal form as ``name``, oldest first."""
        key = norm_key(kind.value, name)
        if not key:
            return []
        rows = self.db.execute(
            "SELECT DISTINCT group_id FROM group_aliases WHERE kind = ? AND norm_key = ? ORDER BY group_id",
            (kind.value, key),
        )
        return [int(r[0]) for r in rows]

    def group_names(self, kinds: Sequence[str]) -> list[tuple[int, str, str, str]]:
        """(group id, kind, its name, one of its names) for every name of every group of ``kinds``."""
        marks = ",".join("?" * len(kinds))
        return [
            (int(gid), kind, name, alias)
            for gid, kind, name, alias in self.db.execute(
                f"SELECT g.id, g.kind, g.name, a.alias FROM groups g JOIN group_aliases a ON a.group_id = g.id "
                f"WHERE g.kind IN ({marks}) ORDER BY g.id",
                list(kinds),
            )
        ]

    def groups_starting(self, text: str, kinds: Sequence[str], limit: int = 5) -> list[tuple[Group, int]]:
        """Groups of ``kinds`` one of whose names starts with ``text``, each with how many people belong to it,
        the largest first: a search box's "Qualcomm" finds the employer as well as the people it names."""
        start = name_key(text)
        if len(start) < 2:
            return []
        marks = ",".join("?" * len(kinds))
        rows = self.db.execute(
            f"SELECT g.group_id, "
            f"(SELECT COUNT(DISTINCT a.person_id) FROM affiliations a WHERE a.group_id = g.group_id) n "
            f"FROM (SELECT DISTINCT group_id FROM group_aliases WHERE kind IN ({marks}) AND alias_key >= ? "
            f"AND alias_key < ? LIMIT 50) g ORDER BY n DESC, g.group_id LIMIT ?",
            [*kinds, start, start + "\U0010ffff", limit],
        ).fetchall()
        found = self.get_groups([int(r[0]) for r in rows])
        return [(found[int(gid)], int(n)) for gid, n in rows if n]

    def get_group(self, gid: int) -> Group:
        found = self.get_groups([gid])
        if not found:
            raise NotFound(f"no group #{gid}")
        return found[gid]

    def get_groups(self, ids: Sequence[int]) -> dict[int, Group]:
        """Groups by id, with their aliases."""
        wanted = list(dict.fromkeys(ids))
        rows: dict[int, tuple[str, str, str | None, str]] = {}
        aliases: dict[int, list[str]] = defaultdict(list)
        for chunk, marks in in_chunks(wanted):
            for gid, kind, name, on, place in self.db.execute(
                f"SELECT g.id, g.kind, g.name, g.on_date, COALESCE(p.name, '') FROM groups g "
                f"LEFT JOIN groups p ON p.id = g.place_id WHERE g.id IN ({marks})",
                chunk,
            ):
                rows[gid] = (kind, name, on, place)
            for gid, alias in self.db.execute(
                f"SELECT group_id, alias FROM group_aliases WHERE group_id IN ({marks}) ORDER BY alias_key", chunk
            ):
                aliases[gid].append(alias)
        return {
            gid: Group(
                id=gid,
                kind=GroupKind(kind),
                name=name,
                on=fuzzy_from_text(on),
                aliases=tuple(a for a in aliases[gid] if a != name),
                place=place,
            )
            for gid, (kind, name, on, place) in rows.items()
        }

    def events_dated(self, first: str, last: str) -> list[Group]:
        """Events dated to the day from ``first`` to ``last`` (ISO days, compared as the text the store keeps),
        the soonest first: one scan of the groups, not a count of every event's members."""
        rows = self.db.execute(
            "SELECT id FROM groups WHERE kind = 'event' AND length(on_date) = 10 AND on_date BETWEEN ? AND ? "
            "ORDER BY on_date, name",
            (first, last),
        )
        ids = [int(r[0]) for r in rows]
        found = self.get_groups(ids)
        return [found[gid] for gid in ids]

    def ensure_group(self, kind: GroupKind, name: str, source: str, *, on: FuzzyDate | None = None) -> Group:
        """The group of ``kind`` called ``name`` (or aliased so), created if new."""
        if not name_key(name):
            raise InputError(f"a {kind.value} needs a name with letters or digits, not {name!r}")
        existing = self.find_group(kind, name)
        if existing is not None:
            return existing
        with self.transaction():
            sid = self.source_id(source)
            gid = int(
                self.db.execute(
                    "INSERT INTO groups(kind, name, on_date, source_id) VALUES (?, ?, ?, ?) RETURNING id",
                    (kind.value, name.strip(), fuzzy_to_text(on), sid),
                ).fetchone()[0]
            )
            self.db.execute(
                "INSERT INTO group_aliases(kind, alias_key, alias, group_id, source_id, norm_key) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (kind.value, name_key(name), name.strip(), gid, sid, norm_key(kind.value, name)),
            )
        return self.get_group(gid)

    def add_group_alias(self, group: Group, alias: str, source: str) -> Group:
        """Let ``alias`` name ``group`` too; refuses an alias that names another group."""
        assert group.id is not None
        key = name_key(alias)
        if not key:
            raise InputError(f"{alias!r} has no letters or digits")
        owner = self.find_group(group.kind, alias)
        if owner is not None and owner.id != group.id:
            raise InputError(f"{alias!r} already names the {group.kind.value} {owner.name!r}")
        if owner is None:
            with self.transaction():
                self.db.execute(
                    "INSERT INTO group_aliases(kind, alias_key, alias, group_id, source_id, norm_key) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        group.kind.value,
                        key,
                        alias.strip(),
                        group.id,
                        self.source_id(source),
                        norm_key(group.kind.value, alias),
                    ),
                )
        return self.get_group(group.id)

    def list_groups(self, kind: GroupKind | None = None, limit: int | None = None) -> list[tuple[Group, int]]:
        """Groups with their member counts, largest first."""
        sql = (
            "SELECT g.id, count(DISTINCT a.person_id) AS n FROM groups g LEFT JOIN affiliations a ON a.group_id = g.id"
        )
        params: list[object] = []
        if kind is not None:
            sql += " WHERE g.kind = ?"
            params.append(kind.value)
        sql += " GROUP BY g.id ORDER BY n DESC, g.name LIMIT ?"
        params.append(-1 if limit is None else limit)
        counts = [(int(gid), int(n)) for gid, n in self.db.execute(sql, params)]
        groups = self.get_groups([gid for gid, _ in counts])
        return [(groups[gid], n) for gid, n in counts]

    def affiliate(
        self,
        person_id: int,
        group: Group,
        source: str,
        *,
        role: str = "",
        start: FuzzyDate | None = None,
        end: FuzzyDate | None = None,
    ) -> Affiliation:
        """Record that a person belongs to ``group``; the same fact twice is kept once."""
        assert group.id is not None
        if start is not None and end is not None and end < start:
            raise InputError(f"the end ({end}) comes before the start ({start})")
        with self.transaction():
            row = self.db.execute(
                "SELECT id FROM affiliations WHERE person_id = ? AND group_id = ? AND role = ? "
                "AND start_date IS ? AND end_date IS ?",
                (person_id, group.id, role, fuzzy_to_text(start), fuzzy_to_text(end)),
            ).fetchone()
            if row is None:
                row = self.db.execute(
                    "INSERT INTO affiliations(person_id, group_id, role, start_date, end_date, source_id) "
                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (person_id, group.id, role, fuzzy_to_text(start), fuzzy_to_text(end), self.source_id(source)),
                ).fetchone()
        return Affiliation(
            id=int(row[0]), person_id=person_id, group=group, role=role, start=start, end=end, source=source
        )

    def affiliations_of(self, person_id: int) -> list[Affiliation]:
        """A person's affiliations, by kind then most recent first."""
        rows = self.db.execute(
            "SELECT a.id, a.group_id, a.role, a.start_date, a.end_date, s.label FROM affiliations a "
            "LEFT JOIN sources s ON s.id = a.source_id WHERE a.person_id = ? ORDER BY a.id",
            (person_id,),
        ).fetchall()
        groups = self.get_groups([r[1] for r in rows])
        found = [
            Affiliation(
                id=aid,
                person_id=person_id,
                group=groups[gid],
                role=role,
                start=fuzzy_from_text(start),
                end=fuzzy_from_text(end),
                source=label or "",
            )
            for aid, gid, role, start, end, label in rows
        ]
        # Most recent first within each kind; events are dated by the event itself.
        order = list(GroupKind)
        found.sort(key=lambda a: str(a.start or a.group.on or ""), reverse=True)
        return sorted(found, key=lambda a: order.index(a.group.kind))

    def remove_affiliation(self, person_id: int, affiliation_id: int) -> Affiliation:
        """Forget one of a person's affiliations, and the same fact from their other sources (shown as one row);
        the group stays, with its other members and names."""
        rows = self.affiliations_of(person_id)
        found = next((a for a in rows if a.id == affiliation_id), None)
        if found is None:
            raise InputError(f"#{person_id} has no affiliation #{affiliation_id}", field="affiliation")
        same = [a.id for a in rows if (a.group.id, a.role, a.start, a.end) == (found.group.id, found.role, found.start,
                                                                              found.end)]  # fmt: skip
        with self.transaction():
            self.db.executemany("DELETE FROM affiliations WHERE id = ? AND person_id = ?",
                                [(aid, person_id) for aid in same])  # fmt: skip
        return found

    def work_and_home(self, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        """Per person of ``ids``: (role, employer) of their current job and the city they live in, each the
        one that began last (ties: the first recorded) as :meth:`affiliations_of` orders them, "" when none —
        what a one-line headline says, for a page of people in one query."""
        best: dict[tuple[int, str], tuple[str, int, str, str]] = {}
        for chunk, marks in in_chunks(list(dict.fromkeys(ids))):
            rows = self.db.execute(
                "SELECT a.person_id, g.kind, g.name, a.role, COALESCE(a.start_date, g.on_date, ''), a.id "
                "FROM affiliations a JOIN groups g ON g.id = a.group_id "
                f"WHERE a.person_id IN ({marks}) AND ((g.kind = 'employer' AND a.end_date IS NULL) "
                "OR (g.kind = 'place' AND a.role = 'lives here'))",
                chunk,
            )
            for pid, kind, name, role, began, aid in rows:
                known = best.get((pid, kind))
                if known is None or began > known[0] or (began == known[0] and aid < known[1]):
                    best[(pid, kind)] = (began, aid, name, role)
        found = {}
        for pid in ids:
            work = best.get((pid, "employer"))
            home = best.get((pid, "place"))
            found[pid] = (work[3] if work else "", work[2] if work else "", home[2] if home else "")
        return found

    def members(self, group_id: int, *, declined: bool = True) -> list[int]:
        """Ids of the people affiliated with a group; without ``declined``, not those whose only part in it is a
        declined invitation (a calendar's "declined (required)"): an event's guests, not who said no."""
        rows = self.db.execute(
            "SELECT DISTINCT person_id FROM affiliations WHERE group_id = ?"
            + ("" if declined else " AND role NOT LIKE 'declined%'")
            + " ORDER BY person_id",
            (group_id,),
        )
        return [int(r[0]) for r in rows]

    def member_parts(self, group_id: int) -> dict[int, str]:
        """Who had a part at an event beyond being on its list: person id -> "host" (a calendar's organizer too)
        or "speaker"."""
        rows = self.db.execute(
            "SELECT person_id, CASE role WHEN 'speaker' THEN 'speaker' ELSE 'host' END part FROM affiliations "
            "WHERE group_id = ? AND role IN ('host', 'organizer', 'speaker') ORDER BY part = 'host'",
            (group_id,),
        )
        return {int(pid): str(part) for pid, part in rows}

    def member_facts(self, group_id: int) -> list[tuple[int, str | None, str | None, tuple[str, ...]]]:
        """(person id, start, end, the person's email addresses) for each affiliation with a group: what
        :func:`kithkin.resolution.evidence.weigh` reads."""
        rows = self.db.execute(
            "SELECT a.person_id, a.start_date, a.end_date, "
            "(SELECT group_concat(c.value, char(10)) FROM contacts c WHERE c.person_id = a.person_id "
            "AND c.kind = 'email') FROM affiliations a WHERE a.group_id = ? ORDER BY a.id",
            (group_id,),
        )
        return [
            (int(pid), start, end, tuple((mails or "").split("\n")) if mails else ()) for pid, start, end, mails in rows
        ]

    def place_of(self, group_id: int) -> str:
        """The name of the place a group is in ('' when none is stored)."""
        if not _has_event_places(self.db):
            return ""
        row = self.db.execute(
            "SELECT p.name FROM groups g JOIN groups p ON p.id = g.place_id WHERE g.id = ?", (group_id,)
        ).fetchone()
        return "" if row is None else str(row[0])

    # --- merging groups ---------------------------------------------------------------------

    def propose_group_merge(self, keep: int, other: int, score: float, reason: str) -> bool:
        """Record that groups ``keep`` and ``other`` may be one (the older kept); False if proposed before."""
        if keep == other:
            return False
        kind = self.db.execute("SELECT kind FROM groups WHERE id = ?", (keep,)).fetchone()[0]
        with self.transaction():
            row = self.db.execute(
                "INSERT OR IGNORE INTO group_proposals(kind, keep_id, other_id, score, reason) VALUES (?, ?, ?, ?, ?) "
                "RETURNING id",
                (kind, min(keep, other), max(keep, other), round(score, 1), reason),
            ).fetchone()
        return row is not None

    def group_proposals(self, status: str | None = "open") -> list[GroupProposal]:
        """Proposed group merges (open ones by default), best score first."""
        sql = "SELECT id, kind, keep_id, other_id, score, reason, status FROM group_proposals"
        params: tuple[str, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            params = (status,)
        return [GroupProposal(*row) for row in self.db.execute(sql + " ORDER BY score DESC, id", params)]

    def note_group_proposal(self, proposal_id: int, reason: str) -> None:
        """Replace an open proposal's reason (what the members add to it)."""
        with self.transaction():
            self.db.execute("UPDATE group_proposals SET reason = ? WHERE id = ?", (reason, proposal_id))

    def set_group_proposal(self, a: int, b: int, status: str) -> None:
        """Mark the proposal between groups ``a`` and ``b`` accepted or rejected (recorded if there was none)."""
        kind = self.db.execute("SELECT kind FROM groups WHERE id = ?", (a,)).fetchone()[0]
        with self.transaction():
            self.db.execute(
                "INSERT INTO group_proposals(kind, keep_id, other_id, score, reason, status) "
                "VALUES (?, ?, ?, 0, '', ?) "
                "ON CONFLICT (keep_id, other_id) DO UPDATE SET status = excluded.status",
                (kind, min(a, b), max(a, b), status),
            )

    def merge_groups(self, keep: int, gone: int, reason: str) -> GroupMerge:
        """Merge group ``gone`` into ``keep`` (same kind): its members, names and the rest; logged, undoable."""
        a, b = self.get_group(keep), self.get_group(gone)
        if keep == gone:
            raise InputError(f"{a.name!r} is the same group twice")
        if a.kind is not b.kind:
            raise InputError(f"{a.name!r} is a {a.kind.value} and {b.name!r} a {b.kind.value}: only one kind merges")
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction():
            mid = merge_group_rows(self.db, keep, gone, reason, at)
        return self.group_merge(mid)

    def log_group_resolution(
        self, keep: int, name: str, affiliation_ids: Sequence[int], reason: str, source: str
    ) -> int:
        """Log that ``name`` (now an alias of ``keep``) was read as that group for these affiliations, as a
        merge of a group that never had rows of its own: ``kithkin group unmerge NAME`` makes it its own group
        with those affiliations. Returns the log's id."""
        kind = self.db.execute("SELECT kind FROM groups WHERE id = ?", (keep,)).fetchone()[0]
        moved = {"affiliations": list(affiliation_ids), "aliases": [name_key(name)], "ties": [], "rounds": [],
                 "optouts": [], "optouts_new": []}  # fmt: skip
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction():
            return int(
                self.db.execute(
                    "INSERT INTO group_merges(kind, keep_id, gone_id, gone_name, gone_on, gone_source_id, moved, "
                    "reason, at) VALUES (?, ?, 0, ?, NULL, ?, ?, ?, ?) RETURNING id",
                    (kind, keep, name.strip(), self.source_id(source), json.dumps(moved), reason, at),
                ).fetchone()[0]
            )

    def affiliation_ids(self, group_id: int, record_ids: Sequence[int]) -> list[int]:
        """The affiliations with ``group_id`` that these imported records brought."""
        found: list[int] = []
        for chunk, marks in in_chunks(list(record_ids)):
            found += [
                int(r[0])
                for r in self.db.execute(
                    f"SELECT id FROM affiliations WHERE group_id = ? AND record_id IN ({marks})", (group_id, *chunk)
                )
            ]
        return found

    def group_merge(self, merge_id: int) -> GroupMerge:
        row = self.db.execute(
            "SELECT id, kind, keep_id, gone_id, gone_name, reason, at, undone FROM group_merges WHERE id = ?",
            (merge_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no group merge #{merge_id}")
        return GroupMerge(*row)

    def group_merges(self, *, undone: bool = False) -> list[GroupMerge]:
        """Logged group merges, newest first (those not undone, unless ``undone``)."""
        rows = self.db.execute(
            "SELECT id FROM group_merges" + ("" if undone else " WHERE undone IS NULL") + " ORDER BY id DESC"
        )
        return [self.group_merge(int(r[0])) for r in rows.fetchall()]

    def unmerge_groups(self, merge_id: int) -> Group:
        """Undo a logged merge: the absorbed group comes back with what it had; returns it."""
        found = self.db.execute(
            "SELECT kind, keep_id, gone_id, gone_name, gone_on, gone_source_id, moved, undone FROM group_merges "
            "WHERE id = ?",
            (merge_id,),
        ).fetchone()
        if found is None:
            raise NotFound(f"no group merge #{merge_id}")
        kind, keep, gone, name, on, sid, moved_json, undone = found
        if undone is not None:
            raise InputError(f"group merge #{merge_id} was already undone")
        moved = json.loads(moved_json)
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction():
            free = gone > 0 and self.db.execute("SELECT 1 FROM groups WHERE id = ?", (gone,)).fetchone() is None
            back = int(
                self.db.execute(
                    "INSERT INTO groups(id, kind, name, on_date, source_id) VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (gone if free else None, kind, name, on, sid),
                ).fetchone()[0]
            )
            self._move_back(keep, back, kind, moved)
            if moved.get("own_place"):
                self.db.execute("UPDATE groups SET place_id = ?, about = ? WHERE id = ?", (*moved["own_place"], back))
            self.db.execute("UPDATE group_merges SET undone = ? WHERE id = ?", (at, merge_id))
            self.set_group_proposal(keep, back, "rejected")
        return self.get_group(back)

    def _move_back(self, keep: int, back: int, kind: str, moved: dict[str, list[object]]) -> None:
        db = self.db
        db.executemany(
            "UPDATE affiliations SET group_id = ? WHERE id = ? AND group_id = ?",
            [(back, aid, keep) for aid in moved["affiliations"]],
        )
        db.executemany(
            "UPDATE group_aliases SET group_id = ? WHERE kind = ? AND alias_key = ? AND group_id = ?",
            [(back, kind, key, keep) for key in moved["aliases"]],
        )
        db.executemany(
            "UPDATE ties SET via_group_id = ? WHERE a = ? AND b = ? AND via_group_id = ?",
            [(back, *pair, keep) for pair in moved["ties"]],  # type: ignore[misc]
        )
        db.executemany(
            "UPDATE match_rounds SET community_id = ? WHERE id = ? AND community_id = ?",
            [(back, rid, keep) for rid in moved["rounds"]],
        )
        db.executemany(
            "UPDATE groups SET place_id = ? WHERE id = ? AND place_id = ?",
            [(back, gid, keep) for gid in moved.get("places", [])],
        )
        db.executemany(
            "INSERT OR IGNORE INTO match_optouts(community_id, person_id) SELECT ?, person_id FROM match_optouts "
            "WHERE community_id = ? AND person_id = ?",
            [(back, keep, pid) for pid in moved["optouts"]],
        )
        db.executemany(
            "DELETE FROM match_optouts WHERE community_id = ? AND person_id = ?",
            [(keep, pid) for pid in moved["optouts_new"]],
        )

    def scan_group_proposals(self) -> int:
        """Propose merges the resolver finds among the stored groups (schema step 9's pass); returns how many."""
        from kithkin.store.migrations import propose_group_merges

        with self.transaction():
            return propose_group_merges(self.db)
