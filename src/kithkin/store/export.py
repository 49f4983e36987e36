"""Reading the whole network out, in chunks, for exports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from kithkin.model import Address, Affiliation, Group, Person, Tie
from kithkin.store.base import fuzzy_from_text, in_chunks
from kithkin.store.groups import GroupsStore
from kithkin.store.people import PeopleStore
from kithkin.store.ties import tie_from_row

CHUNK = 2000


@dataclass
class VcardExtras:
    """Addresses and tie partners by person id, (place name, description) by event group id."""

    addresses: defaultdict[int, list[Address]] = field(default_factory=lambda: defaultdict(list))
    related: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    events: dict[int, tuple[str, str]] = field(default_factory=dict)


class ExportStore(PeopleStore, GroupsStore):
    def people_for_export(self) -> Iterator[tuple[Person, str, list[Affiliation]]]:
        """Everyone as (person, birthday, affiliations), in id order, a chunk at a time."""
        ids = [int(r[0]) for r in self.db.execute("SELECT id FROM people ORDER BY id")]
        for chunk, marks in in_chunks(ids, CHUNK):
            birthdays = dict(self.db.execute(f"SELECT id, birthday FROM people WHERE id IN ({marks})", chunk))
            rows = self.db.execute(
                f"SELECT id, person_id, group_id, role, start_date, end_date FROM affiliations "
                f"WHERE person_id IN ({marks}) ORDER BY id",
                chunk,
            ).fetchall()
            groups = self.get_groups(sorted({r[2] for r in rows}))
            by_person: dict[int, list[Affiliation]] = defaultdict(list)
            for aid, pid, gid, role, start_date, end_date in rows:
                by_person[pid].append(
                    Affiliation(pid, groups[gid], role, fuzzy_from_text(start_date), fuzzy_from_text(end_date), id=aid)
                )
            for person in self.get_people(chunk):
                pid = person.id or 0
                yield person, birthdays.get(pid, ""), by_person.get(pid, [])

    def vcard_extras(self, ids: list[int]) -> VcardExtras:
        """What a vCard carries beyond :meth:`people_for_export` for the people ``ids`` (one chunk): their
        addresses, the ids of the people they have ties with, and each of their events' place and description."""
        marks = ",".join("?" * len(ids))
        extras = VcardExtras()
        for pid, *parts in self.db.execute(
            f"SELECT person_id, pobox, extended, street, locality, region, postcode, country, label FROM addresses "
            f"WHERE person_id IN ({marks}) ORDER BY id",
            ids,
        ):
            extras.addresses[pid].append(Address(*parts))
        for a, b in self.db.execute(
            f"SELECT a, b FROM ties WHERE a IN ({marks}) UNION SELECT a, b FROM ties WHERE b IN ({marks}) "
            f"ORDER BY 1, 2",
            ids * 2,
        ):
            extras.related[a].append(b)
            extras.related[b].append(a)
        for gid, place, about in self.db.execute(
            f"SELECT e.id, COALESCE(p.name, ''), e.about FROM groups e LEFT JOIN groups p ON p.id = e.place_id "
            f"WHERE e.id IN (SELECT group_id FROM affiliations WHERE person_id IN ({marks})) "
            f"AND (e.place_id IS NOT NULL OR e.about <> '')",
            ids,
        ):
            extras.events[gid] = (place, about)
        return extras

    def all_groups(self) -> Iterator[Group]:
        ids = [int(r[0]) for r in self.db.execute("SELECT id FROM groups ORDER BY id")]
        for start in range(0, len(ids), CHUNK):
            yield from self.get_groups(ids[start : start + CHUNK]).values()

    def all_ties(self) -> Iterator[Tie]:
        rows = self.db.execute(
            "SELECT t.a, t.b, t.how, t.since, t.introduced_by, t.closeness, t.via_group_id, s.label "
            "FROM ties t LEFT JOIN sources s ON s.id = t.source_id ORDER BY t.a, t.b"
        )
        for row in rows:
            yield tie_from_row(row)
