"""Rows for bulk loads and imports, one named tuple per table, so that callers name each column instead of
knowing a table's column order (which only the store knows: :func:`insert_sql`).

A bulk load and an import write the same row types: each fact an imported record brings points back at it
(``record_id``, None for a bulk load); an import's rows wait in an :class:`ImportBatch` until the store writes
them.

A million rows are cheap to make from columns with :func:`columns` — one iterable per field, by name.

>>> import itertools
>>> rows = list(columns(TagRow, person_id=[1, 2], tag=["work", "family"], source_id=itertools.repeat(7)))
>>> rows[0]
TagRow(person_id=1, tag='work', source_id=7, record_id=None)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar


class PersonRow(NamedTuple):
    """A person as a bulk load or an import writes it; the defaults are the table's own."""

    id: int
    name: str
    name_key: str
    notes: str
    source_id: int
    is_me: int = 0
    birthday: str = ""


class ContactRow(NamedTuple):
    """An email or phone; ``record_id`` names the imported record it came from (None: none did)."""

    person_id: int
    kind: str
    value: str
    value_key: str
    label: str
    source_id: int
    record_id: int | None = None


class TagRow(NamedTuple):
    person_id: int
    tag: str
    source_id: int
    record_id: int | None = None


class GroupRow(NamedTuple):
    id: int
    kind: str
    name: str
    on_date: str | None
    source_id: int


class GroupAliasRow(NamedTuple):
    kind: str
    alias_key: str
    alias: str
    group_id: int
    source_id: int
    norm_key: str


class AffiliationRow(NamedTuple):
    person_id: int
    group_id: int
    role: str
    start_date: str | None
    end_date: str | None
    source_id: int
    record_id: int | None = None


class TieRow(NamedTuple):
    a: int
    b: int
    how: str
    since: str | None
    source_id: int
    record_id: int | None = None
    introduced_by: int | None = None
    closeness: int | None = None
    via_group_id: int | None = None


class InteractionRow(NamedTuple):
    id: int
    on_date: str
    kind: str
    note: str
    source_id: int


class InteractionPersonRow(NamedTuple):
    interaction_id: int
    person_id: int
    gave: int
    received: int
    on_date: str


class NewRecordRow(NamedTuple):
    """A record as an import writes it (what comes back out is :class:`~kithkin.store.records.RecordRow`)."""

    id: int
    source_id: int
    key: str
    person_id: int
    payload: str


class AliasRow(NamedTuple):
    person_id: int
    alias: str
    alias_key: str
    source_id: int
    record_id: int


class RecordAddressRow(NamedTuple):
    person_id: int
    pobox: str
    extended: str
    street: str
    locality: str
    region: str
    postcode: str
    country: str
    label: str
    source_id: int
    record_id: int


class RecordFollowRow(NamedTuple):
    person_id: int
    follows_me: int
    network: str
    source_id: int
    record_id: int | None


class MergeRow(NamedTuple):
    person_id: int
    record_id: int
    reason: str
    at: str


class ProposalRow(NamedTuple):
    a: int
    b: int
    score: float
    reason: str


@dataclass
class ImportBatch:
    """Rows an import has prepared and not yet written (:meth:`~kithkin.store.records.RecordStore.write_batch`)."""

    people: list[PersonRow] = field(default_factory=list)
    records: list[NewRecordRow] = field(default_factory=list)
    aliases: list[AliasRow] = field(default_factory=list)
    contacts: list[ContactRow] = field(default_factory=list)
    tags: list[TagRow] = field(default_factory=list)
    affiliations: list[AffiliationRow] = field(default_factory=list)
    addresses: list[RecordAddressRow] = field(default_factory=list)
    merges: list[MergeRow] = field(default_factory=list)
    proposals: list[ProposalRow] = field(default_factory=list)

    def facts(self) -> int:
        """How many contacts and affiliations wait: what decides when to write."""
        return len(self.contacts) + len(self.affiliations)


Row = (
    PersonRow | ContactRow | TagRow | GroupRow | GroupAliasRow | AffiliationRow | TieRow | InteractionRow
    | InteractionPersonRow
)  # fmt: skip
R = TypeVar("R", bound=tuple[Any, ...])

#: Each row type's table and whether a row already there is kept (``OR IGNORE``) rather than an error.
_TABLES: dict[type[Any], tuple[str, bool]] = {
    PersonRow: ("people", False),
    ContactRow: ("contacts", True),
    TagRow: ("tags", True),
    GroupRow: ("groups", False),
    GroupAliasRow: ("group_aliases", False),
    AffiliationRow: ("affiliations", False),
    TieRow: ("ties", True),
    InteractionRow: ("interactions", False),
    InteractionPersonRow: ("interaction_people", True),
    NewRecordRow: ("records", False),
    AliasRow: ("person_aliases", True),
    RecordAddressRow: ("addresses", False),
    RecordFollowRow: ("follows", True),
    MergeRow: ("merges", False),
    ProposalRow: ("merge_proposals", True),
}


def insert_sql(row_type: type[Any]) -> str:
    """The INSERT statement for rows of ``row_type``, its columns in the order of the type's fields."""
    table, ignore = _TABLES[row_type]
    fields = row_type._fields
    return (
        f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table}({', '.join(fields)}) "
        f"VALUES ({', '.join('?' for _ in fields)})"
    )


def columns(row_type: type[R], **values: Iterable[Any]) -> Iterator[R]:
    """Rows of ``row_type`` made from one iterable per field, given by name (the shortest one ends them, so
    ``itertools.repeat(x)`` fills a column with one value). Every field without a default must be given, and
    nothing else; a field left out holds its default."""
    fields: tuple[str, ...] = row_type._fields  # type: ignore[attr-defined]
    defaults: dict[str, Any] = row_type._field_defaults  # type: ignore[attr-defined]
    missing, extra = set(fields) - set(values) - set(defaults), set(values) - set(fields)
    if missing or extra:
        raise TypeError(f"{row_type.__name__}: missing {sorted(missing)}, unknown {sorted(extra)}")
    given = [values[f] if f in values else itertools.repeat(defaults[f]) for f in fields]
    make = row_type._make  # type: ignore[attr-defined]
    return map(make, zip(*given))  # noqa: B905 - a repeat() column has no end


__all__ = [
    "AffiliationRow",
    "AliasRow",
    "ContactRow",
    "GroupAliasRow",
    "GroupRow",
    "ImportBatch",
    "InteractionPersonRow",
    "InteractionRow",
    "MergeRow",
    "NewRecordRow",
    "PersonRow",
    "ProposalRow",
    "RecordAddressRow",
    "RecordFollowRow",
    "Row",
    "TagRow",
    "TieRow",
    "columns",
    "insert_sql",
]
