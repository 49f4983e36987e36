"""Calendars (.ics): the people the user meets, the events they share, and when.

A calendar export (or a single invite) lists, per event, an ORGANIZER and
ATTENDEEs. Each distinct person (by email) becomes one :class:`Record` keyed
``mailto:<email>``, carrying one ``Membership(EVENT, summary, on=day)`` per
event they were invited to; the event group of a recurring series is the
series (named by its summary, dated by its first occurrence), not one group
per week. Every occurrence up to ``until`` (the past, with today) becomes a
:class:`Meeting` of the people who did not decline, so follow-up timers see
that the user met them.

Why it is not :mod:`kithkin.sources.icalendar.invites`: that module reduces an invite to a
guest list for a briefing. Here recurrence matters (RRULE, RDATE, EXDATE and
moved occurrences, expanded by ``recurring_ical_events``), so do time zones
(the day of an event is its local day in its TZID: a 23:30 meeting in Los
Angeles is that day, not the next UTC day; a UTC time in a Google export is
read in the calendar's X-WR-TIMEZONE), and so do iTIP mailboxes where the same
UID arrives as a request and then as replies.

Bounds: the file is read whole (at most 20 MB, :data:`invites.MAX_BYTES`, about
half a minute of icalendar parsing), because a person's memberships must be
gathered from every event before their record is emitted. A series keeps at
most :data:`MAX_OCCURRENCES` meetings (the latest up to ``until``). Expansion
is bounded by the rule's COUNT/UNTIL and by a window ending the day after
``until``: a series whose start lies more than :data:`MAX_SCAN` periods (FREQ
times INTERVAL) back is expanded only over the last ``2 * MAX_OCCURRENCES``
periods, so the work is proportional to the occurrences kept, never a scan
(an event repeating every day since 1970 stays cheap); a :class:`Notice` says
when a series was capped. A rule repeating more often than daily, or one that cannot be expanded
(a broken RDATE in a real Google export), logs its first occurrence only and
says so in a notice, rather than keeping the whole calendar out (or walking
every second since DTSTART). Rooms and resources (CUTYPE=ROOM/RESOURCE) are not
people; a mailing list (CUTYPE=GROUP) is skipped with a notice, since its
members are unknown.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import icalendar
import recurring_ical_events

from kithkin.errors import SourceError
from kithkin.identity import email_key
from kithkin.model import Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.sources.directory import readable_name
from kithkin.sources.icalendar import invites
from kithkin.sources.records import Item, Meeting, Membership, Notice, Record
from kithkin.sources.source import Format

MAX_OCCURRENCES = 500
"""Meetings kept per series: the latest ones up to ``until``."""

MAX_SCAN = 5_000
"""Periods expanded from a series' start; a series reaching further back is expanded only in a window before
``until``."""

#: Rules that repeat more often than daily: only their first occurrence is logged (see :meth:`_Reader.occurrences`).
_SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})

_NOT_PEOPLE = {"ROOM", "RESOURCE"}
_FROM_ATTENDEES = {"REPLY", "COUNTER", "REFRESH"}
#: ROLE parameters as a part played at an event; REQ-PARTICIPANT, the default, is "".
_ROLES = {"CHAIR": "chair", "OPT-PARTICIPANT": "optional", "NON-PARTICIPANT": "for information"}
_ROLE_RANK = {"organizer": 5, "chair": 4, "": 3, "optional": 2, "for information": 1}
_RECURRENCE_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    OverflowError,
    recurring_ical_events.InvalidCalendar,
    recurring_ical_events.BadRuleStringFormat,
    recurring_ical_events.PeriodEndBeforeStart,
)
_MAILTO = re.compile(r"mailto:\s*([^\s:;<>\"]+@[^\s:;<>\"]+)", re.IGNORECASE)


def sniff(head: str, name: str) -> bool:
    """Does the file start as an iCalendar file (or one event saved on its own)?

    >>> sniff("BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\n", "invite.ics"), sniff("BEGIN:VCARD\\n", "a.ics")
    (True, False)
    >>> sniff("BEGIN:VEVENT\\r\\nUID:x\\r\\n", "event.txt")
    True
    """
    start = head.lstrip("\ufeff \t\r\n")[:20].upper()
    return start.startswith(
        ("BEGIN:VCALENDAR", "BEGIN:VEVENT", "BEGIN:VTODO", "BEGIN:VJOURNAL", "BEGIN:VFREEBUSY", "BEGIN:VALARM",
         "BEGIN:VAVAILABILITY")
    )  # fmt: skip


def parse(path: pathlib.Path, *, until: dt.date) -> Iterator[Item]:
    """The people, event memberships and past meetings of an .ics file.

    Records come first (one per email, all memberships gathered), then the
    meetings of occurrences on or before ``until``, then notices. Raises
    :class:`SourceError` naming the file and line for a file that is not
    iCalendar, is cut short, or has an unreadable DTSTART or recurrence rule.
    """
    text, components = invites.read_calendars(path)
    reader = _Reader(str(path), _Lines(text), until)
    index = 0
    by_uid: dict[str, list[_Version]] = {}
    for component in components:
        zone = _zone(component)
        method = str(component.get("METHOD", "")).upper()
        for event in component.walk("VEVENT"):
            uid = str(event.get("UID", "")).strip() or f"event-{index + 1}"
            by_uid.setdefault(uid, []).append(_Version(event, index, method, zone))
            index += 1
    for uid, versions in by_uid.items():
        reader.series(uid, versions)
    yield from reader.records()
    yield from reader.meetings
    yield from reader.notices()


@dataclass(frozen=True)
class _Version:
    """One VEVENT as it appears in the file (a series can appear as request, replies, moved occurrences)."""

    event: icalendar.Component
    index: int
    method: str
    zone: dt.tzinfo | None


@dataclass
class _Guest:
    email: str
    name: str
    status: str
    organizer: bool
    role: str = ""


@dataclass
class _Person:
    name: str
    line: int
    aliases: dict[str, None] = field(default_factory=dict)
    memberships: dict[Membership, None] = field(default_factory=dict)


class _Lines:
    """Line numbers in the file: where each VEVENT's properties are and where an email first appears."""

    def __init__(self, text: str) -> None:
        self.events: list[dict[str, int]] = []
        self.emails: dict[str, int] = {}
        for number, line in invites.logical_lines(text):
            name = re.split(r"[;:]", line, maxsplit=1)[0].strip().upper()
            if name == "BEGIN" and line.strip().upper() == "BEGIN:VEVENT":
                self.events.append({"BEGIN": number})
            elif self.events:
                self.events[-1].setdefault(name, number)
            if name in ("ATTENDEE", "ORGANIZER") and (match := _MAILTO.search(line)):
                self.emails.setdefault(email_key(match[1]), number)

    def of(self, index: int, prop: str) -> int | None:
        if index >= len(self.events):
            return None
        event = self.events[index]
        return event.get(prop, event["BEGIN"])


class _Reader:
    """Gathers people across events, and meetings per occurrence."""

    def __init__(self, path: str, lines: _Lines, until: dt.date) -> None:
        self.path = path
        self.lines = lines
        self.until = until
        self.people: dict[str, _Person] = {}
        self.meetings: list[Meeting] = []
        self.groups: dict[str, int] = {}
        self.no_email = 0
        self.undated = 0
        self.nameless = 0
        self.capped: list[str] = []
        self.unexpanded: list[str] = []
        self.calendars: set[str] = set()  # addresses of calendars, not people, left out

    def series(self, uid: str, versions: list[_Version]) -> None:
        master, moved = _chosen(versions)
        first = self.start(master)
        summary = _text(master.event.get("SUMMARY")) or (f"Untitled event on {first}" if first else "")
        recurring = any("RRULE" in v.event or "RDATE" in v.event for v in (master, *moved))
        replies = {g.email: g.status for v in versions if v.method == "REPLY" for g in self.guests(v)}
        details = _details(master.event)
        if not self.members(summary, first, versions, replies, details):
            return  # nobody on it (a personal reminder): nothing to expand
        if recurring:
            occurrences = self.occurrences(uid, summary, master, moved)
            first = occurrences[0] if occurrences else first
            past = [(day, event) for day, event in occurrences[1] if day <= self.until] if occurrences else []
        else:
            past = [(first, master.event)] if first and first <= self.until else []
        if first is None:
            self.undated += 1
        cancelled = master.method == "CANCEL" or _text(master.event.get("STATUS")).upper() == "CANCELLED"
        for day, event in [] if cancelled else past:
            self.meeting(uid, day, summary, event, master, replies)

    def start(self, version: _Version, event: icalendar.Component | None = None) -> dt.date | None:
        """The local day an event starts, or None when it has no DTSTART."""
        value = (event if event is not None else version.event).get("DTSTART")
        if value is None:
            return None
        if not isinstance(value, icalendar.vDDDTypes) or not isinstance(value.dt, dt.date):
            line = self.lines.of(version.index, "DTSTART")
            raise SourceError(self.path, "DTSTART is not a date or a date-time", line, "DTSTART")
        return _local_day(value.dt, version.zone)

    def occurrences(
        self, uid: str, summary: str, master: _Version, moved: list[_Version]
    ) -> tuple[dt.date, list[tuple[dt.date, icalendar.Component]]] | None:
        """(first day, the latest occurrences up to ``until``), or None if the series never occurs."""
        if _frequencies(master.event) & _SUB_DAILY:
            # Meetings are counted in days: a rule every hour or second is noise, and walking it to today
            # would take minutes and gigabytes.
            return self.first_only(master, f'"{summary}" (it repeats more often than daily)')
        calendar = icalendar.Calendar()
        for version in (master, *moved):
            calendar.add_component(version.event)
        try:
            first = self.start(master)
            if first is None:
                return None
            query = recurring_ical_events.of(calendar)
            pace = _pace(master.event)
            end = self.until + dt.timedelta(days=1)
            # Never query.after(): past a series' last occurrence it walks on towards year 9999, in
            # 15-minute steps while a long occurrence overlaps its window (issue 16's six-minute hang).
            whole = (end - first) <= pace * MAX_SCAN or _finite(master.event, first + pace * MAX_SCAN)
            events = query.between(first if whole else end - pace * MAX_OCCURRENCES * 2, end)
            dated = sorted(((self.start(master, e), e) for e in events), key=lambda pair: pair[0] or dt.date.min)
        except _RECURRENCE_ERRORS as exc:  # one broken rule must not keep the rest of a calendar out
            field, why = _plain(exc)
            line = self.lines.of(master.index, field or ("RRULE" if "RRULE" in master.event else "RDATE"))
            return self.first_only(master, f'"{summary}" (line {line}: {why})')
        days: dict[tuple[dt.date, str], tuple[dt.date, icalendar.Component]] = {}
        for day, event in dated:
            if day is not None and day <= self.until:
                days.setdefault((day, _start_text(event)), (day, event))  # a long occurrence overlaps twice
        occurrences = list(days.values())
        if whole and occurrences:
            first = occurrences[0][0]
        if not whole or len(occurrences) > MAX_OCCURRENCES:
            more = "" if whole else "more than "
            self.capped.append(f'"{summary}" ({more}{len(occurrences) if whole else MAX_SCAN:,} occurrences)')
        return first, occurrences[-MAX_OCCURRENCES:]

    def first_only(
        self, master: _Version, why: str
    ) -> tuple[dt.date, list[tuple[dt.date, icalendar.Component]]] | None:
        """A series not expanded (``why``, for the notice): its first occurrence alone."""
        self.unexpanded.append(why)
        start = self.start(master)
        return (start, [(start, master.event)]) if start is not None else None

    def guests(
        self, version: _Version, event: icalendar.Component | None = None, *, tally: bool = False
    ) -> list[_Guest]:
        """The people on an event: organizer first, one entry per email, rooms and lists left out.

        ``tally`` counts the entries left out for the notices (once per VEVENT, not per occurrence).
        """
        source = event if event is not None else version.event
        found: dict[str, _Guest] = {}
        values = [(v, True) for v in invites.all_values(source.get("ORGANIZER"))]
        values += [(v, False) for v in invites.all_values(source.get("ATTENDEE"))]
        for value, organizer in values:
            params = getattr(value, "params", {})
            kind = invites.param(params, "CUTYPE").upper()
            person = invites.person(value, organizer=organizer)
            if kind in _NOT_PEOPLE or person is None:
                continue
            if person.email and _a_calendar(person.email):  # Google's birthday calendar made a person "Contacts"
                if tally:
                    self.calendars.add(person.email)
                continue
            if not person.email or kind == "GROUP":
                if tally and not person.email:
                    self.no_email += 1
                elif tally:
                    self.groups[person.email] = self.groups.get(person.email, 0) + 1
                continue
            name = "" if email_key(person.name) == person.email else person.name
            known = found.get(person.email)
            if known is None:
                found[person.email] = _Guest(person.email, name, person.status, organizer, person.role)
            else:
                known.name, known.status = known.name or name, known.status or person.status
                known.role = known.role if known.role and known.role != "ORGANIZER" else person.role
                known.organizer |= organizer
        return list(found.values())

    def members(
        self,
        summary: str,
        on: dt.date | None,
        versions: list[_Version],
        replies: dict[str, str],
        details: tuple[str, str] = ("", ""),
    ) -> bool:
        """One membership of the series per person, with the event's place and description (``details``).

        The role is "organizer" if they organised any version; else their ROLE ("chair", "optional",
        "for information"; "" for a required participant, RFC 5545's default) if they did not decline every
        version they were on (declining one moved occurrence is not declining the series); else "declined",
        with their ROLE when it was not the default ("declined (optional)").
        """
        day = FuzzyDate.from_date(on) if on else None
        if not summary:
            self.nameless += 1  # neither a title nor a date (a stray iTIP reply): no group to name
        roles: dict[str, tuple[_Person, str]] = {}
        for version in versions:
            for guest in self.guests(version, tally=True):
                status = replies.get(guest.email) or guest.status
                role = _role(guest, status)
                person = self.person(guest)
                before = roles[guest.email][1] if guest.email in roles else role
                roles[guest.email] = (person, max(before, role, key=_rank))
        place, about = details
        for person, role in roles.values() if summary else ():
            person.memberships[Membership(GroupKind.EVENT, summary, role=role, on=day, place=place, about=about)] = None
        return bool(roles)

    def person(self, guest: _Guest) -> _Person:
        person = self.people.get(guest.email)
        if person is None:
            line = self.lines.emails.get(guest.email, 0)
            person = self.people[guest.email] = _Person(guest.name or readable_name(guest.email), line)
        elif guest.name and guest.name != person.name:
            person.aliases[guest.name] = None
        return person

    def meeting(
        self,
        uid: str,
        day: dt.date,
        summary: str,
        event: icalendar.Component,
        master: _Version,
        replies: dict[str, str],
    ) -> None:
        if _text(event.get("STATUS")).upper() == "CANCELLED":
            return
        people = tuple(
            "mailto:" + g.email
            for g in self.guests(master, event)
            if g.status != "DECLINED" and replies.get(g.email) != "DECLINED"
        )
        if people:
            self.meetings.append(Meeting(key=f"{uid}/{day.isoformat()}", on=day, title=summary, people=people))

    def records(self) -> Iterator[Record]:
        for email, person in self.people.items():
            yield Record(
                key="mailto:" + email,
                name=person.name,
                line=person.line,
                aliases=tuple(a for a in person.aliases if a != person.name),
                contacts=(Contact(ContactKind.EMAIL, email),),
                memberships=tuple(person.memberships),
            )

    def notices(self) -> Iterator[Notice]:
        for email, count in self.groups.items():
            events = "1 event" if count == 1 else f"{count:,} events"
            yield Notice(f"{email} is a mailing list (CUTYPE=GROUP) on {events}; its members are unknown, so skipped")
        if self.no_email:
            yield Notice(f"{self.no_email:,} attendee entries without an email address were skipped")
        if self.undated:
            yield Notice(f"{self.undated:,} events without a start date: no meeting logged for them")
        if self.nameless:
            yield Notice(f"{self.nameless:,} events with neither a title nor a date: their people kept, no event group")
        for series in self.capped:
            yield Notice(f"{series}: only the latest {MAX_OCCURRENCES} up to {self.until} are logged as meetings")
        if self.calendars:
            shown = ", ".join(sorted(self.calendars)[:2]) + (" …" if len(self.calendars) > 2 else "")
            many = len(self.calendars) > 1
            what = f"{len(self.calendars):,} guest addresses that are" if many else "1 guest address that is"
            yield Notice(f"{what} a calendar's, not a person's ({shown}): left out")
        for series in self.unexpanded:
            yield Notice(f"cannot expand the recurrence of {series}; only its first occurrence is logged")


_LINK = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+$", re.IGNORECASE)


def _details(event: icalendar.Component) -> tuple[str, str]:
    """(place, description) of an event: a LOCATION that is a link (a video call) is no place, so it is kept
    at the end of the description instead.

    >>> event = "BEGIN:VEVENT\\r\\nLOCATION:https://zoom.us/j/1\\r\\nDESCRIPTION:Q3\\r\\nEND:VEVENT\\r\\n"
    >>> _details(icalendar.Event.from_ical(event))
    ('', 'Q3\\nhttps://zoom.us/j/1')
    """
    place, about = _text(event.get("LOCATION")), invites.text_value(event.get("DESCRIPTION"))
    if _LINK.match(place):
        return "", "\n".join(part for part in (about, place) if part)
    return place, about


def _role(guest: _Guest, status: str) -> str:
    """The part a guest played (see :meth:`_Reader.members`).

    >>> _role(_Guest("a@x", "A", "DECLINED", False, "OPT-PARTICIPANT"), "DECLINED")
    'declined (optional)'
    >>> _role(_Guest("a@x", "A", "ACCEPTED", False, "CHAIR"), "ACCEPTED"), _role(_Guest("a@x", "A", "", True), "")
    ('chair', 'organizer')
    """
    if guest.organizer:
        return "organizer"
    part = _ROLES.get(guest.role, "")
    if status == "DECLINED":
        return f"declined ({part})" if part else "declined"
    return part


def _rank(role: str) -> int:
    """Organizer above chair above a required, optional, informed guest; a decline below all."""
    return _ROLE_RANK.get(role, 0)


def _frequencies(event: icalendar.Component) -> set[str]:
    """The FREQ of each RRULE of an event (none for a rule icalendar could not read: expanding it fails
    later, and is handled there)."""
    found: set[str] = set()
    for rule in invites.all_values(event.get("RRULE")):
        try:
            found |= {str(f).upper() for f in rule.get("FREQ", [])}
        except Exception:  # icalendar's placeholder for a broken property raises on any access
            continue
    return found


def _chosen(versions: list[_Version]) -> tuple[_Version, list[_Version]]:
    """The series' master (highest SEQUENCE, later on a tie) and its latest moved occurrences."""
    # Replies and counter-proposals come from attendees; the organizer's own copy defines the event.
    own = [v for v in versions if v.method not in _FROM_ATTENDEES] or versions
    masters = [v for v in own if "RECURRENCE-ID" not in v.event] or own[:1]
    master = max(masters, key=lambda v: (_sequence(v.event), v.index))
    latest: dict[str, _Version] = {}
    for version in versions:
        if "RECURRENCE-ID" in version.event and version is not master:
            key = str(version.event.get("RECURRENCE-ID").to_ical())
            if key not in latest or _sequence(version.event) >= _sequence(latest[key].event):
                latest[key] = version
    return master, list(latest.values())


def _sequence(event: icalendar.Component) -> int:
    try:
        return int(str(event.get("SEQUENCE", 0)))
    except ValueError:
        return 0


def _local_day(value: dt.date, zone: dt.tzinfo | None) -> dt.date:
    """The calendar day of a start: its own time zone's day; a UTC time in the calendar's zone.

    >>> la = zoneinfo.ZoneInfo("America/Los_Angeles")
    >>> _local_day(dt.datetime(2024, 3, 1, 23, 30, tzinfo=la), None)
    datetime.date(2024, 3, 1)
    >>> _local_day(dt.datetime(2024, 3, 2, 7, 30, tzinfo=dt.UTC), la)
    datetime.date(2024, 3, 1)
    """
    if not isinstance(value, dt.datetime):
        return value
    if zone is not None and value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
        return value.astimezone(zone).date()
    return value.date()


def _zone(component: icalendar.Component) -> dt.tzinfo | None:
    """The calendar-wide zone Google and Apple name in X-WR-TIMEZONE, when it is a known IANA zone."""
    name = str(component.get("X-WR-TIMEZONE", "")).strip()
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        return None


_PACE = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 28, "YEARLY": 365}


def _pace(event: icalendar.Component) -> dt.timedelta:
    """The shortest period of an event's rules (FREQ times INTERVAL), which sizes the window expanded: a day
    for a series of RDATEs or a rule that cannot be read.

    >>> _pace(icalendar.Event.from_ical("BEGIN:VEVENT\\r\\nRRULE:FREQ=MONTHLY;INTERVAL=2\\r\\nEND:VEVENT\\r\\n"))
    datetime.timedelta(days=56)
    """
    days: list[int] = []
    for rule in invites.all_values(event.get("RRULE")):
        try:
            interval = max(int(str((rule.get("INTERVAL") or [1])[0])), 1)
            days += [_PACE.get(str(f).upper(), 1) * interval for f in rule.get("FREQ", [])]
        except Exception:  # icalendar's placeholder for a broken property raises on any access
            days.append(1)
    return dt.timedelta(days=min(days, default=1))


def _finite(event: icalendar.Component, by: dt.date) -> bool:
    """Whether an event's recurrence ends early enough to expand whole: RDATEs only, or every rule with a
    COUNT of at most :data:`MAX_SCAN` or an UNTIL before ``by``."""
    for rule in invites.all_values(event.get("RRULE")):
        try:
            count = rule.get("COUNT")
            until = rule.get("UNTIL")
            if count and int(str(count[0])) <= MAX_SCAN:
                continue
            last = until[0] if until else None
            if isinstance(last, dt.date) and (last.date() if isinstance(last, dt.datetime) else last) <= by:
                continue
        except Exception:  # icalendar's placeholder for a broken property raises on any access
            pass
        return False
    return True


def _start_text(event: icalendar.Component) -> str:
    value = event.get("DTSTART")
    return str(getattr(value, "dt", value))


def _text(value: Any) -> str:
    return " ".join(invites.text_value(value).split())


SOURCE = Format("ics", sniff, lambda path, options: parse(path, until=options.until))


_BROKEN = re.compile(r"broken property '(?P<field>[A-Z-]+)'.*Got: '(?P<value>[^']*)'", re.DOTALL)


def _plain(exc: BaseException) -> tuple[str, str]:
    """The property and the words a user can act on, from a recurrence error: icalendar's "Cannot access 'dts' on
    broken property 'RDATE' (expected 'vDDDLists'): … Got: '20131210Z'" is "RDATE '20131210Z' is not a date".

    >>> _plain(ValueError("Cannot access 'dts' on broken property 'RDATE' (expected 'vDDDLists'): Got: '2013Z'"))
    ('RDATE', "RDATE '2013Z' is not a date or time")
    >>> _plain(ValueError("bad rule"))
    ('', 'bad rule')
    """
    text = str(exc)
    if (match := _BROKEN.search(text)) is not None:
        return match["field"], f"{match['field']} '{match['value']}' is not a date or time"
    return "", text


def _a_calendar(email: str) -> bool:
    """An address that is a calendar's own, not a person's: Google's "Contacts" birthday calendar (``…@virtual``),
    its group, resource and imported calendars (``…calendar.google.com``).

    >>> _a_calendar("4dhmurjk@virtual"), _a_calendar("abc@group.calendar.google.com"), _a_calendar("ann@google.com")
    (True, True, False)
    """
    domain = email.rpartition("@")[2].lower()
    return domain == "virtual" or domain.endswith("calendar.google.com")
