"""The event briefing: who will be there, what you share with each, and what is open between you."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kithkin.common_ground import CommonGround
from kithkin.errors import InputError, NoMe, UnknownPerson
from kithkin.identity import name_key
from kithkin.model import ContactKind, FollowUp, Goal, Group, GroupKind, Interaction, Person, Tie
from kithkin.resolution import domain_hint
from kithkin.services.common_ground import compare_many
from kithkin.services.groups import lookup_group
from kithkin.services.people import headline, resolve_person
from kithkin.sources.icalendar.invites import Invite, pick_invite, read_invite
from kithkin.store import Store
from kithkin.text import is_number, plural

#: A briefing covers at most this many attendees (a conference invite can list thousands).
MAX_ATTENDEES = 500
#: Mail providers whose domain says nothing about an employer.
PERSONAL_DOMAINS = frozenset(
    {
        *("gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com", "live.com", "icloud.com"),
        *("me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "mail.com", "yandex.com"),
        *("example.com", "example.org", "example.net"),
    }
)


@dataclass(frozen=True)
class Entry:
    """One attendee the store knows, with everything worth knowing before saying hello."""

    person: Person
    headline: str
    ground: CommonGround
    tie: Tie | None
    last: Interaction | None
    goals: tuple[Goal, ...]
    followups: tuple[FollowUp, ...]
    value: float
    #: "host" or "speaker" at the event briefed (an invitation's organizer is its host): the briefing named
    #: everyone alike, the host of the happy hour among the guests
    part: str = ""


@dataclass(frozen=True)
class Stranger:
    """An attendee the store does not know, with what can be guessed."""

    name: str
    email: str
    guess: str


@dataclass(frozen=True)
class Briefing:
    title: str
    when: str
    me: Person
    entries: tuple[Entry, ...]
    strangers: tuple[Stranger, ...]
    truncated: int = 0  # attendees left out past MAX_ATTENDEES
    place: str = ""  # where it is held: the invitation's LOCATION, or the event's place in the store
    you: bool = True  # the user is on its list (an event in the store may be one they were not invited to)
    past: bool = False  # its day is before today: a look back, not a preparation
    today: dt.date | None = None  # the day it was made for: what is overdue


@dataclass(frozen=True)
class Upload:
    """An invitation that arrived as bytes (the web page's upload), with the file name it came under."""

    name: str
    data: bytes


@dataclass(frozen=True)
class _Invitee:
    name: str
    email: str
    part: str = ""


def brief(
    store: Store,
    *,
    invite: Path | Upload | None = None,
    people: Sequence[str] = (),
    event: str | None = None,
    today: dt.date | None = None,
) -> Briefing:
    """Brief the user on an invite (.ics), a list of people, or an event already in the store."""
    if sum(bool(x) for x in (invite, people, event)) != 1:
        raise InputError("brief one thing: an invite file, --people, or --event")
    me = store.me()
    if me is None:
        raise NoMe()
    title, when, place, leave_out, you, past = "Your gathering", "", "", None, True, False
    if invite is not None:
        parsed = _read(invite)
        title, when, place = parsed.summary or invite.name, _moment(parsed.start), parsed.location
        # Who declined is not coming; the event itself (once imported) is not common ground with its guests.
        invitees = [_Invitee(a.name, a.email, "host" if a.role.upper() == "ORGANIZER" else "")
                    for a in parsed.attendees if a.status.upper() != "DECLINED"]  # fmt: skip
        start = parsed.start.date() if isinstance(parsed.start, dt.datetime) else parsed.start
        past = today is not None and start is not None and start < today
        imported = store.find_group(GroupKind.EVENT, parsed.summary) if parsed.summary else None
        leave_out = imported.id if imported is not None else None
    elif event:
        found = _event(store, event)
        if found is None or found.id is None:
            raise InputError(f"no event called {event!r} (the Groups page and `kithkin group list --kind event` "
                             "list the events)")  # fmt: skip
        title, when, place, leave_out = found.name, str(found.on or ""), found.place, found.id
        guests = store.members(found.id, declined=False)
        parts = store.member_parts(found.id)
        invitees = [_Invitee(f"#{pid}", "", parts.get(pid, "")) for pid in guests]
        you = me.id in guests
        past = today is not None and found.on is not None and found.on.last_day < today
    else:
        invitees = [_Invitee(ref.strip(), ref.strip() if "@" in ref else "") for ref in people if ref.strip()]
    known, strangers, parts = _recognise(store, invitees, me, strict=not invite)
    truncated = max(0, len(known) - MAX_ATTENDEES)
    known = known[:MAX_ATTENDEES]
    entries = [replace(e, part=parts.get(e.person.id or 0, "")) for e in _entries(store, me, known, today, leave_out)]
    return Briefing(title, when, me, tuple(entries), tuple(strangers), truncated, place, you, past, today)


def _moment(start: dt.datetime | dt.date | None) -> str:
    """An invitation's start as ISO text, its IANA zone after it in brackets (RFC 9557) when it has one: shown in
    its own zone, not only in the machine's (:func:`kithkin.text.when`)."""
    if start is None:
        return ""
    key = getattr(start.tzinfo, "key", None) if isinstance(start, dt.datetime) else None
    return f"{start.isoformat()}[{key}]" if key else str(start)


def _read(invite: Path | Upload) -> Invite:
    return read_invite(invite) if isinstance(invite, Path) else pick_invite(invite.data, invite.name)


def _event(store: Store, ref: str) -> Group | None:
    """The event named ``ref``, or numbered ``#id`` (two events may share a name: another year, another event)."""
    if ref.startswith("#") and is_number(ref[1:]):
        found = store.get_groups([int(ref[1:])]).get(int(ref[1:]))
        return found if found is not None and found.kind is GroupKind.EVENT else None
    return store.find_group(GroupKind.EVENT, ref)


def events(store: Store, limit: int = 200) -> list[tuple[Group, int]]:
    """The events one can be briefed on, the latest first, with how many people went."""
    found = store.list_groups(GroupKind.EVENT)
    found.sort(key=lambda pair: (str(pair[0].on or ""), pair[0].name), reverse=True)
    return found[:limit]


def _recognise(
    store: Store, invitees: Sequence[_Invitee], me: Person, *, strict: bool
) -> tuple[list[Person], list[Stranger], dict[int, str]]:
    """Match invitees to people: by email, then by exact name; ``strict`` raises on unknown names. And who of them
    had a part (host, speaker)."""
    known: dict[int, Person] = {}
    parts: dict[int, str] = {}
    strangers: list[Stranger] = []
    mine: set[int] | None = None  # the user's ties, read once when a stranger's employer is guessed
    for invitee in invitees:
        person = _match(store, invitee, strict=strict)
        if person is None:
            if mine is None:
                mine = set(store.neighbours(me.id or 0))
            strangers.append(Stranger(invitee.name, invitee.email, _guess(store, invitee.email, me.id or 0, mine)))
        elif person.id != me.id and person.id is not None:
            known.setdefault(person.id, person)
            if invitee.part:
                parts[person.id] = invitee.part
    return list(known.values()), strangers, parts


def _match(store: Store, invitee: _Invitee, *, strict: bool) -> Person | None:
    if strict:
        try:
            return resolve_person(store, invitee.name)
        except UnknownPerson:
            if "@" in invitee.name:  # an address not in the store: someone new
                return None
            raise
    if invitee.email:
        ids = store.people_with_contact(ContactKind.EMAIL, invitee.email)
        if len(ids) == 1:
            return store.get_person(ids[0])
    if invitee.name:
        ids = store.people_named(name_key(invitee.name))
        if len(ids) == 1:
            return store.get_person(ids[0])
    return None


def _guess(store: Store, email: str, me: int, mine: set[int]) -> str:
    """What an email address suggests about someone: usually their employer, with how many of the people the user
    knows (``mine``: their ties) have worked there, and how many are on file (it counted everyone on file, the user
    too, as "people you know": 85 of whom the user knew 28)."""
    if "@" not in email:
        return ""
    domain = email.rsplit("@", 1)[1].lower()
    if domain in PERSONAL_DOMAINS:
        return "personal email address"
    stem = domain.split(".")[-2] if "." in domain else domain
    employer = lookup_group(store, GroupKind.EMPLOYER, stem)
    if employer is not None and employer.id is not None:
        members = set(store.members(employer.id))
        known = len(members & mine)
        they = plural(known, "person you know has", "people you know have") if known else "nobody you know has"
        on_file = f"{len(members - {me}):,} on file" + (", and you" if me in members else "")
        return f"probably works at {employer.name} ({domain}); {they} worked there ({on_file})"
    institution = domain_hint(email)
    if institution is not None:
        return f"probably at {institution} (from {email}) — a guess"
    return f"email at {domain}"


def _entries(
    store: Store, me: Person, people: Sequence[Person], today: dt.date | None, leave_out: int | None
) -> list[Entry]:
    ids = [p.id for p in people if p.id is not None]
    grounds = compare_many(store, me, people, today=today, leave_out=leave_out)
    last = store.last_interactions(ids)
    goals = store.open_goals(ids)
    followups = store.open_followups(ids)
    assert me.id is not None
    entries = []
    for person, ground in zip(people, grounds, strict=True):
        pid = person.id or 0
        tie = store.get_tie(me.id, pid)
        value = ground.score + 10 * len(goals.get(pid, [])) + 3 * len(followups.get(pid, []))
        entries.append(
            Entry(
                person=person,
                headline=_headline(store, pid),
                ground=ground,
                tie=tie,
                last=last.get(pid),
                goals=tuple(goals.get(pid, [])),
                followups=tuple(followups.get(pid, [])),
                value=value,
            )
        )
    entries.sort(key=lambda e: (-e.value, e.person.name))
    return entries


def _headline(store: Store, pid: int) -> str:
    """Who someone is in a line: current title and employer, and city."""
    return headline(store, pid)
