"""Loading whole generated or imported networks fast.

Row-at-a-time methods cost a round trip and a lookup per fact; a million
people with their affiliations and ties need ``executemany`` over plain
tuples, in chunks so memory stays flat, inside one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from kithkin.errors import StoreError
from kithkin.store.base import StoreBase

CHUNK = 50_000

_INSERTS = {
    "people": "INSERT INTO people(id, name, name_key, notes, is_me, source_id) VALUES (?, ?, ?, ?, ?, ?)",
    "contacts": "INSERT OR IGNORE INTO contacts(person_id, kind, value, value_key, label, source_id) "
    "VALUES (?, ?, ?, ?, ?, ?)",
    "tags": "INSERT OR IGNORE INTO tags(person_id, tag, source_id) VALUES (?, ?, ?)",
    "groups": "INSERT INTO groups(id, kind, name, on_date, source_id) VALUES (?, ?, ?, ?, ?)",
    "group_aliases": "INSERT INTO group_aliases(kind, alias_key, alias, group_id, source_id) VALUES (?, ?, ?, ?, ?)",
    "affiliations": "INSERT INTO affiliations(person_id, group_id, role, start_date, end_date, source_id) "
    "VALUES (?, ?, ?, ?, ?, ?)",
    "interactions": "INSERT INTO interactions(id, on_date, kind, note, source_id) VALUES (?, ?, ?, ?, ?)",
    "interaction_people": "INSERT OR IGNORE INTO interaction_people(interaction_id, person_id, gave, received, "
    "on_date) VALUES (?, ?, ?, ?, ?)",
    "ties": "INSERT OR IGNORE INTO ties(a, b, how, since, introduced_by, closeness, via_group_id, source_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
}


class BulkStore(StoreBase):
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
            self.db.execute("PRAGMA journal_mode = DELETE")
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

    def bulk_insert(self, table: str, rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert rows (in the column order of ``_INSERTS[table]``) in chunks; returns the count.

        Call inside :meth:`transaction` so a failure part-way leaves nothing behind.
        """
        sql = _INSERTS[table]
        count = 0
        iterator = iter(rows)
        while chunk := list(islice(iterator, CHUNK)):
            self.db.executemany(sql, chunk)
            count += len(chunk)
        return count
