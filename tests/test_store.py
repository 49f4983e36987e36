"""The store on real SQLite files: migrations, transactions, provenance, lookups."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from kithkin.errors import InputError, SchemaTooNew, StoreError, UnknownPerson
from kithkin.model import Contact, ContactKind, FuzzyDate, GroupKind, Person, Tie
from kithkin.store import Store, migrations


def _digest(path: Path) -> str:
    """A content fingerprint of every table (stable across checkpoints)."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def _version_one_file(path: Path) -> None:
    """A store as kithkin's first schema wrote it, with one row in every core table."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.upgrade(conn, target=1)
    conn.executescript(
        """
        INSERT INTO sources VALUES (1, 'old import', '2025-01-01T00:00:00+00:00');
        INSERT INTO people VALUES (1, 'Dana Reyes', 'dana reyes', 'met at a happy hour', 0, 1);
        INSERT INTO people VALUES (2, 'Michael Brennan', 'michael brennan', '', 1, 1);
        INSERT INTO person_aliases VALUES (1, 'DR', 'dr', 1);
        INSERT INTO contacts VALUES (1, 'email', 'dana@example.com', 'dana@example.com', '', 1);
        INSERT INTO tags VALUES (1, 'work', 1);
        INSERT INTO groups VALUES (1, 'school', 'San Diego State University', NULL, 1);
        INSERT INTO group_aliases VALUES ('school', 'san diego state university', 'San Diego State University', 1, 1);
        INSERT INTO group_aliases VALUES ('school', 'sdsu', 'SDSU', 1, 1);
        INSERT INTO affiliations VALUES (1, 2, 1, 'Marketing', '1998', '2002', 1);
        INSERT INTO ties VALUES (1, 2, 'happy hour', '2024', NULL, 3, NULL, 1);
        INSERT INTO interactions VALUES (1, '2024-05-01', 'meal', 'lunch', 1);
        INSERT INTO interaction_people VALUES (1, 1, 0, 1);
        INSERT INTO goals VALUES (1, 'reach Dana', 1, '2025-02-01', 'open', '2025-01-01', 1);
        INSERT INTO followups VALUES (1, 1, '2025-02-01', 'send the deck', 'open', 1, 1);
        """
    )
    conn.close()


def test_upgrading_a_version_one_file_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _version_one_file(path)
    tables = ["sources", "people", "person_aliases", "contacts", "tags", "groups", "group_aliases",
              "affiliations", "ties", "interactions", "interaction_people", "goals", "followups"]  # fmt: skip
    conn = sqlite3.connect(path)
    columns = {t: ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({t})")) for t in tables}
    before = {t: conn.execute(f"SELECT {columns[t]} FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    conn.close()

    with Store.open(path) as store:
        assert store.schema_version == migrations.latest_version()
        after = {t: store.db.execute(f"SELECT {columns[t]} FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
        assert after == before
        # Later steps filled what they added from the old rows.
        assert store.db.execute("SELECT on_date FROM interaction_people").fetchall() == [("2024-05-01",)]
        # The new search index covers the old rows, aliases included.
        assert [p.name for p in store.search_people("dan")] == ["Dana Reyes"]
        assert [p.name for p in store.search_people("DR")] == ["Dana Reyes"]
        me = store.me()
        assert me is not None
        assert me.name == "Michael Brennan"
        sdsu = store.find_group(GroupKind.SCHOOL, "SDSU")
        assert sdsu is not None
        assert [a.role for a in store.affiliations_of(2)] == ["Marketing"]


def test_upgrade_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    with Store.open(path) as store:
        assert store.upgrade() == []
    with Store.open(path) as store:
        assert store.schema_version == migrations.latest_version()


def test_a_failed_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _version_one_file(path)
    before = _digest(path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk on fire")

    conn = sqlite3.connect(path, isolation_level=None)
    latest = migrations.latest_version()
    migrations.MIGRATIONS.append(migrations.Migration(latest + 1, "broken", broken))
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            migrations.upgrade(conn, target=latest + 1)
    finally:
        migrations.MIGRATIONS.pop()
    # The good steps committed one by one; the broken step left nothing.
    assert migrations.current_version(conn) == latest
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()
    assert before != _digest(path)  # the good steps did land


def test_a_failed_write_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    with Store.open(path) as store:
        store.add_person(Person("Dana Reyes"), "test")
    before = _digest(path)
    with Store.open(path) as store:
        revision = store.revision
        with pytest.raises(RuntimeError, match="boom"), store.transaction():
            store.add_person(Person("Sam Ortiz", contacts=(Contact(ContactKind.EMAIL, "sam@example.com"),)), "t")
            group = store.ensure_group(GroupKind.EMPLOYER, "Qualcomm", "t")
            store.affiliate(1, group, "t", role="Engineer")
            raise RuntimeError("boom")
        assert store.revision == revision
    assert _digest(path) == before


def test_ctrl_c_mid_transaction_rolls_back(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    with Store.open(path) as store:
        with pytest.raises(KeyboardInterrupt), store.transaction():
            store.add_person(Person("Dana Reyes"), "test")
            raise KeyboardInterrupt
        assert store.count_people() == 0
        # The store is still usable afterwards.
        store.add_person(Person("Dana Reyes"), "test")
        assert store.count_people() == 1


def test_revision_grows_with_each_committed_write(store: Store) -> None:
    start = store.revision
    store.add_person(Person("A"), "t")
    store.add_person(Person("B"), "t")
    assert store.revision == start + 2


def test_store_uses_wal_and_foreign_keys(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=r"notes\.txt is not a kithkin store"):
        Store.open(junk)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(SchemaTooNew, match="newer kithkin"):
        Store.open(path)


def test_missing_store_is_not_created_when_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store.open(tmp_path / "nope.sqlite", create=False)
    assert not (tmp_path / "nope.sqlite").exists()


def test_people_round_trip_with_details_and_provenance(store: Store) -> None:
    dana = store.add_person(
        Person(
            "Dana Reyes",
            aliases=("Dee",),
            contacts=(Contact(ContactKind.EMAIL, "Dana@Example.com"), Contact(ContactKind.PHONE, "+1 619 555 0100")),
            tags=("work",),
            notes="VP of Product",
        ),
        "vcard: phone.vcf",
    )
    assert dana.id is not None
    assert dana.aliases == ("Dee",)
    assert dana.emails == ("Dana@Example.com",)
    assert store.people_with_contact(ContactKind.EMAIL, "dana@example.COM") == [dana.id]
    assert store.people_with_contact(ContactKind.PHONE, "+1 (619) 555-0100") == [dana.id]
    assert store.people_named("dee") == [dana.id]
    assert tuple(label for label, _ in store.sources()) == ("vcard: phone.vcf",)


def test_only_one_me(store: Store) -> None:
    a = store.add_person(Person("A"), "t")
    b = store.add_person(Person("B"), "t")
    assert a.id is not None
    assert b.id is not None
    store.set_me(a.id)
    store.set_me(b.id)
    me = store.me()
    assert me is not None
    assert me.id == b.id
    assert not store.get_person(a.id).is_me


def test_removing_a_person_cascades(store: Store) -> None:
    a = store.add_person(Person("A", contacts=(Contact(ContactKind.EMAIL, "a@example.com"),)), "t")
    b = store.add_person(Person("B"), "t")
    assert a.id is not None
    assert b.id is not None
    store.add_tie(Tie(a.id, b.id), "t")
    store.affiliate(a.id, store.ensure_group(GroupKind.PLACE, "San Diego", "t"), "t")
    store.remove_person(a.id)
    assert store.ties_of(b.id) == []
    assert store.people_with_contact(ContactKind.EMAIL, "a@example.com") == []
    assert store.search_people("A") == []
    with pytest.raises(UnknownPerson):
        store.get_person(a.id)


def test_group_aliases_resolve_to_one_group(store: Store) -> None:
    sdsu = store.ensure_group(GroupKind.SCHOOL, "San Diego State University", "t")
    store.add_group_alias(sdsu, "SDSU", "t")
    assert store.ensure_group(GroupKind.SCHOOL, "sdsu", "t").id == sdsu.id
    assert store.ensure_group(GroupKind.SCHOOL, "San Diego State University.", "t").id == sdsu.id
    # The same name is a different group under another kind.
    assert store.ensure_group(GroupKind.COMMUNITY, "SDSU", "t").id != sdsu.id
    ucsd = store.ensure_group(GroupKind.SCHOOL, "UC San Diego", "t")
    with pytest.raises(InputError, match="already names"):
        store.add_group_alias(ucsd, "SDSU", "t")


def test_affiliations_are_kept_once_and_ordered(store: Store) -> None:
    person = store.add_person(Person("M"), "t")
    assert person.id is not None
    qualcomm = store.ensure_group(GroupKind.EMPLOYER, "Qualcomm", "t")
    intuit = store.ensure_group(GroupKind.EMPLOYER, "Intuit", "t")
    first = store.affiliate(person.id, qualcomm, "t", role="Manager", start=FuzzyDate(2002), end=FuzzyDate(2011))
    again = store.affiliate(person.id, qualcomm, "t", role="Manager", start=FuzzyDate(2002), end=FuzzyDate(2011))
    store.affiliate(person.id, intuit, "t", role="Director", start=FuzzyDate(2011))
    assert first.id == again.id
    assert [a.group.name for a in store.affiliations_of(person.id)] == ["Intuit", "Qualcomm"]
    with pytest.raises(InputError, match="before the start"):
        store.affiliate(person.id, intuit, "t", start=FuzzyDate(2012), end=FuzzyDate(2010))


def test_ties_are_stored_once_and_updated(store: Store) -> None:
    a = store.add_person(Person("A"), "t").id
    b = store.add_person(Person("B"), "t").id
    assert a is not None
    assert b is not None
    store.add_tie(Tie(b, a, how="classmates", since=FuzzyDate(1999)), "t")
    updated = store.add_tie(Tie(a, b, closeness=4), "later")
    assert (updated.a, updated.b) == (a, b)
    assert updated.how == "classmates"  # kept: not given the second time
    assert updated.since == FuzzyDate(1999)
    assert updated.closeness == 4
    assert store.count_ties() == 1
    assert updated.source == "later"


def test_a_new_store_and_its_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "kithkin.sqlite"
    with Store.open(path) as opened:
        opened.add_person(Person("Ann Able"), "test")
        for file in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            assert file.stat().st_mode & 0o777 == 0o600, file
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_reading_an_empty_file_does_not_turn_it_into_a_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    with pytest.raises(StoreError, match="empty"):
        Store.open(empty, create=False)
    assert empty.stat().st_size == 0


def test_forgetting_someone_leaves_no_trace_in_the_file_its_log_or_the_caches(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kithkin.cli import app

    db = tmp_path / "k.sqlite"
    unique = "Zanzibarovna"
    runner = CliRunner()
    vcard = tmp_path / f"{unique}-card.vcf"
    vcard.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:Olga {unique}\nEMAIL:olga@{unique}.example\nEND:VCARD\n")
    for args in (
        ["person", "add", "Me Myself"],
        ["me", "Me Myself"],
        ["import", str(vcard)],
        ["person", "edit", f"Olga {unique}", "--note", f"met {unique} in Lima", "--add-alias", f"O. {unique}"],
        ["log", f"coffee with {unique}", "--with", f"Olga {unique}"],
        ["goal", "add", f"help {unique} move", "--with", f"Olga {unique}"],
        ["affiliate", f"Olga {unique}", "community", f"{unique} Rowing Club"],
        ["tie", "me", f"Olga {unique}"],
        ["suggest"],
        ["forget", f"Olga {unique}", "--yes", "--vacuum"],
    ):
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, f"{args}\n{result.output}"
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith("k.sqlite")]
    assert leftovers
    for path in leftovers:
        assert unique.encode() not in path.read_bytes(), path.name
        assert unique.lower().encode() not in path.read_bytes(), path.name


def _store_at(path: Path, version: int) -> None:
    """A store as schema ``version`` left it, with phones written several ways, extensions among them."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.upgrade(conn, target=version)
    conn.execute("INSERT INTO sources VALUES (1, 'old import', '2025-01-01T00:00:00+00:00')")
    conn.execute("INSERT INTO people(id, name, name_key, source_id) VALUES (1, 'Dana Reyes', 'dana reyes', 1)")
    conn.executemany(
        "INSERT INTO contacts(person_id, kind, value, value_key, label, source_id) VALUES (1, 'phone', ?, ?, ?, 1)",
        [
            ("(619) 555-0100", "6195550100", "home"),
            ("+1 619 555 0100", "+16195550100", "mobile"),
            ("+1 858 555 0100 ext. 7", "185855501007", "work"),
            ("+1 858 555 0100 ext. 8", "185855501008", "desk"),
        ],
    )
    conn.close()


@pytest.mark.parametrize("version", range(1, 8))
def test_upgrading_phones_from_any_older_schema_loses_nothing(tmp_path: Path, version: int) -> None:
    path = tmp_path / f"v{version}.sqlite"
    _store_at(path, version)
    with Store.open(path) as store:
        rows = store.db.execute(
            "SELECT value, value_key, label FROM contacts WHERE kind = 'phone' ORDER BY value_key"
        ).fetchall()
    keys = [key for _, key, _ in rows]
    assert keys == ["+16195550100", "+18585550100;ext=7", "+18585550100;ext=8"]
    labels = " ".join(label for _, _, label in rows)
    for word in ("home", "mobile", "work", "desk"):
        assert word in labels


@pytest.mark.parametrize("version", range(1, 10))
def test_step_10_upgrades_every_older_schema_keeping_every_row(tmp_path: Path, version: int) -> None:
    """Schema step 10 (addresses, an event's place and description, one-way follows) only adds: every row of
    every table of a store made at any older version is still there, and the new facts can then be stored."""
    path = tmp_path / f"v{version}.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.upgrade(conn, target=version)
    conn.executescript(
        """
        INSERT INTO sources VALUES (1, 'old import', '2025-01-01T00:00:00+00:00');
        INSERT INTO people(id, name, name_key, source_id) VALUES (1, 'Dana Reyes', 'dana reyes', 1);
        INSERT INTO groups(id, kind, name, on_date, source_id) VALUES (1, 'event', 'Team lunch', '2025-01-02', 1);
        INSERT INTO groups(id, kind, name, on_date, source_id) VALUES (2, 'place', 'Albany', NULL, 1);
        INSERT INTO affiliations(id, person_id, group_id, role, source_id) VALUES (1, 1, 1, 'organizer', 1);
        """
    )
    tables = [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")
    ]
    columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    before = {t: sorted(conn.execute(f"SELECT {', '.join(columns[t])} FROM {t}").fetchall()) for t in tables}
    conn.close()

    with Store.open(path) as store:
        assert store.schema_version == migrations.latest_version() >= 10
        after = {t: sorted(store.db.execute(f"SELECT {', '.join(columns[t])} FROM {t}").fetchall()) for t in tables}
        derived = ("meta", "group_counts")  # step 12 recounts the group sizes
        assert {t: rows for t, rows in after.items() if t not in derived} == {
            t: rows for t, rows in before.items() if t not in derived
        }
        assert store.db.execute("SELECT * FROM group_counts").fetchall() == [(1, "", 1)]
        assert store._counts_fresh()
        assert store.db.execute("SELECT place_id, about FROM groups ORDER BY id").fetchall() == [(None, ""), (None, "")]
        with store.transaction():
            store.set_event_details(1, 2, "Quarterly plans")
        assert store.db.execute("SELECT place_id, about FROM groups WHERE id = 1").fetchone() == (2, "Quarterly plans")
        assert store.addresses_of(1) == []
        assert store.follows_of(1) == []
