"""What a source file says about people, before anyone decides who is who.

Every importer turns its format into the same few items, so identity
resolution and saving are written once (STYLE.md: "importers are parse +
save"). A parser is a generator of items; the importer consumes them in one
transaction, so a million-row directory never sits in memory as a whole and a
bad row halfway through still leaves the store untouched.

* :class:`Record` — one person as the file describes them. ``key`` is stable
  within the file across exports (a vCard UID, a LinkedIn profile URL, an
  account id, an email, else a name), which is what makes re-importing the
  same file idempotent and a newer export an update.
* :class:`Link` — two records that know each other (a LinkedIn connection
  with the user, a mutual follow).
* :class:`Follow` — a one-way follow between the user and a record (an X
  account the user follows, or one following the user): not a tie, since a
  follow is not a friendship.
* :class:`Meeting` — the user met these people on a day (a past calendar
  event); it becomes an interaction, so follow-up timers reset.
* :class:`Notice` — something the file had that kithkin did not take (an
  unknown column, a photo), reported to the user rather than fatal.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from kithkin.model import Address, Contact, ContactKind, FuzzyDate, GroupKind

ME = "@me"
"""The key that stands for the user in a :class:`Link` or :class:`Meeting`."""


@dataclass(frozen=True)
class Membership:
    """A person's place in a group as a file states it (employer with title, school with major)."""

    kind: GroupKind
    name: str
    role: str = ""
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    on: FuzzyDate | None = None
    """The day of an event group (the group's date, not the person's)."""
    place: str = ""
    """Where an event group took place (its LOCATION), resolved as a place; the group's, like ``on``."""
    about: str = ""
    """What an event group was about (its DESCRIPTION); the group's, like ``on``."""


@dataclass(frozen=True)
class Record:
    """One person from one file.

    ``line`` is where the record starts (1-based) so that a later problem can
    still be reported against the file. ``is_me`` marks a record that
    describes the user (LinkedIn's Profile/Positions/Education files).
    """

    key: str
    name: str
    line: int = 0
    aliases: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    birthday: str = ""
    """As the file gives it, ISO-like: "1980-04-15", "1980", or "--04-15" without a year."""
    memberships: tuple[Membership, ...] = ()
    is_me: bool = False
    addresses: tuple[Address, ...] = ()
    """Postal addresses (vCard ADR), street and post code included."""
    related: tuple[str, ...] = ()
    """Keys of other records this person knows (vCard RELATED naming another card's UID)."""


@dataclass(frozen=True)
class Link:
    """Two people in the file know each other; either key may be :data:`ME`."""

    a: str
    b: str
    how: str = ""
    since: FuzzyDate | None = None


@dataclass(frozen=True)
class Follow:
    """The user follows ``key`` (``follows_me`` False) or ``key`` follows the user (True) on ``network``, one way."""

    key: str
    follows_me: bool
    network: str


@dataclass(frozen=True)
class Meeting:
    """The people of a past event, for an interaction if the user was there.

    ``key`` is stable across re-imports (UID plus the occurrence's day), so
    the same occurrence is logged once.
    """

    key: str
    on: dt.date
    title: str
    people: tuple[str, ...]


@dataclass(frozen=True)
class Notice:
    """Something in the file that was not taken; shown to the user after the import."""

    message: str
    line: int | None = None
    unreadable: bool = False
    """Something could not be read and was skipped (a property, a record, a file): ``--strict`` fails on it."""
    kept: str = ""
    """What the import did instead ("what the card had is kept"): said after the message, and not when
    ``--strict`` fails on it (where it was not true: "… what the card had is kept (--strict: nothing imported)")."""

    @property
    def said(self) -> str:
        """The message with what was done instead, as the import report shows it."""
        return f"{self.message}; {self.kept}" if self.kept else self.message


Item = Record | Link | Follow | Meeting | Notice


def record_to_json(record: Record) -> str:
    """The record as compact JSON, as kept in the store to see what a re-import changed.

    The line number is left out: moving a card within its file changes nothing. Fields added later
    (addresses; an event's place and description) are written only when present, so a record that has none
    reads the same as before they existed and a re-import of an unchanged file stays unchanged.

    >>> r = Record("k", "Dana Reyes", memberships=(Membership(GroupKind.SCHOOL, "SDSU", end=FuzzyDate(2001)),))
    >>> record_from_json(record_to_json(r)) == r
    True
    >>> r = Record("k", "Dana", memberships=(Membership(GroupKind.EVENT, "Lunch", place="Canteen", about="Q3"),),
    ...            addresses=(Address(street="1 Main St", postcode="12345"),), related=("k2",))
    >>> record_from_json(record_to_json(r)) == r
    True
    """
    data: list[object] = [
        record.key,
        record.name,
        record.aliases,
        [(c.kind, c.value, c.label) for c in record.contacts],
        record.tags,
        record.notes,
        record.birthday,
        [_membership_row(m) for m in record.memberships],
        record.is_me,
    ]
    more: dict[str, object] = {}
    if record.addresses:
        more["addresses"] = [_address_row(a) for a in record.addresses]
    if record.related:
        more["related"] = list(record.related)
    if more:
        data.append(more)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def record_from_json(text: str) -> Record:
    """Read back :func:`record_to_json`."""
    key, name, aliases, contacts, tags, notes, birthday, memberships, is_me, *more = json.loads(text)
    return Record(
        key=key,
        name=name,
        aliases=tuple(aliases),
        contacts=tuple(Contact(ContactKind(k), v, label) for k, v, label in contacts),
        tags=tuple(tags),
        notes=notes,
        birthday=birthday,
        memberships=tuple(
            Membership(GroupKind(k), group, role, _date(start), _date(end), _date(on), *extra)
            for k, group, role, start, end, on, *extra in memberships
        ),
        is_me=is_me,
        addresses=tuple(Address(*parts) for parts in (more[0] if more else {}).get("addresses", ())),
        related=tuple((more[0] if more else {}).get("related", ())),
    )


def _membership_row(m: Membership) -> list[object]:
    row: list[object] = [m.kind, m.name, m.role, _date_text(m.start), _date_text(m.end), _date_text(m.on)]
    return [*row, m.place, m.about] if m.place or m.about else row


def _address_row(a: Address) -> list[str]:
    return [a.pobox, a.extended, a.street, a.locality, a.region, a.postcode, a.country, a.label]


def _date_text(value: FuzzyDate | None) -> str | None:
    return None if value is None else str(value)


def _date(text: str | None) -> FuzzyDate | None:
    return None if text is None else FuzzyDate(*(int(p) for p in text.split("-")))
