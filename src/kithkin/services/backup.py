"""The complete JSON backup: every fact in the store out, and restored into an empty store exactly.

Restoring requires an empty store (``kithkin init`` a new file), because ids
are kept as they were: that is what makes the restored store the same store.
The file (the format is :mod:`kithkin.sources.backup`) is read as a stream and
written in batches inside one transaction, so a backup of gigabytes restores in
bounded memory; a dry run reads and checks the whole file and writes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pathlib
from typing import IO

from kithkin.errors import SourceError
from kithkin.services.resolving import ImportReport
from kithkin.sources import backup
from kithkin.store import Store
from kithkin.text import plural

_NEW_STORE = "kithkin --db NEW.sqlite import …"


def write_backup(store: Store, out: IO[str]) -> int:
    """Write the whole store to ``out``; returns the number of rows written."""
    tables = ((table, *store.table_rows(table)) for table in store.data_tables())
    return backup.write(out, store.schema_version, dt.datetime.now(dt.UTC), tables)


def restore(store: Store, path: pathlib.Path, *, dry_run: bool = False) -> ImportReport:
    """Load a backup into an empty store, as one transaction (a dry run only checks and counts)."""
    with backup.opened(path) as found:
        if store.count_people():
            raise SourceError(
                str(path), "a backup restores into an empty store only: `kithkin --db NEW.sqlite import …`"
            )
        if found.schema > store.schema_version:
            raise SourceError(str(path), "the backup was made by a newer kithkin; upgrade kithkin", field="schema")
        report = ImportReport(str(path), backup.NAME, "backup", dry_run=dry_run)
        restored: list[str] = []
        with contextlib.nullcontext() if dry_run else store.restoring(str(path)):
            for table in found.tables:
                if table.name not in store.data_tables():
                    unknown = f"the backup has a table this kithkin does not know: {table.name!r}"
                    raise SourceError(str(path), unknown, field=table.name)
                count = _count(table) if dry_run else store.load_table(table.name, table.columns, table.rows, str(path))
                if table.name == "people":
                    report.records = report.added = count
                elif table.name == "ties":  # before: "0 ties, 0 meetings logged" of a backup restored whole
                    report.ties = count
                elif table.name == "interactions":
                    report.meetings = count
                elif table.name in _SAID and count:
                    restored.append(plural(count, *_SAID[table.name]))
        if restored:
            report.notices.append("with them: " + ", ".join(restored))
    return report


#: The other tables a restore names, as the user knows what they hold.
_SAID = {
    "groups": ("group",), "affiliations": ("membership",), "goals": ("goal",), "followups": ("follow-up",),
    "cadences": ("keep-in-touch cadence",), "merges": ("merge",), "match_rounds": ("match round",),
}  # fmt: skip


def _count(table: backup.Table) -> int:
    return sum(1 for _ in table.rows)
