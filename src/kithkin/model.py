"""Domain types: what kithkin knows about people and the things they share.

Everything here is a frozen dataclass built from the standard library only, so
the pure capabilities (common ground, the network engine, gatherings,
follow-ups) can be tested without a database and the store can map rows to
objects in one place.

The central idea is the *group*: anything two people can have in common — a
school, an employer, an event, a community, a place or an interest. A person's
:class:`Affiliation` with a group carries the specifics (major, title, team,
years) that make shared ground specific rather than vague.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field


class GroupKind(enum.StrEnum):
    """The kinds of thing people can share."""

    SCHOOL = "school"
    EMPLOYER = "employer"
    EVENT = "event"
    COMMUNITY = "community"
    PLACE = "place"
    INTEREST = "interest"


class ContactKind(enum.StrEnum):
    """Ways to reach or identify a person; each value is kept with its source."""

    EMAIL = "email"
    PHONE = "phone"
    HANDLE = "handle"
    URL = "url"


@functools.total_ordering
@dataclass(frozen=True)
class FuzzyDate:
    """A date known to the year, the month or the day.

    People remember "1998" or "May 2019" far more often than a full date, and a
    school affiliation rarely needs more than years. Ordering compares the
    known parts, so 1998 < 1998-05 < 1998-05-17 < 1999.

    >>> str(FuzzyDate(1998, 5))
    '1998-05'
    >>> FuzzyDate(1998) < FuzzyDate(1998, 5, 17) < FuzzyDate(1999)
    True
    >>> FuzzyDate(1998, 0, 10)
    Traceback (most recent call last):
    ...
    ValueError: month must be in 1..12
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Validates the calendar (rejects 2023-02-30, and a month or day 00: 0 is not "unknown").
        dt.date(self.year, 1 if self.month is None else self.month, 1 if self.day is None else self.day)

    def _key(self) -> tuple[int, int, int]:
        # A missing part sorts first: the year 1998 begins before May 1998.
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def first_day(self) -> dt.date:
        """The earliest calendar day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The latest calendar day this date can mean."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        if self.month is not None:
            following = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    @classmethod
    def from_date(cls, day: dt.date) -> FuzzyDate:
        """The exact date ``day``."""
        return cls(day.year, day.month, day.day)


@dataclass(frozen=True)
class Contact:
    """One email, phone, handle or profile URL of a person."""

    kind: ContactKind
    value: str
    label: str = ""


@dataclass(frozen=True)
class Person:
    """Someone in the user's network — or the user ("me").

    ``aliases`` holds other names the person goes by (a nickname, a maiden
    name); ``contacts`` holds emails, phones, handles and profile URLs.
    """

    name: str
    id: int | None = None
    aliases: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    is_me: bool = False

    def values(self, kind: ContactKind) -> tuple[str, ...]:
        """The person's contact values of one kind, in order."""
        return tuple(c.value for c in self.contacts if c.kind is kind)

    @property
    def emails(self) -> tuple[str, ...]:
        return self.values(ContactKind.EMAIL)

    @property
    def phones(self) -> tuple[str, ...]:
        return self.values(ContactKind.PHONE)


@dataclass(frozen=True)
class Address:
    """A postal address as a contacts app keeps it (the seven parts of a vCard ADR); any part may be empty.

    >>> Address(street="1 Main St", locality="Springfield", postcode="12345").text
    '1 Main St, Springfield 12345'
    """

    pobox: str = ""
    extended: str = ""
    """The apartment or suite ("Flat 2")."""
    street: str = ""
    locality: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""
    label: str = ""
    """Home, work…, as the file said."""

    @property
    def text(self) -> str:
        """The address on one line, parts that are known only."""
        place = " ".join(p for p in (self.locality, self.region, self.postcode) if p)
        pobox = f"PO Box {self.pobox}" if self.pobox else ""
        return ", ".join(p for p in (pobox, self.extended, self.street, place, self.country) if p)


@dataclass(frozen=True)
class Group:
    """A school, employer, event, community, place or interest.

    ``aliases`` are other names for the same thing ("SDSU" for "San Diego
    State University"); ``on`` is the date of an event and ``place`` the name
    of the place it was held (an invitation's LOCATION), shown with it; it does
    not take part in comparing groups (the group is the same wherever it met).
    """

    kind: GroupKind
    name: str
    id: int | None = None
    aliases: tuple[str, ...] = ()
    on: FuzzyDate | None = None
    place: str = field(default="", compare=False)


@dataclass(frozen=True)
class Affiliation:
    """A person's membership of a group, with what made it specific.

    ``role`` is the major or degree at a school, the title or team at an
    employer, the part someone played at an event. ``start``/``end`` may be
    open (``None``): an open end means "still".
    """

    person_id: int
    group: Group
    role: str = ""
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    source: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Tie:
    """Two people who know each other.

    ``closeness`` is what the user states (1 = acquaintance … 5 = closest);
    ``None`` means not stated, and the network engine infers a strength.
    ``via_group_id`` points at the shared group that explains the tie when
    one does (classmates, colleagues, met at an event).
    """

    a: int
    b: int
    how: str = ""
    since: FuzzyDate | None = None
    introduced_by: int | None = None
    closeness: int | None = None
    via_group_id: int | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if self.a == self.b:
            raise ValueError("a tie needs two different people")
        if self.closeness is not None and not 1 <= self.closeness <= 5:
            raise ValueError("closeness is 1 to 5")

    def other(self, person_id: int) -> int:
        """The person at the other end from ``person_id``."""
        return self.b if person_id == self.a else self.a


class InteractionKind(enum.StrEnum):
    """What happened when the user and others interacted."""

    MET = "met"
    CALL = "call"
    EMAIL = "email"
    MESSAGE = "message"
    MEAL = "meal"
    FAVOUR = "favour"
    INTRO_MADE = "intro-made"
    INTRO_RECEIVED = "intro-received"
    REFERRAL = "referral"
    GIFT = "gift"
    EVENT = "event"

    @property
    def label(self) -> str:
        """The words a person reads for this kind; the value stays what data, the API and exports hold.

        >>> InteractionKind.INTRO_MADE.label, InteractionKind.MEAL.label
        ('introduction made', 'meal')
        """
        return _INTERACTION_LABELS.get(self.value, self.value)


#: Labels for the kinds whose stored value is not already plain words (the rest read as they are stored).
_INTERACTION_LABELS = {
    "intro-made": "introduction made",
    "intro-received": "introduction received",
    "event": "at an event",
}


@dataclass(frozen=True)
class Interaction:
    """Something that happened between the user and one or more people.

    ``gave`` and ``received`` name who gave and who received help in it (the
    give-and-take ledger reads them); both may be empty for a plain catch-up.
    """

    on: dt.date
    kind: InteractionKind
    people: tuple[int, ...]
    gave: tuple[int, ...] = ()
    received: tuple[int, ...] = ()
    note: str = ""
    source: str = ""
    id: int | None = None


class Status(enum.StrEnum):
    """Where a goal or follow-up stands."""

    OPEN = "open"
    DONE = "done"
    SNOOZED = "snoozed"
    DROPPED = "dropped"


@dataclass(frozen=True)
class Goal:
    """Something the user wants out of their network ("reach Dana Reyes")."""

    text: str
    person_id: int | None = None
    due: dt.date | None = None
    status: Status = Status.OPEN
    created: dt.date | None = None
    id: int | None = None


@dataclass(frozen=True)
class FollowUp:
    """A thing to do about someone by a date."""

    person_id: int
    due: dt.date
    text: str = ""
    status: Status = Status.OPEN
    goal_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class Profile:
    """A person with everything the store knows about them, for display."""

    person: Person
    affiliations: tuple[Affiliation, ...] = ()
    ties: tuple[tuple[Tie, Person], ...] = ()
    sources: tuple[str, ...] = field(default=())
    guesses: tuple[str, ...] = ()
    """What their email addresses suggest ('probably at San Diego State University (from ann@sdsu.edu) — a
    guess'), only for someone with no school or employer; never stored as a fact."""
    addresses: tuple[Address, ...] = ()
    follows: tuple[str, ...] = ()
    """One-way follows with the user, in words ("follows you on X", "you follow them on X"): not ties."""
    birthday: str = ""
    """As the store keeps it ("1980-04-15", "--04-15", "1980"): shown with the profile, the user's own too (it was
    shown only in the panel of what the user and someone did together)."""
    introducers: Mapping[int, str] = field(default_factory=dict)
    """Who introduced the person to each of their ties, by id (:attr:`Tie.introduced_by`): kept, and shown nowhere
    but in a comparison of the two ("introduced by a friend" was all a profile said)."""


@dataclass(frozen=True)
class Summary:
    """Counts that describe a whole network at a glance."""

    people: int
    ties: int
    groups: dict[GroupKind, int]
    affiliations: int
    me: Person | None
    top_groups: dict[GroupKind, tuple[tuple[str, int], ...]]
