"""Loading whole generated or imported networks fast.

Row-at-a-time methods cost a round trip and a lookup per fact; a million
people with their affiliations and ties need ``executemany`` over plain
tuples, in chunks so memory stays flat, inside one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

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
    "ties": "INSERT OR IGNORE INTO ties(a, b, how, since, introduced_by, closeness, via_group_id, source_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
}


class BulkStore(StoreBase):
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
