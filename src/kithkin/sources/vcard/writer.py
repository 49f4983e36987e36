"""Writing records as vCard 4.0 (RFC 6350), so any address book can take kithkin's people.

Every field of a :class:`~kithkin.sources.records.Record` is carried, and
:func:`kithkin.sources.vcard.reader.parse` reads the output back to equal records:
standard properties where vCard has one (FN, NICKNAME, EMAIL, TEL, URL,
CATEGORIES, NOTE, BDAY, UID, ORG/TITLE for the current employer, ADR for an
address or a place, RELATED for the people a person knows, by their UID), and two extensions for the rest —
``X-KITHKIN-AFFILIATION`` (kind; name; role; start; end; event day; and for an event its place and
description when known) for schools, events, communities,
interests, past employers and the dates of the current one, and ``X-KITHKIN-ME`` for the user.

The current employer is the one without an end (a dated position still held, or an undated ORG), the
latest begun; a past employer is never written as ORG. When it has dates (or other details), its ORG carries
``X-KITHKIN-DATED=TRUE`` so that kithkin reads the dated line instead and the job comes back once. A label
that is a plain TYPE (``work``, ``home,fax``) goes in TYPE; any other label
rides on an Apple-style group (``item1.EMAIL`` + ``item1.X-ABLabel``), which
Apple and Google read too. Handles are written as ``X-SOCIALPROFILE``.

Lines end in CRLF and are folded at 75 octets without splitting a UTF-8
sequence (RFC 6350 §3.2); ``\\ , ; newline`` are escaped (§3.4).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from kithkin.model import Address, Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.sources.records import Membership, Record

AFFILIATION = "X-KITHKIN-AFFILIATION"
ME_PROPERTY = "X-KITHKIN-ME"
DATED = "X-KITHKIN-DATED"
"""The parameter of an ORG whose dates (or other details) are on an ``X-KITHKIN-AFFILIATION`` line of the card."""
LINE_OCTETS = 75

_PLAIN_LABEL = re.compile(r"[a-z0-9-]+(?:,[a-z0-9-]+)*")
_NOT_A_TYPE = frozenset({"pref", "internet", "voice", "x400"})
_PROPERTY = {
    ContactKind.EMAIL: "EMAIL",
    ContactKind.PHONE: "TEL",
    ContactKind.URL: "URL",
    ContactKind.HANDLE: "X-SOCIALPROFILE",
}


def write(records: Iterable[Record]) -> Iterator[str]:
    """Each record as one vCard 4.0 card (a string ending in CRLF), streamed."""
    for record in records:
        yield card(record)


def card(record: Record) -> str:
    r"""One record as a vCard 4.0 card.

    >>> print(card(Record("u1", "Dana Reyes", birthday="--04-15")).replace("\r\n", "|"))
    BEGIN:VCARD|VERSION:4.0|UID:u1|FN:Dana Reyes|BDAY:--0415|END:VCARD|
    """
    lines = ["BEGIN:VCARD", "VERSION:4.0", "UID:" + escape(record.key), "FN:" + escape(record.name)]
    if record.aliases:
        lines.append("NICKNAME:" + ",".join(escape(alias) for alias in record.aliases))
    groups = 0
    for contact in record.contacts:
        groups, written = _contact(contact, groups)
        lines.extend(written)
    if record.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in record.tags))
    if record.notes:
        lines.append("NOTE:" + escape(record.notes))
    if record.birthday:
        lines.append("BDAY:" + bday(record.birthday))
    for address in record.addresses:
        groups, written = _address(address, groups)
        lines.extend(written)
    lines.extend(_memberships(record.memberships, {a.locality for a in record.addresses}))
    lines.extend("RELATED:" + escape(key) for key in record.related)
    if record.is_me:
        lines.append(ME_PROPERTY + ":TRUE")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def bday(birthday: str) -> str:
    """A record's birthday in vCard 4.0's basic form (RFC 6350 §4.3.1).

    >>> bday("1980-04-15"), bday("--04-15"), bday("1980")
    ('19800415', '--0415', '1980')
    """
    return "--" + birthday[2:].replace("-", "") if birthday.startswith("--") else birthday.replace("-", "")


def _contact(contact: Contact, groups: int) -> tuple[int, list[str]]:
    """The content lines of one contact and the groups used so far."""
    name = _PROPERTY[contact.kind]
    value = escape(contact.value)
    if not contact.label:
        return groups, [f"{name}:{value}"]
    if is_plain_label(contact.label):
        return groups, [f"{name};TYPE={contact.label}:{value}"]
    groups += 1
    return groups, [f"item{groups}.{name}:{value}", f"item{groups}.X-ABLabel:{escape(contact.label)}"]


def is_plain_label(label: str) -> bool:
    """Can ``label`` travel as a TYPE parameter and come back unchanged?

    >>> is_plain_label("home,fax"), is_plain_label("Work"), is_plain_label("pref")
    (True, False, False)
    """
    if not _PLAIN_LABEL.fullmatch(label):
        return False
    tokens = label.split(",")
    return len(set(tokens)) == len(tokens) and not _NOT_A_TYPE.intersection(tokens)


def _address(address: Address, groups: int) -> tuple[int, list[str]]:
    """The ADR line(s) of one address (its label as TYPE, or on an Apple-style group) and the groups used."""
    parts = (address.pobox, address.extended, address.street, address.locality, address.region,
             address.postcode, address.country)  # fmt: skip
    value = ";".join(escape(part) for part in parts)
    if not address.label:
        return groups, ["ADR:" + value]
    if is_plain_label(address.label):
        return groups, [f"ADR;TYPE={address.label}:{value}"]
    groups += 1
    return groups, [f"item{groups}.ADR:{value}", f"item{groups}.X-ABLabel:{escape(address.label)}"]


def _memberships(memberships: Iterable[Membership], localities: Collection[str] = ()) -> Iterator[str]:
    """ORG/TITLE for the current employer, ADR for plain places (but those an address's ADR already names),
    the extension line for the rest, in order."""
    current = current_employer(memberships)
    for m in memberships:
        if m is current:
            yield ("ORG:" if _plain(m) else "ORG;" + DATED + "=TRUE:") + escape(m.name)
            if m.role:
                yield "TITLE:" + escape(m.role)
            if _plain(m):
                continue
        elif m.kind is GroupKind.PLACE and _plain(m) and not m.role:
            if m.name not in localities:
                yield "ADR:;;;" + escape(m.name) + ";;;"
            continue
        dates = ["" if d is None else str(d) for d in (m.start, m.end, m.on)]
        event = [m.place, m.about] if m.place or m.about else []
        yield AFFILIATION + ":" + ";".join(escape(part) for part in (m.kind.value, m.name, m.role, *dates, *event))


def current_employer(memberships: Iterable[Membership]) -> Membership | None:
    """The employer held now: no end (undated counts as held), the latest begun (an undated one first among
    equals), whose name and title read back as written; ``None`` when every employer has ended.

    >>> old = Membership(GroupKind.EMPLOYER, "Acme", start=FuzzyDate(2010), end=FuzzyDate(2015))
    >>> now = Membership(GroupKind.EMPLOYER, "Nestwise", "CTO", start=FuzzyDate(2016))
    >>> current_employer([old, now]).name, current_employer([old])
    ('Nestwise', None)
    """
    held = [
        m
        for m in memberships
        if m.kind is GroupKind.EMPLOYER and m.end is None and m.on is None and m.name == " ".join(m.name.split())
        and m.role == " ".join(m.role.split())
    ]  # fmt: skip
    never = FuzzyDate(1)
    return max(held, key=lambda m: m.start or never, default=None)


def _plain(m: Membership) -> bool:
    """Whether a membership is its name alone (what ORG or ADR can say), read back as written."""
    return (
        m.start is None and m.end is None and m.on is None and not m.place and not m.about and bool(m.name)
        and m.name == " ".join(m.name.split())
    )  # fmt: skip


def escape(text: str) -> str:
    r"""A value escaped for a content line (RFC 6350 §3.4); CR and NUL cannot be written and are dropped.

    >>> escape("Reyes, Dana; PhD\n")
    'Reyes\\, Dana\\; PhD\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line: str, limit: int = LINE_OCTETS) -> str:
    """``line`` folded into pieces of at most ``limit`` UTF-8 octets, never inside a character.

    >>> fold("NOTE:" + "é" * 40).split("\\r\\n ")[0].encode()[-2:].decode()
    'é'
    """
    if len(line) * 4 <= limit or len(line.encode("utf-8")) <= limit:
        return line
    pieces: list[str] = []
    start, used, room = 0, 0, limit
    for index, char in enumerate(line):
        size = len(char.encode("utf-8"))
        if used + size > room:
            pieces.append(line[start:index])
            start, used, room = index, 0, limit - 1  # a continuation line starts with one space
        used += size
    pieces.append(line[start:])
    return "\r\n ".join(pieces)
