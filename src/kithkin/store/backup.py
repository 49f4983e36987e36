"""Every row of every table, out and back in: the store's side of the JSON backup.

Derived tables (the search index, group counts) are left out and rebuilt; the
rest is copied verbatim, ids included, so a restored store is the same store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from kithkin.errors import SourceError
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
        count = 0
        iterator = iter(rows)
        while batch := list(islice(iterator, RESTORE_BATCH)):
            try:
                self.db.executemany(sql, batch)
            except sqlite3.Error as exc:  # the backup's rows break the schema's rules
                raise SourceError(path, f"rows of {table!r} cannot be restored: {exc}", field=table) from None
            count += len(batch)
        if table == "meta":  # a restored store is a new file: its own identity, not the original's
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('store_id', lower(hex(randomblob(16))))")
        return count
