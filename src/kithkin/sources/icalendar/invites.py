"""Meeting invites (.ics): who is coming, so kithkin can brief the user.

A calendar invite is the most common way a list of people arrives: Google
Calendar, Outlook and Exchange all mail one per meeting. For a briefing only
the people matter, plus enough of the event to name it, so an :class:`Invite`
keeps the summary, start, location and UID and drops recurrence, alarms and
the rest.

Parsing is pure (STYLE.md, "importers are parse + save"): bytes in, frozen
objects out, no database and no printing. The `icalendar` library does the
RFC 5545 work (unfolding, parameter quoting, RFC 6868 escapes, VTIMEZONE
definitions); this module adds what it does not do for us:

* it refuses what is not a calendar instead of returning nothing;
* it notices components that are never closed, which icalendar drops silently
  (a truncated download would otherwise read as "no events");
* it turns icalendar's exceptions into :class:`~kithkin.errors.SourceError`
  with the file name and, when it can be found, the line number;
* it caps the input (20 MB) and the attendee list (``max_attendees``) so a
  mailing-list-sized invite cannot stall a briefing.

One impurity comes from icalendar itself: it caches every VTIMEZONE it reads
by TZID for the whole process, so a later file that uses the same custom TZID
without defining it gets an aware start instead of a naive one.

:func:`logical_lines`, :func:`person`, :func:`param`, :func:`text_value` and
:func:`all_values` are public because :mod:`kithkin.sources.icalendar.calendars` reads
the same properties the same way.
"""

from __future__ import annotations

import codecs
import datetime
import pathlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import icalendar

from kithkin.errors import SourceError
from kithkin.sources import reading

MAX_BYTES = 20 * 1024 * 1024
"""Largest file read. A mailed invite is a few KB; icalendar 7.3 needs about
35-110 µs per content line (3 MB of events took ~5 s), so 20 MB is already
half a minute of parsing."""

DEFAULT_MAX_ATTENDEES = 2000

# icalendar raises these on malformed content (dateutil and zoneinfo add ValueError
# and KeyError); anything else escaping it is a bug and should surface.
_PARSE_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)
_STARTS_AS_CALENDAR = re.compile(
    r"\s*BEGIN:(?:VCALENDAR|VEVENT|VTODO|VJOURNAL|VFREEBUSY|VALARM|VAVAILABILITY)[ \t]*(?:\r?\n|$)", re.IGNORECASE
)
"""A calendar, or one component saved on its own (a bare ``BEGIN:VEVENT`` file): icalendar reads both."""
_BARE_EMAIL = re.compile(r"[^@\s:/<>]+@[^@\s:/<>]+")


@dataclass(frozen=True)
class Attendee:
    """One person on an invite, as the calendar names them.

    ``name`` is the CN parameter ("" when absent), whitespace collapsed and
    Exchange's wrapping single quotes removed; ``email`` comes from a
    ``mailto:`` address, lower-cased ("" when the address is not an email);
    ``role`` is the ROLE parameter (``REQ-PARTICIPANT``, ``CHAIR``…) or
    ``ORGANIZER`` for the organizer; ``status`` is PARTSTAT (``ACCEPTED``…).
    """

    name: str
    email: str
    role: str = ""
    status: str = ""


@dataclass(frozen=True)
class Invite:
    """One event of a calendar file, reduced to what a briefing needs.

    ``start`` is a date for all-day events and a datetime otherwise; it is
    timezone-aware when the file gives a ``Z`` or a TZID that is known (an IANA
    name, a Windows name, or one defined by a VTIMEZONE in the file) and naive
    for floating times or unknown TZIDs; ``None`` when missing or unreadable.

    ``attendees`` lists the organizer first (when there is one), then the
    ATTENDEE lines in file order, one entry per email (or per name when there
    is no email); entries with neither are dropped. When an address appears
    twice, the first entry is kept and its empty fields are filled from the
    later one (Outlook lists the organizer again as an attendee with a CN).
    ``truncated`` is True when more than ``max_attendees`` people were listed
    and only the first ``max_attendees`` were kept.
    """

    summary: str
    start: datetime.datetime | datetime.date | None
    location: str
    organizer: Attendee | None
    attendees: tuple[Attendee, ...]
    uid: str
    truncated: bool = False


def parse_invites(data: bytes, path: str = "<ics>", *, max_attendees: int = DEFAULT_MAX_ATTENDEES) -> list[Invite]:
    r"""Every VEVENT of an iCalendar file, in file order, as :class:`Invite`.

    ``data`` is the raw file: UTF-8 with or without a BOM, or UTF-16 with a
    BOM. Bytes that are not valid UTF-8 are decoded as latin-1 (never fails;
    old Outlook and Lotus exports use a legacy 8-bit charset) so a stray
    accented name does not make a whole invite unreadable. Several
    VCALENDARs in one file (an iTIP mailbox dump) are all read. ``path`` is
    only used in error messages. A calendar with no events gives ``[]``.
    Each event keeps at most ``max_attendees`` people (organizer included);
    ``Invite.truncated`` says when more were listed.

    Raises :class:`~kithkin.errors.SourceError` naming ``path`` (and the line,
    when it can be found) if the data is not an iCalendar file, is over
    20 MB, leaves a component open, or is rejected by icalendar.

    >>> data = (
    ...     b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//example//EN\r\n"
    ...     b"BEGIN:VEVENT\r\nUID:lunch-1@example.com\r\nSUMMARY:Team lunch\r\n"
    ...     b"DTSTART;TZID=Europe/Paris:20240611T123000\r\nLOCATION:Canteen\r\n"
    ...     b"ORGANIZER;CN=Ana Lima:mailto:Ana.Lima@Example.com\r\n"
    ...     b"ATTENDEE;CN=Bo Chen;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:bo@example.com\r\n"
    ...     b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    ... )
    >>> [invite] = parse_invites(data)
    >>> invite.summary, invite.start.isoformat(), invite.location
    ('Team lunch', '2024-06-11T12:30:00+02:00', 'Canteen')
    >>> invite.organizer
    Attendee(name='Ana Lima', email='ana.lima@example.com', role='ORGANIZER', status='')
    >>> invite.attendees[1:]
    (Attendee(name='Bo Chen', email='bo@example.com', role='REQ-PARTICIPANT', status='ACCEPTED'),)
    """
    return [invite for invite, _ in _parse(data, path, max_attendees)]


def read_invite(path: pathlib.Path, *, max_attendees: int = DEFAULT_MAX_ATTENDEES) -> Invite:
    """The one invite in an .ics file worth briefing: the event with the most people.

    A mailed invite usually holds one VEVENT, but exports and recurring
    meetings (one VEVENT per changed occurrence) hold several; the one with
    the most attendees is the meeting, and on a tie the first wins. Callers
    can tell a capped guest list from ``Invite.truncated``.

    Raises :class:`~kithkin.errors.SourceError` when the file cannot be read,
    is larger than 20 MB (checked before reading), is not an iCalendar file,
    has no VEVENT, or no event has an ORGANIZER or ATTENDEE.
    """
    return pick_invite(_read_bounded(path), str(path), max_attendees=max_attendees)


def pick_invite(data: bytes, where: str, *, max_attendees: int = DEFAULT_MAX_ATTENDEES) -> Invite:
    """:func:`read_invite` for bytes already in hand (an upload); ``where`` names them in errors."""
    if len(data) > MAX_BYTES:
        raise SourceError(where, "is larger than 20 MB; export just the event")
    parsed = _parse(data, where, max_attendees)
    if not parsed:
        raise SourceError(where, "has no VEVENT: there is no event to brief")
    # max() keeps the first of equal counts; counts are taken before truncation.
    invite, listed = max(parsed, key=lambda pair: pair[1])
    if listed == 0:
        raise SourceError(where, "has no attendees: no event names an ORGANIZER or ATTENDEE")
    return invite


def _read_bounded(path: pathlib.Path) -> bytes:
    """The file's bytes, refusing big files before reading them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    if size > MAX_BYTES:
        raise SourceError(str(path), f"is larger than 20 MB ({size:,} bytes); export just the event")
    return reading.bounded_bytes(
        path, MAX_BYTES, "is larger than 20 MB; export just the event", unreadable="cannot be read"
    )


def _parse(data: bytes, path: str, max_attendees: int) -> list[tuple[Invite, int]]:
    """Each VEVENT as an Invite, with how many people it listed before the cap."""
    if max_attendees < 1:
        raise ValueError("max_attendees must be at least 1")
    _, components = calendars(data, path)
    return [_invite(event, max_attendees) for component in components for event in component.walk("VEVENT")]


def read_calendars(path: pathlib.Path) -> tuple[str, list[icalendar.Component]]:
    """The decoded text and the top-level components of an .ics file of at most 20 MB.

    For importers that need more than :class:`Invite` keeps (recurrence,
    time zones); the same checks as :func:`read_invite`, the same errors.
    """
    return calendars(_read_bounded(path), str(path))


def calendars(data: bytes, path: str) -> tuple[str, list[icalendar.Component]]:
    """:func:`read_calendars` for bytes already read; ``path`` is only used in errors."""
    if len(data) > MAX_BYTES:
        raise SourceError(path, "is larger than 20 MB; export just the event")
    text = _name_blank_zones(_decode(data))
    _check_is_calendar(text, path)
    _check_closed(text, path)
    try:
        return text, list(icalendar.Calendar.from_ical(text, multiple=True))
    except _PARSE_ERRORS as exc:
        reason = " ".join(str(exc).split())
        reason = reason if len(reason) <= 160 else reason[:157] + "..."
        raise SourceError(path, f"is not valid iCalendar: {reason}", line=_first_bad_line(text)) from exc


#: The name given to a time zone Exchange wrote without one (see :func:`_name_blank_zones`).
BLANK_ZONE = "kithkin-unnamed-zone"
_BLANK_TZID = re.compile(r"^TZID:[ \t]*(?=\r?$)", re.M)
_BLANK_TZID_PARAM = re.compile(r";TZID=(?=[:;])")


def _name_blank_zones(text: str) -> str:
    """Exchange 2010 writes a VTIMEZONE with an empty ``TZID:`` and events pointing at it with ``TZID=``;
    icalendar refuses the file. Both get one made-up name, so the zone's own offsets apply (lines keep their
    numbers, so errors still point at the right line).

    >>> _name_blank_zones("TZID:\\nDTSTART;TZID=:20150826T090000\\n").split()
    ['TZID:kithkin-unnamed-zone', 'DTSTART;TZID=kithkin-unnamed-zone:20150826T090000']
    """
    if "TZID:" not in text and "TZID=" not in text:
        return text
    return _BLANK_TZID_PARAM.sub(";TZID=" + BLANK_ZONE, _BLANK_TZID.sub("TZID:" + BLANK_ZONE, text))


def _decode(data: bytes) -> str:
    """Text of the file; latin-1 when it is not UTF-8, so decoding never fails."""
    wide = "utf-32" if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else ""
    wide = wide or ("utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "")
    wide = wide or reading.wide_encoding(data)
    if wide:
        text = data.decode(wide, "replace").lstrip("\ufeff")
        return text if "\n" in text else text.replace("\r", "\n")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\n" not in text:
        text = text.replace("\r", "\n")  # classic Mac OS line endings
    return text


def _check_is_calendar(text: str, path: str) -> None:
    """Refuse anything that does not open with BEGIN:VCALENDAR or a bare component such as BEGIN:VEVENT."""
    if _STARTS_AS_CALENDAR.match(text):
        return
    head = text[:1024]
    if not head.strip():
        found = "it is empty"
    elif "\x00" in head or sum(ch < " " and ch not in "\t\r\n" for ch in head) > 8:
        found = "it holds binary data"
    else:
        first = head.strip().splitlines()[0]
        found = f"it starts with {first[:40]!r}"
    raise SourceError(path, f"is not an iCalendar file: expected BEGIN:VCALENDAR (or BEGIN:VEVENT) at the start, "
                      f"but {found}")  # fmt: skip


def _check_closed(text: str, path: str) -> None:
    """Fail on a BEGIN without its END: icalendar silently drops such a component."""
    opened: list[tuple[str, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > reading.MAX_LINE:  # icalendar and dateutil take minutes over a megabyte of junk
            raise SourceError(path, f"line longer than {reading.MAX_LINE:,} characters; not a calendar", line=number)
        head = line[:6].upper()
        if head == "BEGIN:":
            opened.append((line[6:].strip().upper(), number))
        elif head.startswith("END:"):
            name = line[4:].strip().upper()
            if any(open_name == name for open_name, _ in opened):
                inner, at = opened.pop()
                if inner != name:
                    raise SourceError(path, f"BEGIN:{inner} is never closed (END:{name} on line {number})", line=at)
            elif opened:
                opened.pop()  # icalendar closes the innermost whatever the name; so do we
    if opened:
        name, at = opened[-1]
        raise SourceError(path, f"BEGIN:{name} is never closed; the file may be cut short", line=at)


def _first_bad_line(text: str) -> int | None:
    """The 1-based line icalendar chokes on, found by parsing one component at a time.

    Each child of a top-level component (a VTIMEZONE, a VEVENT…) and each
    top-level property is parsed alone inside a minimal VCALENDAR; the first
    one that fails is then cut down line by line. Errors raised when a
    component closes (a VTIMEZONE that cannot become a timezone) point at its
    BEGIN line. This re-parses the file once, so it only runs after a failure.
    """
    depth = 0
    chunk: list[tuple[int, str]] = []
    for number, line in logical_lines(text):
        keyword = re.split(r"[;:]", line, maxsplit=1)[0].strip().upper()
        if keyword == "BEGIN":
            depth += 1
            if depth >= 2:
                chunk.append((number, line))
            continue
        if depth == 0:
            # A property or END outside every component: icalendar refuses it.
            if keyword == "X-COMMENT":
                continue
            return number
        if depth >= 2:
            chunk.append((number, line))
            if keyword == "END" and depth == 2:
                if _fails(_wrapped(chunk)):
                    return _bisect(chunk)
                chunk = []
        elif keyword != "END" and _fails(_wrapped([(number, line)])):
            return number
        if keyword == "END":
            depth -= 1
    return None


def _bisect(chunk: list[tuple[int, str]]) -> int:
    """The line of ``chunk`` (which fails to parse) whose addition first makes it fail."""
    low, high = 0, len(chunk) - 1
    while low < high:
        middle = (low + high) // 2
        if _fails(_wrapped(chunk[: middle + 1])):
            high = middle
        else:
            low = middle + 1
    if low == len(chunk) - 1 and chunk[low][1].upper().startswith("END:"):
        return chunk[0][0]
    return chunk[low][0]


def _wrapped(lines: list[tuple[int, str]]) -> str:
    body = "\r\n".join(line for _, line in lines)
    return f"BEGIN:VCALENDAR\r\n{body}\r\nEND:VCALENDAR\r\n"


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the number of the physical line each starts on."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if line[:1] in (" ", "\t") and lines:
            start, text_so_far = lines[-1]
            lines[-1] = (start, text_so_far + line[1:])
        elif line.strip():
            lines.append((number, line))
    return lines


def _fails(text: str) -> bool:
    try:
        icalendar.Calendar.from_ical(text, multiple=True)
    except _PARSE_ERRORS:
        return True
    return False


def _invite(event: icalendar.Component, max_attendees: int) -> tuple[Invite, int]:
    organizer = person(_first(event.get("ORGANIZER")), organizer=True)
    listed = [person(value) for value in all_values(event.get("ATTENDEE"))]
    people = _dedupe([organizer, *listed])
    dtstart = _first(event.get("DTSTART"))
    # An unreadable DTSTART arrives as icalendar.vBroken, whose .dt raises.
    start = dtstart.dt if isinstance(dtstart, icalendar.vDDDTypes) else None
    invite = Invite(
        summary=text_value(event.get("SUMMARY")),
        start=start if isinstance(start, datetime.date) else None,
        location=text_value(event.get("LOCATION")),
        organizer=people[0] if organizer is not None else None,
        attendees=tuple(people[:max_attendees]),
        uid=text_value(event.get("UID")),
        truncated=len(people) > max_attendees,
    )
    return invite, len(people)


def person(value: Any, *, organizer: bool = False) -> Attendee | None:
    """An Attendee from an ORGANIZER/ATTENDEE value, or None when it names nobody."""
    if not isinstance(value, str):
        return None
    params = getattr(value, "params", {})
    name = " ".join(param(params, "CN").split())
    if len(name) > 1 and name[0] == name[-1] == "'":
        name = name[1:-1].strip()  # Exchange CDO quotes names: CN="'meher.t@gmail.com'"
    email = _email(value)
    if not name and not email:
        return None
    role = "ORGANIZER" if organizer else param(params, "ROLE").upper()
    return Attendee(name=name, email=email, role=role, status=param(params, "PARTSTAT").upper())


def _email(address: str) -> str:
    """The lower-cased email of a ``mailto:`` URI or a bare ``a@b`` (some exports omit the scheme).

    "" for other URIs (``urn:uuid:…``) and for addresses with spaces, such as
    GroupWise's ``MAILTO:CET Meeting Room@university.edu`` for a room.
    """
    address = address.strip()
    if address[:7].lower() == "mailto:":
        address = address[7:].split("?", 1)[0].strip()
    return address.lower() if _BARE_EMAIL.fullmatch(address) else ""


def _dedupe(people: Iterable[Attendee | None]) -> list[Attendee]:
    """One entry per email (or name), first position kept, blanks filled from repeats."""
    index: dict[tuple[str, str], int] = {}
    kept: list[Attendee] = []
    for person in people:
        if person is None:
            continue
        key = ("email", person.email) if person.email else ("name", person.name.casefold())
        at = index.get(key)
        if at is None:
            index[key] = len(kept)
            kept.append(person)
            continue
        first = kept[at]
        kept[at] = replace(
            first,
            name=first.name or person.name,
            role=first.role or person.role,
            status=first.status or person.status,
        )
    return kept


def param(params: Any, key: str) -> str:
    """A property parameter as text ("" when absent); a parameter given several values is joined by ", "."""
    value = params.get(key, "")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value).strip()
    return str(value).strip()


def text_value(value: Any) -> str:
    """A property's first value as stripped text ("" when absent)."""
    value = _first(value)
    return "" if value is None else str(value).strip()


def all_values(value: Any) -> list[Any]:
    """Every value of a property: icalendar gives one value for a property seen once and a list for repeats."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    values = all_values(value)
    return values[0] if values else None
