"""`kithkin export`: the whole network out, as JSON backup, vCard 4.0, CSV or GraphML.

Exports are complete (everyone, every value), written as a stream so a
million-person store does not have to fit in memory, and never leave the
machine: the caller chooses the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import IO

from kithkin.errors import InputError
from kithkin.model import Affiliation, Person
from kithkin.services.backup import write_backup
from kithkin.services.people import one_row_a_fact
from kithkin.sources import csv_export, graphml
from kithkin.sources.records import Membership, Record
from kithkin.sources.vcard import writer as vcard_writer
from kithkin.store import Store
from kithkin.store.export import CHUNK, VcardExtras

EXPORT_FORMATS = ("json", "vcard", "csv", "graphml")


def export(store: Store, fmt: str, out: IO[str]) -> int:
    """Write the store to ``out`` in ``fmt``; returns how many people (or rows, for JSON) were written."""
    if fmt == "json":
        return write_backup(store, out)
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    chunks = {"vcard": _vcards, "csv": _csv, "graphml": _graphml}[fmt](store)
    count = 0
    for chunk in chunks:
        out.write(chunk)
        count += 1
    return count


def person_record(
    person: Person, birthday: str, affiliations: Iterable[Affiliation], extras: VcardExtras | None = None
) -> Record:
    """A stored person as an import record (what the vCard writer takes): with ``extras``, their addresses,
    the people they know (by their record keys, ``kithkin:<id>``) and where and what their events were."""
    pid = person.id or 0
    extras = extras or VcardExtras()
    events = extras.events
    return Record(
        key=f"kithkin:{pid}",
        name=person.name,
        aliases=person.aliases,
        contacts=person.contacts,
        tags=person.tags,
        notes=person.notes,
        birthday=birthday,
        memberships=tuple(
            Membership(a.group.kind, a.group.name, a.role, a.start, a.end, a.group.on, *events.get(a.group.id or 0, ()))
            for a in affiliations
        ),
        is_me=person.is_me,
        addresses=tuple(extras.addresses.get(pid, ())),
        related=tuple(f"kithkin:{other}" for other in extras.related.get(pid, ())),
    )


def _vcards(store: Store) -> Iterator[str]:
    return vcard_writer.write(_records(store))


def _records(store: Store) -> Iterator[Record]:
    """Every person as a record, their extras read a chunk of people at a time."""
    chunk: list[tuple[Person, str, list[Affiliation]]] = []
    for row in store.people_for_export():
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _with_extras(store, chunk)
            chunk = []
    yield from _with_extras(store, chunk)


def _with_extras(store: Store, chunk: list[tuple[Person, str, list[Affiliation]]]) -> Iterator[Record]:
    if not chunk:
        return
    extras = store.vcard_extras([person.id or 0 for person, _, _ in chunk])
    for person, birthday, affiliations in chunk:
        yield person_record(person, birthday, one_row_a_fact(affiliations), extras)


def _csv(store: Store) -> Iterator[str]:
    degree: Counter[int] = Counter()
    for a, b, _ in store.tie_table():
        degree[a] += 1
        degree[b] += 1
    rows = (
        csv_export.Row(p, birthday, one_row_a_fact(affs), degree[p.id or 0])
        for p, birthday, affs in store.people_for_export()
    )
    return csv_export.write(rows)


def _graphml(store: Store) -> Iterator[str]:
    return graphml.write(_nodes(store), _edges(store))


def _nodes(store: Store) -> Iterator[graphml.Node]:
    for person, _, _ in store.people_for_export():
        data: dict[str, str | int] = {"type": "person", "label": person.name, "emails": " ".join(person.emails)}
        data["tags"] = " ".join(person.tags)
        yield graphml.Node(f"p{person.id}", data)
    for group in store.all_groups():
        yield graphml.Node(f"g{group.id}", {"type": "group", "label": group.name, "kind": group.kind.value})


def _edges(store: Store) -> Iterator[graphml.Edge]:
    for person, _, affs in store.people_for_export():
        for a in one_row_a_fact(affs):
            data: dict[str, str | int] = {"relation": "member", "role": a.role}
            data.update(start=str(a.start or ""), end=str(a.end or ""))
            yield graphml.Edge(f"p{person.id}", f"g{a.group.id}", data)
    for tie in store.all_ties():
        data = {"relation": "tie", "how": tie.how, "since": str(tie.since or "")}
        if tie.closeness is not None:
            data["closeness"] = tie.closeness
        yield graphml.Edge(f"p{tie.a}", f"p{tie.b}", data)
