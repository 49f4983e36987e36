"""The kithkin JSON backup format: every row of every table, written and read back as a stream.

The file is one JSON document, written a row per line so a million-person
network streams out without being held in memory::

    {"kithkin_backup": 1, "schema": 6, "exported": "2026-11-25T10:00:00+00:00",
     "tables": {
      "people": {"columns": ["id", "name", ...], "rows": [
       [1, "Dana Reyes", ...],
       ...]},
      ...}}

Reading streams too (:func:`opened`): the document goes through
:class:`~kithkin.sources.jsonstream.JsonReader`'s sliding window one row at a
time, so memory is bounded by the longest row, not by a backup of gigabytes.
The header fields come before ``"tables"`` and a table's ``"columns"`` before
its ``"rows"``, as :func:`write` puts them; the layout of the white space does
not matter. This module only reads and writes the format; restoring it into a
store is :mod:`kithkin.services.backup`.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from kithkin.errors import SourceError
from kithkin.sources import reading
from kithkin.sources.jsonstream import JsonReader

NAME = "json"
"""What ``kithkin import --format`` and ``kithkin export --format`` call a backup."""
FORMAT_VERSION = 1
MAX_BACKUP_BYTES = 4 << 30

_WHAT = "a kithkin backup"
_CHUNK = 1 << 16
"""Characters read at a time: rows are short, so a small window keeps a restore's memory small."""


def sniff(head: str, name: str = "") -> bool:
    """Whether the start of a file is a kithkin backup.

    >>> sniff('{"kithkin_backup": 1, "schema": 6')
    True
    >>> sniff('[{"name": "Dana"}]')
    False
    """
    return head.lstrip().startswith('{"kithkin_backup"')


def write(
    out: IO[str], schema: int, exported: dt.datetime, tables: Iterable[tuple[str, Sequence[str], Iterable[Any]]]
) -> int:
    """Write ``tables`` (name, column names, rows) as a backup of a store at ``schema``; returns the rows written."""
    stamp = exported.isoformat(timespec="seconds")
    out.write(f'{{"kithkin_backup": {FORMAT_VERSION}, "schema": {schema}, "exported": "{stamp}",\n')
    out.write(' "tables": {')
    count = 0
    for t, (table, columns, rows) in enumerate(tables):
        out.write(("," if t else "") + f'\n  {json.dumps(table)}: {{"columns": {json.dumps(list(columns))}, "rows": [')
        for r, row in enumerate(rows):
            out.write(("," if r else "") + "\n   " + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("]}")
    out.write("}}\n")
    return count


@dataclass
class Table:
    """One table of a backup. Its rows stream from the file: read them before asking for the next table."""

    name: str
    columns: list[str]
    rows: Iterator[list[Any]]


@dataclass
class Backup:
    """A backup being read: the schema it was made at, then its tables one by one."""

    schema: int
    tables: Iterator[Table]


@contextmanager
def opened(path: pathlib.Path) -> Iterator[Backup]:
    """Open a backup and read its header; its tables are read as :attr:`Backup.tables` is iterated.

    Raises :class:`SourceError` (file, line, table) for a file that is not a backup or breaks the format.
    """
    if path.stat().st_size > MAX_BACKUP_BYTES:
        raise SourceError(str(path), "larger than 4 GiB; not a backup this kithkin wrote")
    head = reading.head(path)
    reading.refuse_binary(path, head)
    if not head.lstrip("\ufeff \t\r\n").startswith("{"):
        raise SourceError(str(path), 'not a kithkin backup (no "kithkin_backup" field)', 1)
    with path.open(encoding="utf-8", errors="strict") as handle:
        reader = JsonReader(str(path), handle, what=_WHAT, instead="not a backup this kithkin wrote", chunk=_CHUNK)
        try:
            reader.skip_bom()
            header = _header(reader)
            yield Backup(_schema(reader, header), _tables(reader))
        except UnicodeDecodeError:
            raise SourceError(str(path), "not UTF-8 text; not a kithkin backup") from None


def _header(reader: JsonReader) -> dict[str, Any]:
    """The fields before ``"tables"``, leaving the reader at the tables."""
    reader.take("{")
    header: dict[str, Any] = {}
    while reader.peek() not in ("}", ""):
        key = reader.value()
        if not isinstance(key, str):
            raise reader.error("expected a key")
        reader.take(":")
        if key == "tables":
            if "kithkin_backup" not in header:
                break
            return header
        header[key] = reader.value()
        if reader.peek() == ",":
            reader.take(",")
        elif reader.peek() != "}":
            raise reader.error("expected , or } in the backup's header")
    if "kithkin_backup" not in header:
        raise SourceError(reader.path, 'not a kithkin backup (no "kithkin_backup" field)', 1)
    raise SourceError(reader.path, "not a kithkin backup: no tables", field="tables")


def _schema(reader: JsonReader, header: dict[str, Any]) -> int:
    version = header.get("kithkin_backup")
    if version != FORMAT_VERSION or type(version) is not int:
        raise SourceError(
            reader.path, f"backup format {version!r} is not one this kithkin reads ({FORMAT_VERSION})", 1,
            "kithkin_backup",
        )  # fmt: skip
    schema = header.get("schema", 0)
    if type(schema) is not int or not 1 <= schema < 10_000:
        raise SourceError(reader.path, "the schema version is not a number", field="schema")
    return schema


def _tables(reader: JsonReader) -> Iterator[Table]:
    if reader.peek() != "{":
        raise SourceError(reader.path, "not a kithkin backup: no tables", reader.line, "tables")
    reader.take("{")
    while reader.peek() != "}":
        name = reader.value()
        if not isinstance(name, str):
            raise reader.error("expected a table name")
        reader.take(":")
        table = _table(reader, name)
        yield table
        for _ in table.rows:  # what the caller left unread
            pass
        reader.take("}")
        if reader.peek() == ",":
            reader.take(",")
        elif reader.peek() != "}":
            raise reader.error("expected , or } after a table")
    reader.take("}")
    while reader.peek() not in ("}", ""):  # fields after the tables (none are written; skipped)
        reader.take(",")
        reader.value()
        reader.take(":")
        reader.value()
    reader.take("}")
    if reader.peek():
        raise reader.error("unexpected data after the end of the backup")


def _table(reader: JsonReader, name: str) -> Table:
    """A table's columns; the reader is left at the start of its rows."""
    needs = f'table {name!r} needs "columns" and then "rows" lists'
    reader.take("{")
    if reader.value() != "columns":
        raise SourceError(reader.path, needs, reader.line, name)
    reader.take(":")
    columns = reader.value()
    if not isinstance(columns, list):
        raise SourceError(reader.path, needs, reader.line, name)
    reader.take(",")
    if reader.value() != "rows":
        raise SourceError(reader.path, needs, reader.line, name)
    reader.take(":")
    if reader.peek() != "[":
        raise SourceError(reader.path, needs, reader.line, name)
    names = [str(c) for c in columns]
    return Table(name, names, _rows(reader, name, len(names)))


def _rows(reader: JsonReader, name: str, width: int) -> Iterator[list[Any]]:
    for number, (line, row) in enumerate(reader.elements(), 1):
        if not isinstance(row, list) or len(row) != width:
            raise SourceError(reader.path, f"row {number} of {name!r} does not match its columns", line, name)
        if any(isinstance(v, dict | list) for v in row):
            raise SourceError(reader.path, f"row {number} of {name!r} holds a nested value", line, name)
        yield row
