"""Google Contacts CSV: the "Google CSV" export, in its current and its older header.

contacts.google.com exports a CSV whose header has changed once. The current
one (2020 onwards) reads ``First Name,Middle Name,Last Name,…,Labels,E-mail 1
- Label,E-mail 1 - Value,…``; the older one (Gmail's, still written by many
tools) reads ``Name,Given Name,Additional Name,Family Name,…,Group
Membership,E-mail 1 - Type,E-mail 1 - Value,…,Organization 1 - Name,…``. Both
number repeated fields (``Phone 2 - Value``) and put several values of one
kind in a cell separated by ``" ::: "``; columns are found by name, so any
order and any number of them is read.

Labels (or Group Membership) become tags, without Google's system groups
("* myContacts", "System Group: My Contacts") except "* starred", which the
user chose. Photo URLs point at Google's servers and are not taken. Google
gives no stable id per contact, so the key is the first email, else the name.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from kithkin.errors import SourceError
from kithkin.model import Contact, ContactKind, GroupKind
from kithkin.sources import reading
from kithkin.sources.csv_rows import Keys, Notices, clean_name, person_key
from kithkin.sources.records import Item, Membership, Notice, Record
from kithkin.sources.source import Format

SEPARATOR = " ::: "

USED = (
    *("First Name", "Middle Name", "Last Name", "Name", "Given Name", "Additional Name", "Family Name"),
    *("Nickname", "Maiden Name", "File As", "Organization Name", "Organization Title", "Birthday", "Notes"),
    *("Photo", "Labels", "Group Membership"),
)
IGNORED = (
    *("Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix"),
    *("Yomi Name", "Given Name Yomi", "Additional Name Yomi", "Family Name Yomi", "Initials", "Short Name"),
    *("Gender", "Location", "Billing Information", "Directory Server", "Mileage", "Occupation", "Hobby"),
    *("Sensitivity", "Priority", "Subject", "Language", "Organization Department"),
)
"""Columns Google writes that say nothing kithkin keeps (phonetic spellings, billing…): read silently."""

NUMBERED = {
    "E-mail": ("Label", "Type", "Value"),
    "Phone": ("Label", "Type", "Value"),
    "Website": ("Label", "Type", "Value"),
    "IM": ("Label", "Type", "Service", "Value"),
    "Organization": ("Label", "Type", "Name", "Yomi Name", "Title", "Department", "Symbol", "Location"),
    "Address": ("Label", "Type", "Formatted", "Street", "City", "PO Box", "Region", "Postal Code", "Country"),
    "Relation": ("Label", "Type", "Value"),
    "Event": ("Label", "Type", "Value"),
    "Custom Field": ("Label", "Type", "Value"),
    "External ID": ("Label", "Type", "Value"),
    "Jot": ("Label", "Type", "Value"),
    "Calendar Link": ("Label", "Type", "Value"),
}
"""Numbered groups ("Phone 2 - Value") and their parts; only some are used."""

_EXTRA_PARTS = {"Organization": ("Job Description",), "Address": ("Extended Address",)}
_NUMBERED = re.compile(r"^(.+?) (\d+) - (.+)$")
_BIRTHDAY = re.compile(r"^(?:(\d{4})|-)-(\d{2})-(\d{2})$|^(\d{4})$")
_CONTACT_GROUPS = {"E-mail": ContactKind.EMAIL, "Phone": ContactKind.PHONE, "Website": ContactKind.URL}


def sniff(head: str, name: str) -> bool:
    """Is this a Google Contacts CSV? Its header numbers fields: "E-mail 1 - Value".

    >>> sniff("Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value\\n", "x.csv")
    True
    >>> sniff("First Name,Last Name,URL,Email Address,Company,Position,Connected On\\n", "x.csv")
    False
    """
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    names = {cell.strip().strip('"') for cell in first.split(",")}
    numbered = any(_NUMBERED.match(cell) for cell in names)
    return numbered and bool(names & {"First Name", "Given Name", "Name", "Labels", "Group Membership"})


def parse(path: pathlib.Path) -> Iterator[Item]:
    """Each contact of a Google Contacts CSV as a :class:`Record`.

    Raises :class:`~kithkin.errors.SourceError` (file, line, column) when the
    header has no name column or a birthday is not "1980-04-15", "--04-15" or
    "1980".
    """
    rows = reading.csv_rows(path)
    header = _read_header(str(path), rows)
    keys, notices = Keys(), Notices()
    for number, fields in rows:
        if not any(cell.strip() for cell in fields):
            continue
        record = _record(header, fields, str(path), number, notices)
        if record is None:
            notices.add("contacts with no name, email or phone skipped: {count:,}")
            continue
        yield replace(record, key=keys.unique(record.key))
    yield from header.notices()
    yield from notices.items()


# -- the header ---------------------------------------------------------------------------------


@dataclass
class _Header:
    shown: str
    line: int
    simple: dict[str, int] = field(default_factory=dict)
    numbered: dict[str, dict[int, dict[str, int]]] = field(default_factory=dict)
    """group → number → part → column."""
    unknown: dict[int, str] = field(default_factory=dict)
    filled: dict[int, int] = field(default_factory=dict)

    def place(self, position: int, label: str) -> None:
        if label in USED or label in IGNORED:
            self.simple.setdefault(label, position)
        elif (match := _NUMBERED.match(label)) and match[3] in (
            *NUMBERED.get(match[1], ()),
            *_EXTRA_PARTS.get(match[1], ()),
        ):
            self.numbered.setdefault(match[1], {}).setdefault(int(match[2]), {})[match[3]] = position
        elif label:
            self.unknown[position] = label

    def notices(self) -> Iterator[Notice]:
        for position, label in self.unknown.items():
            count = self.filled.get(position, 0)
            rows = "1 row has" if count == 1 else f"{count:,} rows have"
            yield Notice(f'column "{label}" is not read ({rows} a value)', self.line)


def _read_header(shown: str, rows: Iterator[tuple[int, list[str]]]) -> _Header:
    for number, fields in rows:
        if not any(cell.strip() for cell in fields):
            continue
        header = _Header(shown, number)
        for position, cell in enumerate(fields):
            header.place(position, " ".join(cell.lstrip("\ufeff").split()))
        if not {"Name", "First Name", "Given Name", "Last Name", "Family Name"} & header.simple.keys():
            raise SourceError(shown, 'no name column ("First Name" or "Name") in the header', number, "First Name")
        return header
    raise SourceError(shown, "empty file: no header row", 1)


# -- one row ------------------------------------------------------------------------------------


@dataclass
class _Row:
    header: _Header
    fields: list[str]

    def cell(self, name: str) -> str:
        at = self.header.simple.get(name)
        return self.fields[at].strip() if at is not None and at < len(self.fields) else ""

    def part(self, group: str, number: int, *parts: str) -> str:
        columns = self.header.numbered.get(group, {}).get(number, {})
        for part in parts:
            at = columns.get(part)
            if at is not None and at < len(self.fields) and self.fields[at].strip():
                return self.fields[at].strip()
        return ""

    def numbers(self, group: str) -> list[int]:
        return sorted(self.header.numbered.get(group, {}))


def split(cell: str) -> list[str]:
    """The values of a multi-valued cell.

    >>> split("* myContacts ::: Friends ::: * starred")
    ['* myContacts', 'Friends', '* starred']
    """
    return [value.strip() for value in cell.split(":::") if value.strip()]


def tags(cell: str) -> tuple[str, ...]:
    """Labels the user chose: Google's system groups dropped, "starred" kept.

    >>> tags("* myContacts ::: Friends ::: * starred ::: Friends")
    ('Friends', 'starred')
    >>> tags("System Group: My Contacts ::: Book club")
    ('Book club',)
    """
    kept: list[str] = []
    for label in split(cell):
        system = label.startswith("* ") or label.startswith("System Group:")
        name = label.removeprefix("* ").removeprefix("System Group:").strip()
        if system and name.casefold() != "starred":
            continue
        name = name.casefold() if system else name
        if name not in kept:
            kept.append(name)
    return tuple(kept)


def _record(header: _Header, fields: list[str], shown: str, line: int, notices: Notices) -> Record | None:
    for position in header.unknown:
        if position < len(fields) and fields[position].strip():
            header.filled[position] = header.filled.get(position, 0) + 1
    row = _Row(header, fields)
    contacts = _contacts(row)
    name = _name(row)
    if not name and (name := _organisation(row)):
        notices.add("contacts with no name, named by their organisation: {count:,}")
    if not name and (name := next((c.value for c in contacts if c.kind is not ContactKind.URL), "")):
        notices.add("contacts with no name, named by their email or phone: {count:,}")
    if not name:
        return None
    if row.cell("Photo"):
        notices.add("photo links not taken (they point at Google's servers): {count:,}")
    maiden = row.cell("Maiden Name") and clean_name(
        row.cell("Given Name") or row.cell("First Name"), row.cell("Maiden Name")
    )
    aliases = tuple(dict.fromkeys(a for a in (clean_name(row.cell("Nickname")), maiden) if a and a != name))
    emails = [c.value for c in contacts if c.kind is ContactKind.EMAIL]
    return Record(
        key=person_key(emails=emails, name=name),
        name=name,
        line=line,
        aliases=aliases,
        contacts=contacts,
        tags=tags(row.cell("Labels") or row.cell("Group Membership")),
        notes=row.cell("Notes"),
        birthday=_birthday(row.cell("Birthday"), shown, line),
        memberships=_employers(row) + _places(row),
    )


def _name(row: _Row) -> str:
    return (
        clean_name(row.cell("Name"))
        or clean_name(row.cell("First Name"), row.cell("Middle Name"), row.cell("Last Name"))
        or clean_name(row.cell("Given Name"), row.cell("Additional Name"), row.cell("Family Name"))
        or clean_name(row.cell("File As"))
    )


def _organisation(row: _Row) -> str:
    return clean_name(*split(row.cell("Organization Name"))[:1], *split(row.part("Organization", 1, "Name"))[:1])


def _contacts(row: _Row) -> tuple[Contact, ...]:
    found: list[Contact] = []
    for group, kind in _CONTACT_GROUPS.items():
        for number in row.numbers(group):
            label = row.part(group, number, "Label", "Type").removeprefix("* ")
            found += [Contact(kind, value, label) for value in split(row.part(group, number, "Value"))]
    for number in row.numbers("IM"):
        service = row.part("IM", number, "Service", "Label", "Type").removeprefix("* ")
        found += [Contact(ContactKind.HANDLE, value, service) for value in split(row.part("IM", number, "Value"))]
    return tuple(dict.fromkeys(found))


def _employers(row: _Row) -> tuple[Membership, ...]:
    pairs = list(zip(split(row.cell("Organization Name")), _padded(row.cell("Organization Title")), strict=False))
    for number in row.numbers("Organization"):
        names = split(row.part("Organization", number, "Name"))
        pairs += zip(names, _padded(row.part("Organization", number, "Title")), strict=False)
    employers = (Membership(GroupKind.EMPLOYER, clean_name(name), clean_name(title)) for name, title in pairs)
    return tuple(dict.fromkeys(employers))


def _padded(cell: str) -> Iterator[str]:
    """The values of a cell, then "" for ever (titles may be fewer than organizations)."""
    yield from split(cell)
    while True:
        yield ""


def _places(row: _Row) -> tuple[Membership, ...]:
    cities = [city for number in row.numbers("Address") for city in split(row.part("Address", number, "City"))]
    return tuple(Membership(GroupKind.PLACE, city) for city in dict.fromkeys(cities))


def _birthday(text: str, shown: str, line: int) -> str:
    """ "1980-04-15", "--04-15" or "1980" as given, after checking it is a real day."""
    if not text:
        return ""
    match = _BIRTHDAY.match(text)
    if match is None:
        raise SourceError(
            shown, f'cannot read the birthday {text!r}: expected "1980-04-15" or "--04-15"', line, "Birthday"
        )
    if match[4] is None:
        try:
            dt.date(int(match[1] or 2000), int(match[2]), int(match[3]))
        except ValueError:
            raise SourceError(shown, f"{text!r} is not a real day", line, "Birthday") from None
    return text


SOURCE = Format("google", sniff, lambda path, options: parse(path))
