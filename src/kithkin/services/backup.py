"""The complete JSON backup: every fact in the store, restorable into an empty store exactly.

The file is one JSON document, written a row per line so a million-person
network streams out without being held in memory::

    {"kithkin_backup": 1, "schema": 6, "exported": "2026-11-25T10:00:00+00:00",
     "tables": {
      "people": {"columns": ["id", "name", ...], "rows": [
       [1, "Dana Reyes", ...],
       ...]},
      ...}}

Restoring requires an empty store (``kithkin init`` a new file), because ids
are kept as they were: that is what makes the restored store the same store.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import IO, Any

from kithkin.errors import SourceError
from kithkin.services.imports import ImportReport
from kithkin.store import Store

FORMAT_VERSION = 1
MAX_BACKUP_BYTES = 4 << 30


def is_backup(head: str) -> bool:
    """Whether the start of a file is a kithkin backup.

    >>> is_backup('{"kithkin_backup": 1, "schema": 6')
    True
    >>> is_backup('[{"name": "Dana"}]')
    False
    """
    return head.lstrip().startswith('{"kithkin_backup"')


def write_backup(store: Store, out: IO[str]) -> int:
    """Write the whole store to ``out``; returns the number of rows written."""
    exported = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    out.write(f'{{"kithkin_backup": {FORMAT_VERSION}, "schema": {store.schema_version}, "exported": "{exported}",\n')
    out.write(' "tables": {')
    count = 0
    for t, table in enumerate(store.data_tables()):
        columns, rows = store.table_rows(table)
        out.write(("," if t else "") + f'\n  {json.dumps(table)}: {{"columns": {json.dumps(columns)}, "rows": [')
        for r, row in enumerate(rows):
            out.write(("," if r else "") + "\n   " + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("]}")
    out.write("}}\n")
    return count


def restore(store: Store, path: pathlib.Path, *, dry_run: bool = False) -> ImportReport:
    """Load a backup into an empty store, as one transaction (a dry run only checks and counts)."""
    data = _read(path)
    if store.count_people():
        raise SourceError(str(path), "a backup restores into an empty store only: `kithkin --db NEW.sqlite import …`")
    if data.get("schema", 0) > store.schema_version:
        raise SourceError(str(path), "the backup was made by a newer kithkin; upgrade kithkin first", field="schema")
    report = ImportReport(str(path), "json", "backup", dry_run=dry_run)
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise SourceError(str(path), "not a kithkin backup: no tables", field="tables")
    checked = {name: _table(path, name, value) for name, value in tables.items()}
    report.records = report.added = len(checked.get("people", ((), []))[1])
    if dry_run:
        return report
    with store.bulk_load():
        for table in store.data_tables():
            if table in checked:
                store.load_table(table, *checked[table], str(path))
        unknown = set(checked) - set(store.data_tables())
        if unknown:
            raise SourceError(str(path), f"the backup has tables this kithkin does not know: {sorted(unknown)}")
    return report


def _read(path: pathlib.Path) -> dict[str, Any]:
    if path.stat().st_size > MAX_BACKUP_BYTES:
        raise SourceError(str(path), "larger than 4 GiB; not a backup this kithkin wrote")
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except UnicodeDecodeError:
        raise SourceError(str(path), "not UTF-8 text; not a kithkin backup") from None
    except json.JSONDecodeError as exc:
        raise SourceError(str(path), f"broken JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise SourceError(str(path), "JSON nested too deeply; not a kithkin backup") from None
    if not isinstance(data, dict) or "kithkin_backup" not in data:
        raise SourceError(str(path), 'not a kithkin backup (no "kithkin_backup" field)', 1)
    return data


def _table(path: pathlib.Path, name: str, value: Any) -> tuple[list[str], list[list[Any]]]:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("columns"), list)
        or not isinstance(value.get("rows"), list)
    ):
        raise SourceError(str(path), f'table {name!r} needs "columns" and "rows" lists', field=name)
    columns = [str(c) for c in value["columns"]]
    rows = value["rows"]
    for number, row in enumerate(rows, 1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise SourceError(str(path), f"row {number} of {name!r} does not match its columns", field=name)
        if any(isinstance(v, dict | list) for v in row):
            raise SourceError(str(path), f"row {number} of {name!r} holds a nested value", field=name)
    return columns, rows
