"""Loading whole generated or imported networks fast.

Row-at-a-time methods cost a round trip and a lookup per fact; a million
people with their affiliations and ties need ``executemany`` over plain
tuples, in chunks so memory stays flat, inside one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from kithkin.errors import StoreError
from kithkin.store.counts import CountsStore
from kithkin.store.groups import fill_norm_keys
from kithkin.store.rows import Row, insert_sql

CHUNK = 50_000


class BulkStore(CountsStore):
    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Load a whole network into an empty store as one transaction, fast.

        Maintaining secondary indexes, search triggers and foreign-key checks
        row by row costs several times the inserts themselves; building each
        index once from the loaded rows is far cheaper. So, inside one
        transaction: drop the secondary indexes and triggers, let the caller
        insert, recreate them exactly as the schema defines them, rebuild the
        search index, and verify every foreign key before committing. Any
        failure — a broken reference included — rolls everything back.
        """
        if self.db.execute("SELECT EXISTS (SELECT 1 FROM people)").fetchone()[0]:
            raise StoreError("a bulk load needs an empty store")
        # In rollback-journal mode, pages that were empty before the transaction
        # are never journaled, so loading into a fresh file writes each page once
        # (WAL would write everything twice: to the log, then to the file).
        wal = self.path is not None and self.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if wal:
            try:
                self.db.execute("PRAGMA journal_mode = DELETE")
            except sqlite3.OperationalError:  # another connection has the file open (a running `kithkin serve`
                wal = False  # keeps its stores open): SQLite leaves WAL only alone; load through the log instead
        self.db.execute("PRAGMA foreign_keys = OFF")
        self.db.execute("PRAGMA cache_size = -1048576")  # up to 1 GiB while loading (allocated only as used)
        try:
            with self.transaction():
                with self.deferred_indexes():
                    yield
                broken = self.db.execute("PRAGMA foreign_key_check").fetchone()
                if broken is not None:
                    raise StoreError(f"bulk load refers to a missing row: {tuple(broken)}")
        finally:
            self.db.execute("PRAGMA cache_size = -2000")
            self.db.execute("PRAGMA foreign_keys = ON")
            if wal:
                self.db.execute("PRAGMA journal_mode = WAL")

    @contextmanager
    def deferred_indexes(self) -> Iterator[None]:
        """Inside a transaction: drop secondary indexes and triggers, rebuild them (and search) at the end.

        Filling an empty store row by row while SQLite maintains half a dozen
        indexes and the search triggers costs twice the inserts themselves;
        building each index once afterwards is much cheaper. Lookups inside
        the block must not rely on the dropped indexes.
        """
        saved = self.db.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type"
        ).fetchall()
        for kind, name, _ in saved:
            self.db.execute(f'DROP {kind.upper()} "{name}"')
        yield
        for _, _, sql in saved:
            self.db.execute(sql)
        self.db.execute("DELETE FROM people_search")
        self.db.execute(
            "INSERT INTO people_search(rowid, name, aliases, notes) "
            "SELECT id, name, COALESCE((SELECT group_concat(alias, ' ') FROM person_aliases "
            "WHERE person_id = people.id), ''), notes FROM people"
        )
        fill_norm_keys(self.db)  # a backup made before schema step 9 has none
        self.refresh_counts()  # group sizes as of this load

    def bulk_insert(self, rows: Iterable[Row]) -> int:
        """Insert rows of one type (:mod:`kithkin.store.rows`) in chunks; returns the count.

        Call inside :meth:`transaction` so a failure part-way leaves nothing behind.
        """
        count = 0
        iterator = iter(rows)
        while chunk := list(islice(iterator, CHUNK)):
            self.db.executemany(insert_sql(type(chunk[0])), chunk)
            count += len(chunk)
        return count

    def checkpoint(self) -> None:
        """Move everything in the write-ahead log into the file itself, so the file alone is the store
        (before copying or renaming it)."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
