"""A spreadsheet of people: one row each, every value kithkin knows in a column.

Cells that hold several values (emails, employers) join them with " ; ", a
separator no export puts inside a value; employers and schools read as
people write them ("Engineer at Qualcomm (2019–)"). The complete, lossless
copy is the JSON backup; this is the one a person opens in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from kithkin.model import Affiliation, ContactKind, GroupKind, Person
from kithkin.text import affiliation_detail

COLUMNS = (
    "id",
    "name",
    "aliases",
    "emails",
    "phones",
    "handles",
    "urls",
    "tags",
    "birthday",
    "notes",
    "employers",
    "schools",
    "places",
    "communities",
    "events",
    "interests",
    "ties",
)
SEPARATOR = " ; "

_KIND_COLUMNS = {
    GroupKind.EMPLOYER: "employers",
    GroupKind.SCHOOL: "schools",
    GroupKind.PLACE: "places",
    GroupKind.COMMUNITY: "communities",
    GroupKind.EVENT: "events",
    GroupKind.INTEREST: "interests",
}


@dataclass(frozen=True)
class Row:
    person: Person
    birthday: str
    affiliations: Sequence[Affiliation]
    ties: int


def write(rows: Iterable[Row]) -> Iterator[str]:
    """CSV text (RFC 4180, CRLF), a header then one line per person."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield _take(buffer)
    for row in rows:
        writer.writerow(_cells(row))
        yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _cells(row: Row) -> list[str | int]:
    person = row.person
    by_kind: dict[str, list[str]] = {column: [] for column in _KIND_COLUMNS.values()}
    for a in row.affiliations:
        detail = affiliation_detail(a)
        by_kind[_KIND_COLUMNS[a.group.kind]].append(f"{a.group.name} ({detail})" if detail else a.group.name)
    return [
        person.id or 0,
        person.name,
        SEPARATOR.join(person.aliases),
        *(SEPARATOR.join(person.values(kind)) for kind in ContactKind),
        SEPARATOR.join(person.tags),
        row.birthday,
        person.notes,
        *(SEPARATOR.join(by_kind[column]) for column in _KIND_COLUMNS.values()),
        row.ties,
    ]
