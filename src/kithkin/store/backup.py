"""Every row of every table, out and back in: the store's side of the JSON backup.

Derived tables (the search index, group counts) are left out and rebuilt; the
rest is copied verbatim, ids included, so a restored store is the same store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from kithkin.errors import SourceError
from kithkin.model import FuzzyDate
from kithkin.store.bulk import BulkStore

RESTORE_BATCH = 2000
"""Rows a restore holds at once: a backup's rows stream in, and are written this many at a time."""

# Not data: rebuilt from the tables that are.
_DERIVED = ("people_search", "group_counts")


class BackupStore(BulkStore):
    def data_tables(self) -> list[str]:
        """The tables a backup holds, parents before children."""
        names = [
            r[0]
            for r in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )
        ]
        return [n for n in names if not n.startswith(_DERIVED)]

    def table_rows(self, table: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """The column names of ``table`` and an iterator over its rows in a stable order."""
        columns = [r[1] for r in self.db.execute(f'PRAGMA table_info("{table}")')]
        keys = [r[1] for r in sorted(self.db.execute(f'PRAGMA table_info("{table}")'), key=lambda r: r[5]) if r[5]]
        order = ", ".join(f'"{k}"' for k in (keys or columns))
        names = ", ".join(f'"{c}"' for c in columns)
        rows = self.db.execute(f'SELECT {names} FROM "{table}" ORDER BY {order}')
        return columns, rows

    def load_table(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], path: str) -> int:
        """Insert backed-up rows into ``table`` in batches as they stream in; returns how many.

        Call inside :meth:`bulk_load`, which makes all of a restore one transaction.
        """
        if table not in self.data_tables():
            raise SourceError(path, f"the backup has a table this kithkin does not know: {table!r}", field=table)
        known = {r[1] for r in self.db.execute(f'PRAGMA table_info("{table}")')}
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise SourceError(path, f"unknown columns in table {table!r}: {', '.join(unknown)}", field=table)
        if table == "meta":
            self.db.execute("DELETE FROM meta")
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        check = _checks(table, columns, path)
        count = 0
        iterator = iter(rows)
        while batch := list(islice(iterator, RESTORE_BATCH)):
            for number, row in enumerate(batch, count + 1):
                check(number, row)
            try:
                self.db.executemany(sql, batch)
            except (sqlite3.Error, OverflowError, UnicodeEncodeError) as exc:  # rows that break the schema's rules
                raise SourceError(path, f"rows of {table!r} cannot be restored: {exc}", field=table) from None
            count += len(batch)
        if table == "meta":  # a restored store is a new file: its own identity, not the original's
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('store_id', lower(hex(randomblob(16))))")
            for key, value in (("revision", "0"), ("counts_revision", "-1")):
                self.db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))
        return count

    @contextmanager
    def restoring(self, path: str) -> Iterator[None]:
        """A restore as one bulk load: rows that break a rule only checked at the end (one "me", unique
        names of a group) are one calm error naming the file, and nothing is written."""
        try:
            with self.bulk_load():
                yield
        except (sqlite3.IntegrityError, OverflowError) as exc:
            raise SourceError(path, f"the backup's rows cannot be restored together: {exc}") from None


#: Columns that hold dates (fuzzy: a year, a month or a day; written as the store writes them).
_DATE_COLUMNS = frozenset({"on_date", "start_date", "end_date", "since", "due", "created", "until", "birthday"})
#: The largest integer SQLite stores.
_MAX_INT = (1 << 63) - 1


def _checks(table: str, columns: Sequence[str], path: str) -> Callable[[int, Sequence[Any]], None]:
    """A check of each restored row of ``table``: dates that are real dates (no month or day 00), integers
    SQLite can hold, text without lone surrogates — so that nothing restored breaks a later command."""
    dates = [i for i, c in enumerate(columns) if c in _DATE_COLUMNS]

    def check(number: int, row: Sequence[Any]) -> None:
        for i, value in enumerate(row):
            if isinstance(value, bool) or (isinstance(value, int) and not -_MAX_INT <= value <= _MAX_INT):
                raise SourceError(path, f"row {number} of {table!r}: {columns[i]} is out of range", field=table)
            if isinstance(value, float) and value != value:  # NaN
                raise SourceError(path, f"row {number} of {table!r}: {columns[i]} is not a number", field=table)
        for i in dates:
            value = row[i]
            if value not in (None, "") and not _is_date(value):
                raise SourceError(path, f"row {number} of {table!r}: {columns[i]} {value!r} is not a date", field=table)

    return check


def _is_date(value: object) -> bool:
    """Whether ``value`` is a date as the store writes it: YYYY, YYYY-MM, YYYY-MM-DD, a timestamp, or a
    birthday without its year (--MM-DD)."""
    if not isinstance(value, str):
        return False
    if value.startswith("--"):  # a birthday without its year (vCard's --MM-DD)
        value = "2000" + value[1:]
    parts = value[:10].split("-")
    try:
        FuzzyDate(*(int(p) for p in parts))
    except (ValueError, TypeError):
        return False
    return len(parts[0]) == 4
