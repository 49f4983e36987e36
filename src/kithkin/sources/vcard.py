"""vCard (.vcf) address books: 2.1, 3.0 and 4.0 in, 4.0 out (:func:`write`).

Every phone and mail client exports vCard, each its own way: Android and
Outlook write 2.1 with quoted-printable names and soft line breaks, Apple
groups a property with its label (``item1.EMAIL`` + ``item1.X-ABLabel``),
Gmail escapes colons in URLs, iOS ends lines with CR CR LF. A card becomes one
:class:`~kithkin.sources.records.Record`; what kithkin does not keep (photos,
anniversaries, GEO…) becomes one aggregated :class:`Notice` per property.

Why our own content-line reader rather than vobject 0.9.9: measured with
``bench/bench_vcard_parse.py`` (100,000 generated 3.0 cards, 58 MB, on the
shared 2-core machine at load ~3), this module parses 4,130 cards/s (24 s)
and vobject 884 cards/s (20,000 cards in 23 s) -- 4.7x slower before even
mapping components to records, so 100k cards would take ~2 minutes. vobject
also fails on 6 of the 19 real samples in ``tests/data/vcard`` (2.1
quoted-printable soft breaks in the Android and Outlook exports, iOS's
CR CR LF inside a photo, Lotus Notes' PROFILE line) and cuts Gmail's FN at
an unescaped comma. The reader
here (:mod:`kithkin.sources.vcard_lines`) follows RFC 6350 §3.3
(``[group "."] name *(";" param) ":" value``), unfolds by each version's
rule, joins quoted-printable soft breaks, decodes ``CHARSET``/``ENCODING``
per value, and streams: one card in memory at a time. It is still short of
the "well under 10 s per 100k cards" goal on a loaded machine (~150 µs CPU
per 17-line card); see the bench script for the figures.

Limits keep hostile files cheap: lines are capped by
:func:`~kithkin.sources.reading.lines` (1 MiB), a kept property may be
folded over at most :data:`MAX_FOLDS` lines, a card may hold at most
:data:`MAX_PROPERTIES` properties, and binary payloads (PHOTO, LOGO, SOUND,
KEY) are skipped as they stream past, never held.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from kithkin.errors import SourceError
from kithkin.identity import email_key, name_key
from kithkin.model import Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.sources import reading
from kithkin.sources.records import Item, Membership, Notice, Record
from kithkin.sources.vcard_lines import BINARY, Line, content_line, decode, logical, prop, split, unescape
from kithkin.sources.vcard_write import AFFILIATION, ME_PROPERTY, write

__all__ = ["parse", "sniff", "write"]

_T = TypeVar("_T")

MAX_PROPERTIES = 10_000
"""Properties in one card; the 46 KB iPhone sample has 25."""
MAX_NESTING = 10
"""vCard 2.1 may embed a card (AGENT); deeper than this is not an address book."""
MAX_NOTICE_NAMES = 200

_QUIET = frozenset({"VERSION", "PRODID", "REV", "X-ABLABEL", "UID"})
_DROPPED_TYPES = frozenset({"pref", "internet", "voice", "x400"})
_SERVICES = {
    "X-AIM": "aim",
    "X-ICQ": "icq",
    "X-JABBER": "jabber",
    "X-MSN": "msn",
    "X-YAHOO": "yahoo",
    "X-SKYPE": "skype",
    "X-SKYPE-USERNAME": "skype",
    "X-GTALK": "gtalk",
    "X-GOOGLE-TALK": "gtalk",
    "X-QQ": "qq",
    "X-GADUGADU": "gadugadu",
    "X-TWITTER": "twitter",
    "X-MS-IMADDRESS": "im",
}
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_", re.DOTALL)
_TWITTER = re.compile(r"(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/@?([A-Za-z0-9_]+)/?$", re.IGNORECASE)
_BDAY = re.compile(r"(\d{4})-?(\d\d)-?(\d\d)(?:T.*)?|--(\d\d)-?(\d\d)|(\d{4})(?:-\d\d)?")


def sniff(head: str, name: str) -> bool:
    """Is this a vCard file? It starts with ``BEGIN:VCARD`` (any case, after blank lines).

    >>> sniff("BEGIN:vCard\\r\\nVERSION:3.0\\r\\n", "x.txt"), sniff("Name,Email\\n", "x.vcf")
    (True, False)
    """
    return head.lstrip("\ufeff \t\r\n")[:11].upper() == "BEGIN:VCARD"


@dataclass(slots=True)
class _Card:
    """What one card has said so far; becomes a :class:`Record` at END:VCARD."""

    line: int
    version: str = "3.0"
    fn: str = ""
    n: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    uid: str = ""
    contacts: list[tuple[str, ContactKind, str, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    orgs: list[tuple[str, str]] = field(default_factory=list)
    titles: list[tuple[str, str]] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    memberships: list[Membership | int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    birthday: str = ""
    is_me: bool = False
    properties: int = 0


class _Notices:
    """Counts of what was not taken, one notice per kind at the end of the file."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, message: str) -> None:
        if message not in self.counts and len(self.counts) >= MAX_NOTICE_NAMES:
            message = "other unknown properties not imported ({count})"
        self.counts[message] = self.counts.get(message, 0) + 1

    def items(self) -> Iterator[Notice]:
        for message, count in self.counts.items():
            yield Notice(message.format(count=count))


def parse(path: pathlib.Path) -> Iterator[Item]:
    """Each card of a vCard file as a :class:`Record`, then the notices.

    Raises :class:`SourceError` (file, line, property) for a file that is not
    vCard, a card without END:VCARD, a line without a colon, undecodable
    quoted-printable or base64, or a breach of the limits above.
    """
    shown = str(path)
    raw = reading.detect_encoding(_head_bytes(path)) == "cp1252"
    notices = _Notices()
    seen: dict[str, int] = {}
    for card in _cards(shown, logical(shown, reading.lines(path, encoding="latin-1" if raw else None)), raw, notices):
        record = _record(card, notices)
        if record is None:
            continue
        count = seen.get(record.key, 0) + 1
        seen[record.key] = count
        yield record if count == 1 else _rekey(record, f"{record.key}#{count}")
    yield from notices.items()


def _head_bytes(path: pathlib.Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(reading.SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _rekey(record: Record, key: str) -> Record:
    return Record(key, record.name, record.line, record.aliases, record.contacts, record.tags, record.notes,
                  record.birthday, record.memberships, record.is_me)  # fmt: skip


# --- cards -------------------------------------------------------------------------------------------------------


def _cards(shown: str, logical: Iterator[tuple[int, str]], raw: bool, notices: _Notices) -> Iterator[_Card]:
    """Each BEGIN:VCARD … END:VCARD block with its properties applied; nested (2.1 AGENT) cards skipped."""
    card: _Card | None = None
    depth = 0
    for number, text in logical:
        upper = text.upper().rstrip() if text[:1] in "BbEe" else ""
        if upper == "BEGIN:VCARD":
            if card is None:
                card = _Card(number)
                continue
            depth += 1
            if depth > MAX_NESTING:
                raise SourceError(shown, f"cards nested more than {MAX_NESTING} deep", number, "BEGIN")
            notices.add("embedded cards (AGENT) not imported ({count})")
        elif card is None:
            raise SourceError(shown, "not a vCard file: expected BEGIN:VCARD", number, prop(text)[:40] or None)
        elif upper == "END:VCARD":
            if depth:
                depth -= 1
                continue
            yield card
            card = None
        elif not depth:
            _apply(shown, card, content_line(shown, number, text), raw, notices)
    if card is not None:
        raise SourceError(shown, "the card is never closed (END:VCARD missing)", card.line, "END")


def _apply(shown: str, card: _Card, line: Line, raw: bool, notices: _Notices) -> None:
    card.properties += 1
    if card.properties > MAX_PROPERTIES:
        raise SourceError(shown, f"a card with more than {MAX_PROPERTIES:,} properties", card.line, line.name)
    if line.name in BINARY:
        notices.add("photos, logos, sounds and keys not imported ({count})")
        return
    handler = _HANDLERS.get(line.name)
    if line.name in _SERVICES:
        handler = _service
    elif handler is None:
        if line.name not in _QUIET and not line.name.startswith("X-KITHKIN-"):
            notices.add(f"{line.name} not imported ({{count}})")
        if line.name == "X-ABLABEL" and line.group:
            card.labels[line.group] = _apple_label(unescape(decode(shown, line, raw)).strip())
        return
    try:
        handler(card, line, decode(shown, line, raw))
    except ValueError as exc:
        raise SourceError(shown, str(exc), line.number, line.name) from None


def _apple_label(label: str) -> str:
    match = _APPLE_LABEL.fullmatch(label)
    return match[1] if match else label


def _types(line: Line) -> str:
    """The TYPE parameter as a label: lower case, de-duplicated, without pref/internet/voice."""
    seen: list[str] = []
    for value in line.params.get("TYPE", ()):
        for token in value.lower().split(","):
            token = token.strip()
            if token and token not in _DROPPED_TYPES and token not in seen:
                seen.append(token)
    return ",".join(seen)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _contact(card: _Card, line: Line, kind: ContactKind, value: str, label: str | None = None) -> None:
    if value:
        card.contacts.append((line.group, kind, value, _types(line) if label is None else label))


def _email(card: _Card, line: Line, value: str) -> None:
    _contact(card, line, ContactKind.EMAIL, unescape(value).strip())


def _tel(card: _Card, line: Line, value: str) -> None:
    value = unescape(value).strip()
    if "uri" in (v.lower() for v in line.params.get("VALUE", ())) and value[:4].lower() == "tel:":
        value = value[4:]
    _contact(card, line, ContactKind.PHONE, value)


def _url(card: _Card, line: Line, value: str, label: str | None = None) -> None:
    """A web address; a Twitter/X profile becomes the handle it names."""
    value = unescape(value).strip()
    twitter = _TWITTER.fullmatch(value)
    if twitter:
        _contact(card, line, ContactKind.HANDLE, twitter[1], "twitter")
    else:
        _contact(card, line, ContactKind.URL, value, label)


def _social(card: _Card, line: Line, value: str) -> None:
    """Apple's X-SOCIALPROFILE (a URL, with the user in ``x-user``) and kithkin's own handles."""
    user = line.params.get("X-USER", [""])[0].strip()
    value = unescape(value).strip()
    if user:
        _contact(card, line, ContactKind.HANDLE, user)
    elif "://" in value:
        _url(card, line, value)
    else:
        _contact(card, line, ContactKind.HANDLE, value)


def _impp(card: _Card, line: Line, value: str) -> None:
    """``IMPP;X-SERVICE-TYPE=Skype:skype:dana`` -> handle ``dana`` labelled ``skype``."""
    scheme, colon, handle = unescape(value).strip().partition(":")
    service = line.params.get("X-SERVICE-TYPE", [""])[0].strip().lower()
    if not colon:
        scheme, handle = "", scheme
    _contact(card, line, ContactKind.HANDLE, handle.strip(), service or scheme.lower())


def _service(card: _Card, line: Line, value: str) -> None:
    _contact(card, line, ContactKind.HANDLE, unescape(value).strip(), _SERVICES[line.name])


def _linkedin(card: _Card, line: Line, value: str) -> None:
    value = unescape(value).strip()
    kind = ContactKind.URL if "linkedin." in value.lower() else ContactKind.HANDLE
    _contact(card, line, kind, value, "linkedin")


def _fn(card: _Card, line: Line, value: str) -> None:
    card.fn = card.fn or _clean(unescape(value))


def _n(card: _Card, line: Line, value: str) -> None:
    card.n = card.n or split(value, ";")


def _nickname(card: _Card, line: Line, value: str) -> None:
    card.nicknames.extend(_clean(part) for part in split(value, ","))


def _org(card: _Card, line: Line, value: str) -> None:
    company = _clean(split(value, ";")[0])
    if company:
        card.memberships.append(len(card.orgs))
        card.orgs.append((line.group, company))


def _title(card: _Card, line: Line, value: str) -> None:
    (card.titles if line.name == "TITLE" else card.roles).append((line.group, _clean(unescape(value))))


def _adr(card: _Card, line: Line, value: str) -> None:
    parts = split(value, ";")
    locality = _clean(parts[3]) if len(parts) > 3 else ""
    if locality:
        card.memberships.append(Membership(GroupKind.PLACE, locality))


def _bday(card: _Card, line: Line, value: str) -> None:
    if not card.birthday:
        card.birthday = birthday(unescape(value).strip()) or "?"


def _note(card: _Card, line: Line, value: str) -> None:
    card.notes.append(unescape(value).replace("\r\n", "\n").strip())


def _categories(card: _Card, line: Line, value: str) -> None:
    card.tags.extend(part.strip() for part in split(value, ","))


def _uid(card: _Card, line: Line, value: str) -> None:
    card.uid = card.uid or unescape(value).strip()


def _version(card: _Card, line: Line, value: str) -> None:
    card.version = value.strip()


def _affiliation(card: _Card, line: Line, value: str) -> None:
    card.memberships.append(affiliation(split(value, ";")))


def _me(card: _Card, line: Line, value: str) -> None:
    card.is_me = value.strip().upper() == "TRUE"


_HANDLERS: dict[str, Callable[[_Card, Line, str], None]] = {
    "VERSION": _version,
    "FN": _fn,
    "N": _n,
    "NICKNAME": _nickname,
    "ORG": _org,
    "TITLE": _title,
    "ROLE": _title,
    "EMAIL": _email,
    "TEL": _tel,
    "URL": _url,
    "IMPP": _impp,
    "X-SOCIALPROFILE": _social,
    "X-LINKEDIN": _linkedin,
    "ADR": _adr,
    "BDAY": _bday,
    "NOTE": _note,
    "CATEGORIES": _categories,
    "UID": _uid,
    AFFILIATION: _affiliation,
    ME_PROPERTY: _me,
}


def birthday(text: str) -> str:
    """A BDAY value in any vCard version's form as ``1980-04-15``, ``1980`` or ``--04-15``; "" if unreadable.

    >>> [birthday(t) for t in ("19800415", "1980-04-15T00:00:00Z", "--0415", "--04-15", "1980-04", "circa 1800")]
    ['1980-04-15', '1980-04-15', '--04-15', '--04-15', '1980', '']
    """
    match = _BDAY.fullmatch(text)
    if match is None:
        return ""
    year, month, day, no_year_month, no_year_day, year_only = match.groups()
    try:
        if year:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if no_year_month:
            dt.date(2000, int(no_year_month), int(no_year_day))  # 2000: a leap year, so --02-29 is valid
            return f"--{no_year_month}-{no_year_day}"
    except ValueError:
        return ""
    return year_only or ""


def affiliation(parts: list[str]) -> Membership:
    """kithkin's own ``X-KITHKIN-AFFILIATION:kind;name;role;start;end;on`` (see :mod:`vcard_write`)."""
    kind, name, role, start, end, on = [*parts, "", "", "", "", "", ""][:6]
    try:
        return Membership(GroupKind(kind), name, role, _fuzzy(start), _fuzzy(end), _fuzzy(on))
    except ValueError:
        raise ValueError(f"unreadable affiliation {';'.join(parts)[:80]!r}") from None


def _fuzzy(text: str) -> FuzzyDate | None:
    return FuzzyDate(*(int(part) for part in text.split("-"))) if text else None


# --- records -----------------------------------------------------------------------------------------------------


def _record(card: _Card, notices: _Notices) -> Record | None:
    """The card as a record, or ``None`` (with a notice) when it names nobody."""
    labels = card.labels
    triples = _unique([(k, v, labels.get(g, label)) for g, k, v, label in card.contacts] if labels else
                      [(k, v, label) for _, k, v, label in card.contacts])  # fmt: skip
    contacts = tuple([Contact(k, v, label) for k, v, label in triples])
    memberships = _unique(_memberships(card)) if card.memberships else ()
    emails = [v for k, v, _ in triples if k is ContactKind.EMAIL]
    employers = [m.name for m in memberships if m.kind is GroupKind.EMPLOYER]
    name = card.fn or _n_text(card.n, (3, 1, 2, 0, 4)) or (emails[:1] or employers[:1] or [""])[0]
    if not name:
        notices.add("cards with no name, email or organisation skipped ({count})")
        return None
    if card.birthday == "?":
        notices.add("birthdays that are not a date not imported ({count})")
    key = card.uid or (email_key(emails[0]) if emails else "name:" + name_key(name))
    return Record(
        key=key,
        name=name,
        line=card.line,
        aliases=_aliases(name, [_n_text(card.n, (1, 0)), *card.nicknames]) if card.n or card.nicknames else (),
        contacts=contacts,
        tags=_unique(tag for tag in card.tags if tag),
        notes="\n".join(note for note in card.notes if note),
        birthday="" if card.birthday == "?" else card.birthday,
        memberships=memberships,
        is_me=card.is_me,
    )


def _memberships(card: _Card) -> Iterator[Membership]:
    """Memberships in card order; an ORG takes the TITLE (else ROLE) of its group or of its position."""
    titles = _by_org(card, card.titles) if card.titles else {}
    roles = _by_org(card, card.roles) if card.roles else {}
    for item in card.memberships:
        if isinstance(item, int):
            yield Membership(GroupKind.EMPLOYER, card.orgs[item][1], titles.get(item) or roles.get(item, ""))
        else:
            yield item


def _by_org(card: _Card, values: list[tuple[str, str]]) -> dict[int, str]:
    """Pair titles with organisations: same group (``item1.ORG``/``item1.TITLE``) first, then in order."""
    groups = {group: index for index, (group, _) in enumerate(card.orgs) if group}
    paired: dict[int, str] = {}
    loose = []
    for group, value in values:
        if group in groups:
            paired.setdefault(groups[group], value)
        else:
            loose.append(value)
    free = (index for index in range(len(card.orgs)) if index not in paired)
    for index, value in zip(free, loose, strict=False):
        paired[index] = value
    return paired


def _n_text(parts: list[str], order: tuple[int, ...]) -> str:
    """N's components (family;given;additional;prefix;suffix, each a comma list) in reading order."""
    return _clean(" ".join(" ".join(split(parts[i], ",")) for i in order if i < len(parts)))


def _aliases(name: str, candidates: list[str]) -> tuple[str, ...]:
    seen = {name_key(name)}
    out = []
    for alias in candidates:
        key = name_key(alias)
        if alias and key not in seen:
            seen.add(key)
            out.append(alias)
    return tuple(out)


def _unique(items: Iterable[_T]) -> tuple[_T, ...]:
    return tuple(dict.fromkeys(items))
