"""The JSON backup: written whole, restored into an empty store exactly, and read as a stream."""

from __future__ import annotations

import datetime as dt
import io
import json
import pathlib
import tracemalloc
from collections.abc import Iterator

import pytest

from kithkin import services
from kithkin.errors import SourceError
from kithkin.model import Contact, ContactKind
from kithkin.services.backup import restore, write_backup
from kithkin.services.resolving import Importer, ImportReport
from kithkin.sources import backup
from kithkin.sources.records import Record
from kithkin.store import Store

TODAY = dt.date(2026, 11, 20)


def run(store: Store, records: list[Record]) -> None:
    with store.transaction():
        Importer(store, ImportReport("file", "test", "test:file"), TODAY).run(records)


def dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = {}
    for table in store.data_tables():
        if table != "meta":
            tables[table] = list(store.table_rows(table)[1])
    return tables


def test_backup_restores_the_same_store(tmp_path: pathlib.Path) -> None:
    services.build_demo(tmp_path / "demo.sqlite", size=120)
    with Store.open(tmp_path / "demo.sqlite") as original:
        run(original, [Record("x", "Zed Zed", contacts=(Contact(ContactKind.EMAIL, "z@z.z"),))])
        backup = tmp_path / "backup.json"
        with backup.open("w", encoding="utf-8") as out:
            write_backup(original, out)
        expected = dump(original)
    json.loads(backup.read_text(encoding="utf-8"))
    with Store.open(tmp_path / "copy.sqlite") as copy:
        report = restore(copy, backup)
        assert dump(copy) == expected
        # the report counts what came back (before: "0 ties, 0 meetings logged" of a backup restored whole)
        assert (report.records, report.ties, report.meetings) == (
            len(expected["people"]),
            len(expected["ties"]),
            len(expected["interactions"]),
        )
        assert report.ties > 0
        assert report.meetings > 0
        assert f"{len(expected['affiliations']):,} memberships" in report.notices[0]
        assert copy.search_people("Zed")[0].name == "Zed Zed"
        with pytest.raises(SourceError, match="empty store"):
            restore(copy, backup)


def test_a_restore_beside_an_open_server_connection(tmp_path: pathlib.Path) -> None:
    """A running `kithkin serve` keeps its stores open between requests; SQLite then refuses to leave WAL for
    the faster load, and the restore loads through the log instead: every row lands, the reader sees them."""
    services.build_demo(tmp_path / "demo.sqlite", size=60)
    with Store.open(tmp_path / "demo.sqlite") as original:
        with (tmp_path / "backup.json").open("w", encoding="utf-8") as out:
            write_backup(original, out)
        expected = dump(original)
    with Store.open(tmp_path / "copy.sqlite") as server, Store.open(tmp_path / "copy.sqlite") as copy:
        assert server.count_people() == 0  # the server's connection has read the file and stays open
        restore(copy, tmp_path / "backup.json")
        assert dump(copy) == expected
        assert copy.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert server.count_people() == len(expected["people"])
        assert server._counts_fresh()


def test_a_broken_backup_names_the_problem(store: Store, tmp_path: pathlib.Path) -> None:
    out = io.StringIO()
    write_backup(store, out)
    data = json.loads(out.getvalue())
    data["tables"]["people"]["rows"] = [[1, "x"]]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SourceError, match="row 1 of 'people' does not match its columns"):
        restore(store, bad)
    assert store.count_people() == 0


def test_a_dry_run_reads_the_whole_backup_and_writes_nothing(tmp_path: pathlib.Path) -> None:
    services.build_demo(tmp_path / "demo.sqlite", size=40)
    with Store.open(tmp_path / "demo.sqlite") as original:
        people = original.count_people()
        with (tmp_path / "backup.json").open("w", encoding="utf-8") as out:
            write_backup(original, out)
    with Store.open(tmp_path / "copy.sqlite") as copy:
        report = restore(copy, tmp_path / "backup.json", dry_run=True)
        assert (report.records, report.added, copy.count_people()) == (people, people, 0)


def test_a_backup_cut_short_names_the_line_and_restores_nothing(store: Store, tmp_path: pathlib.Path) -> None:
    run(store, [Record(str(n), f"Person {n}") for n in range(30)])
    out = io.StringIO()
    write_backup(store, out)
    cut = tmp_path / "cut.json"
    cut.write_text(out.getvalue()[: out.getvalue().index('"person_aliases"')], encoding="utf-8")
    with Store.open(tmp_path / "copy.sqlite") as copy:
        with pytest.raises(SourceError, match=r"cut\.json, line \d+: "):
            restore(copy, cut)
        assert copy.count_people() == 0


def _people_rows(count: int, notes: str) -> Iterator[list[object]]:
    for n in range(1, count + 1):
        yield [n, f"Person {n}", f"person {n}", notes, 0, None, ""]


def test_restore_streams_in_memory_far_below_the_backup(tmp_path: pathlib.Path) -> None:
    """A backup of N rows restores holding a window and a batch, not N rows: the peak of Python memory
    stays a small fraction of the rows' own size (json.load of this file alone would take several times it)."""
    rows, notes = 40_000, "n" * 500
    path = tmp_path / "big.json"
    with Store.memory() as empty, path.open("w", encoding="utf-8") as out:
        columns = empty.table_rows("people")[0]
        backup.write(out, empty.schema_version, dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
                     [("people", columns, _people_rows(rows, notes))])  # fmt: skip
    size = path.stat().st_size
    assert size > rows * len(notes)
    with Store.open(tmp_path / "restored.sqlite") as store:
        tracemalloc.start()
        try:
            restore(store, path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert store.count_people() == rows
    assert peak < size / 4, f"peak {peak:,} bytes for a backup of {size:,}"


# -- a backup that would break later commands is refused whole (issue 18) ----------------------------------------


def _a_backup(tmp_path: pathlib.Path) -> str:
    with Store.open(tmp_path / "source.sqlite") as source:
        services.add_person(source, "Me Myself")
        services.set_me(source, "Me Myself")
        services.add_person(source, "Ann Able")
        services.affiliate(source, "Ann", "school", "SDSU", start="1998", end="2002")
        out = io.StringIO()
        write_backup(source, out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda t: t.replace('"kithkin_backup": 1', '"kithkin_backup": 999'), "backup format 999"),
        (lambda t: t.replace('"schema": ', '"schema": "x", "was": '), "schema version"),
        (lambda t: t.replace('"schema": ', '"schema": null, "was": '), "schema version"),
        (lambda t: t.replace('"1998"', '"0000-00-00"'), "is not a date"),
        (lambda t: t.replace('[2, "Ann Able"', f'[{1 << 63}, "Ann Able"'), "out of range"),
        (lambda t: t.replace('[2, "Ann Able"', f'[{"9" * 5000}, "Ann Able"'), "too long"),
        (lambda t: t.replace('"Ann Able", "ann able", "", 0', '"Ann Able", "ann able", "", 1'), "restored together"),
    ],
    ids=["format-999", "schema-x", "schema-null", "date-00", "id-2^63", "5000-digits", "two-me"],
)
def test_a_backup_that_would_break_later_commands_is_refused_whole(
    tmp_path: pathlib.Path, change: object, says: str
) -> None:
    text = _a_backup(tmp_path)
    changed = change(text)  # type: ignore[operator]
    assert changed != text
    path = tmp_path / "bad.json"
    path.write_text(changed, encoding="utf-8")
    with Store.open(tmp_path / "new.sqlite") as store:
        with pytest.raises(SourceError, match=says):
            restore(store, path)
        assert store.count_people() == 0


def test_a_backup_with_a_byte_order_mark_restores(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text("\ufeff" + _a_backup(tmp_path), encoding="utf-8")
    with Store.open(tmp_path / "new.sqlite") as store:
        restore(store, path)
        assert store.count_people() == 2
