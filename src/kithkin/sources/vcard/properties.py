"""What each vCard property means for a person: the handlers behind :mod:`kithkin.sources.vcard.reader`.

A card's content lines are applied one by one to a :class:`Card` (the
handlers here: FN, N, EMAIL, TEL, ORG…, and the notices for what is not
kept); at END:VCARD, :func:`record` turns the card into a
:class:`~kithkin.sources.records.Record`. Both the reader's fast path and its
careful line-by-line path apply lines through :func:`apply`, so a card reads
the same whichever path took it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from kithkin.errors import SourceError
from kithkin.identity import email_key, name_key
from kithkin.model import Address, Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.sources.records import Membership, Record
from kithkin.sources.vcard.lines import BINARY, Head, Line, decode, split, unescape
from kithkin.sources.vcard.writer import AFFILIATION, DATED, ME_PROPERTY

_T = TypeVar("_T")
Notify = Callable[[str], None]
BINARY_NOTICE = "photos, logos, sounds and keys not imported ({count})"

MAX_PROPERTIES = 10_000
"""Properties in one card; the 46 KB iPhone sample has 25."""

_QUIET = frozenset({"VERSION", "PRODID", "REV", "X-ABLABEL", "UID"})
_SERVICES = {
    **{f"X-{service.upper()}": service for service in ("aim", "icq", "jabber", "msn", "yahoo", "qq", "gadugadu")},
    **dict.fromkeys(("X-SKYPE", "X-SKYPE-USERNAME"), "skype"),
    **dict.fromkeys(("X-GTALK", "X-GOOGLE-TALK"), "gtalk"),
    **{"X-TWITTER": "twitter", "X-MS-IMADDRESS": "im"},
}
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_", re.DOTALL)
_TWITTER = re.compile(r"(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/@?([A-Za-z0-9_]+)/?$", re.IGNORECASE)
_BDAY = re.compile(r"(\d{4})-?(\d\d)-?(\d\d)(?:T.*)?|--(\d\d)-?(\d\d)|(\d{4})(?:-\d\d)?")


@dataclass(slots=True)
class Card:
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
    departments: dict[int, str] = field(default_factory=dict)
    """ORG units after the organisation's name ("IBM;Accounting"), by index in ``orgs``: kept in the role."""
    addresses: list[tuple[str, Address]] = field(default_factory=list)
    """(group, ADR) with a street, post box or post code: every part kept (the locality is also a place the
    person belongs to; an ADR with nothing more than a locality is that place alone)."""
    related: list[str] = field(default_factory=list)
    """RELATED values: other cards' UIDs (kithkin's own export), made into ties when that card is in the file."""


def apply(shown: str, card: Card, line: Line, raw: bool, notice: Notify) -> None:
    """Apply one content line to the card; what is not kept becomes a ``notice`` message."""
    head = line.head
    card.properties += 1
    if card.properties > MAX_PROPERTIES:
        raise SourceError(shown, f"a card with more than {MAX_PROPERTIES:,} properties", card.line, head.name)
    handler = _HANDLERS.get(head.name)
    if handler is None:
        _unhandled(shown, card, line, raw, notice)
        return
    value = decode(shown, line, raw) if raw or "ENCODING" in head.params else line.value
    try:
        handler(card, head, value)
    except ValueError as exc:
        raise SourceError(shown, str(exc), line.number, head.name) from None


def apply_all(shown: str, card: Card, lines: list[tuple[Head, str]], raw: bool, notice: Notify) -> None:
    """:func:`apply` for the (head, value) lines of a whole card, in one tight loop.

    The caller has checked the count against :data:`MAX_PROPERTIES`; a
    handler's ``ValueError`` escapes as it is (the careful path reports it).
    """
    card.properties += len(lines)
    for head, value in lines:
        handler = _HANDLERS.get(head.name)
        if handler is None:
            _unhandled(shown, card, Line(card.line, head, value), raw, notice)
        elif raw or "ENCODING" in head.params:
            handler(card, head, decode(shown, Line(card.line, head, value), raw))
        else:
            handler(card, head, value)


def _unhandled(shown: str, card: Card, line: Line, raw: bool, notice: Notify) -> None:
    """Binary payloads, unknown properties and Apple's labels (which name a group, not a person's detail)."""
    name = line.head.name
    if name in BINARY:
        notice(BINARY_NOTICE)
        return
    if name not in _QUIET and not name.startswith("X-KITHKIN-"):
        notice(f"{name} not imported ({{count}})")
    if name == "X-ABLABEL" and line.head.group:
        label = unescape(decode(shown, line, raw)).strip()
        apple = _APPLE_LABEL.fullmatch(label)  # _$!<HomePage>!$_
        card.labels[line.head.group] = apple[1] if apple else label


def _clean(text: str) -> str:
    return " ".join(text.split())


def _contact(card: Card, head: Head, kind: ContactKind, value: str, label: str | None = None) -> None:
    if value:
        card.contacts.append((head.group, kind, value, head.types if label is None else label))


def _email(card: Card, head: Head, value: str) -> None:
    _contact(card, head, ContactKind.EMAIL, unescape(value).strip())


def _tel(card: Card, head: Head, value: str) -> None:
    value = unescape(value).strip()
    kinds = head.params.get("VALUE")
    if kinds and "uri" in [kind.lower() for kind in kinds] and value[:4].lower() == "tel:":
        value = value[4:]
    _contact(card, head, ContactKind.PHONE, value)


def _url(card: Card, head: Head, value: str, label: str | None = None) -> None:
    """A web address; a Twitter/X profile becomes the handle it names."""
    value = unescape(value).strip()
    twitter = _TWITTER.fullmatch(value)
    if twitter:
        _contact(card, head, ContactKind.HANDLE, twitter[1], "twitter")
    else:
        _contact(card, head, ContactKind.URL, value, label)


def _social(card: Card, head: Head, value: str) -> None:
    """Apple's X-SOCIALPROFILE (a URL, with the user in ``x-user``) and kithkin's own handles."""
    user = head.params.get("X-USER", [""])[0].strip()
    value = unescape(value).strip()
    if user:
        _contact(card, head, ContactKind.HANDLE, user)
    elif "://" in value:
        _url(card, head, value)
    else:
        _contact(card, head, ContactKind.HANDLE, value)


def _impp(card: Card, head: Head, value: str) -> None:
    """``IMPP;X-SERVICE-TYPE=Skype:skype:dana`` -> handle ``dana`` labelled ``skype``."""
    scheme, colon, handle = unescape(value).strip().partition(":")
    service = head.params.get("X-SERVICE-TYPE", [""])[0].strip().lower()
    if not colon:
        scheme, handle = "", scheme
    _contact(card, head, ContactKind.HANDLE, handle.strip(), service or scheme.lower())


def _service(card: Card, head: Head, value: str) -> None:
    _contact(card, head, ContactKind.HANDLE, unescape(value).strip(), _SERVICES[head.name])


def _linkedin(card: Card, head: Head, value: str) -> None:
    value = unescape(value).strip()
    kind = ContactKind.URL if "linkedin." in value.lower() else ContactKind.HANDLE
    _contact(card, head, kind, value, "linkedin")


def _fn(card: Card, head: Head, value: str) -> None:
    if not card.fn:
        card.fn = _clean(unescape(value))


def _n(card: Card, head: Head, value: str) -> None:
    if not card.n:
        card.n = split(value, ";")


def _nickname(card: Card, head: Head, value: str) -> None:
    card.nicknames.extend(_clean(part) for part in split(value, ","))


def _org(card: Card, head: Head, value: str) -> None:
    if DATED in head.params:
        return  # kithkin's own export: the same job, with its dates, is on an X-KITHKIN-AFFILIATION line
    parts = split(value, ";")
    company = _clean(parts[0])
    if company:
        units = ", ".join(unit for unit in (_clean(part) for part in parts[1:]) if unit)
        if units:
            card.departments[len(card.orgs)] = units
        card.memberships.append(len(card.orgs))
        card.orgs.append((head.group, company))


def _title(card: Card, head: Head, value: str) -> None:
    (card.titles if head.name == "TITLE" else card.roles).append((head.group, _clean(unescape(value))))


def _adr(card: Card, head: Head, value: str) -> None:
    parts = split(value, ";")
    if len(parts) < 7:
        parts += [""] * (7 - len(parts))
    pobox, extended, street, locality, region, code, country = [part.strip() for part in parts[:7]]
    locality = _clean(locality) if locality else ""  # a place's name, compared with other names
    if pobox or extended or street or region or code or country:
        address = Address(pobox, extended, street, locality, region, code, country, head.types)
        card.addresses.append((head.group, address))
    if locality:
        card.memberships.append(_membership(GroupKind.PLACE, locality))


def _related(card: Card, head: Head, value: str) -> None:
    if value := unescape(value).strip():
        card.related.append(value)


def _bday(card: Card, head: Head, value: str) -> None:
    if not card.birthday:
        text = unescape(value).strip()
        found = birthday(text)
        if not found:  # said with the file's line and field, and a --strict import fails on it (a count did not)
            raise ValueError(f"{text!r} is not a date")
        card.birthday = found


def _note(card: Card, head: Head, value: str) -> None:
    card.notes.append(unescape(value).replace("\r\n", "\n").strip())


def _categories(card: Card, head: Head, value: str) -> None:
    card.tags.extend([part.strip() for part in split(value, ",")])


def _uid(card: Card, head: Head, value: str) -> None:
    if not card.uid:
        card.uid = unescape(value).strip()


def _version(card: Card, head: Head, value: str) -> None:
    card.version = value.strip()


def _affiliation(card: Card, head: Head, value: str) -> None:
    card.memberships.append(affiliation(split(value, ";")))


def _me(card: Card, head: Head, value: str) -> None:
    card.is_me = value.strip().upper() == "TRUE"


_HANDLERS: dict[str, Callable[[Card, Head, str], None]] = {
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
    "RELATED": _related,
    "NOTE": _note,
    "CATEGORIES": _categories,
    "UID": _uid,
    AFFILIATION: _affiliation,
    ME_PROPERTY: _me,
    **dict.fromkeys(_SERVICES, _service),
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
    """kithkin's own ``X-KITHKIN-AFFILIATION:kind;name;role;start;end;on[;place;about]`` (see :mod:`.writer`)."""
    kind, name, role, start, end, on, place, about = [*parts, "", "", "", "", "", "", "", ""][:8]
    try:
        return Membership(GroupKind(kind), name, role, _fuzzy(start), _fuzzy(end), _fuzzy(on), place, about)
    except (ValueError, TypeError):  # TypeError: a date of more than three parts
        raise ValueError(f"unreadable affiliation {';'.join(parts)[:80]!r}") from None


def _fuzzy(text: str) -> FuzzyDate | None:
    return FuzzyDate(*(int(part) for part in text.split("-"))) if text else None


# --- records ---------------------------------------------------------------------------------------------------------


def record(card: Card, notice: Notify) -> Record | None:
    """The card as a record, or ``None`` (with a notice) when it names nobody."""
    labels = card.labels
    triples = _unique([(k, v, labels.get(g, label)) for g, k, v, label in card.contacts] if labels else
                      [(k, v, label) for _, k, v, label in card.contacts])  # fmt: skip
    memberships = _memberships(card) if card.memberships else ()
    name = card.fn or _n_text(card.n, (3, 1, 2, 0, 4))
    emails = [v for k, v, _ in triples if k is ContactKind.EMAIL] if not name or not card.uid else []
    if not name:  # named by what the card has, and said: a person silently called "dana@x.org" is a surprise
        employers = [m.name for m in memberships if m.kind is GroupKind.EMPLOYER]
        name = (emails[:1] or employers[:1] or [""])[0]
        if name:
            how = "email address" if emails else "organisation"
            notice(f"cards with no name, named by their {how} ({{count}})")
    if not name:
        notice("cards with no name, email or organisation skipped ({count})")
        return None
    key = card.uid or (email_key(emails[0]) if emails else "name:" + name_key(name))
    return Record(
        key=key,
        name=name,
        line=card.line,
        aliases=_aliases(name, [_n_text(card.n, (1, 0)), *card.nicknames]) if card.n or card.nicknames else (),
        contacts=tuple([Contact(k, v, label) for k, v, label in triples]),
        tags=_unique([tag for tag in card.tags if tag]),
        notes="\n".join([note for note in card.notes if note]),
        birthday=card.birthday,
        memberships=memberships,
        is_me=card.is_me,
        addresses=_unique([replace(a, label=labels[g]) if g in labels else a for g, a in card.addresses])
        if card.addresses
        else (),
        related=_unique(card.related) if card.related else (),
    )


def _memberships(card: Card) -> tuple[Membership, ...]:
    """Memberships in card order; an ORG takes the TITLE (else ROLE) of its group or of its position."""
    titles = _by_org(card.orgs, card.titles) if card.titles else {}
    roles = _by_org(card.orgs, card.roles) if card.roles else {}
    out: list[Membership] = []
    for item in card.memberships:
        if isinstance(item, int):
            title, unit = titles.get(item) or roles.get(item, ""), card.departments.get(item, "")
            role = f"{title} ({unit})" if title and unit else title or unit  # "Manager (Accounting)"
            item = _membership(GroupKind.EMPLOYER, card.orgs[item][1], role)
        out.append(item)
    return _unique(out) if len(out) > 1 else tuple(out)


def _by_org(orgs: list[tuple[str, str]], values: list[tuple[str, str]]) -> dict[int, str]:
    """Pair titles with organisations: same group (``item1.ORG``/``item1.TITLE``) first, then in order."""
    groups: dict[str, int] = {}
    for index, (group, _) in enumerate(orgs):
        if group:
            groups[group] = index
    paired: dict[int, str] = {}
    loose: list[str] = []
    for group, value in values:
        if group in groups:
            paired.setdefault(groups[group], value)
        else:
            loose.append(value)
    index = 0
    for value in loose:  # each to the next organisation without one
        while index in paired:
            index += 1
        if index >= len(orgs):
            break
        paired[index] = value
        index += 1
    return paired


def _n_text(parts: list[str], order: tuple[int, ...]) -> str:
    """N's components (family;given;additional;prefix;suffix, each a comma list) in reading order."""
    return _clean(" ".join(" ".join(split(parts[i], ",")) for i in order if i < len(parts)))


def _aliases(name: str, candidates: list[str]) -> tuple[str, ...]:
    """Candidates whose match key differs from the name's and each other's (keys computed only when needed)."""
    seen: set[str] = set()
    out: list[str] = []
    for alias in candidates:
        if not alias or alias == name or alias in out:
            continue  # "" keys to "", the rest to a key already seen
        if not seen:
            seen.add(name_key(name))
        key = name_key(alias)
        if key not in seen:
            seen.add(key)
            out.append(alias)
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _membership(kind: GroupKind, name: str, role: str = "") -> Membership:
    """Memberships are immutable, and a file names the same few places and employers over and over."""
    return Membership(kind, name, role)


def _unique(items: Iterable[_T]) -> tuple[_T, ...]:
    return tuple(dict.fromkeys(items))
