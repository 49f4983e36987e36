"""Keeping in touch: cadences, what is due, the give-and-take ledger (pure; today is always passed in).

One definition of "contact" serves everything here and the network engine's
tie strength: the last day the user and a person were together in any way —
a logged interaction, an imported calendar event, or a group activity both
attended. A keep-in-touch timer resets on any of them (the most-requested
fix in personal CRMs, whose timers reset only on interactions logged by hand).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kithkin.errors import InputError
from kithkin.model import InteractionKind

_EVERY = re.compile(r"^\s*(\d+)\s*(d|w|m|y|days?|weeks?|months?|years?)\s*$", re.IGNORECASE)
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
#: Cadences said in a word ("fortnightly" was refused, and "2 weeks", which the date fields beside it take).
_EVERY_WORDS = {"daily": 1, "weekly": 7, "fortnightly": 14, "biweekly": 14, "monthly": 30, "quarterly": 90,
                "yearly": 365, "annually": 365}  # fmt: skip


#: The longest cadence: keeping in touch once a decade. Longer ones are typing mistakes (and would run past
#: the calendar's end).
MAX_CADENCE_DAYS = 3650


def parse_every(text: str) -> int:
    """A cadence in days, from ``30d``, ``2w``, ``3m`` or ``1y``, ``2 weeks``, or a word (``monthly``).

    >>> parse_every("30d"), parse_every("2w"), parse_every("3m"), parse_every("1y")
    (30, 14, 90, 365)
    >>> parse_every("2 weeks"), parse_every("1 month"), parse_every("Fortnightly"), parse_every("quarterly")
    (14, 30, 14, 90)
    """
    if (word := text.strip().lower()) in _EVERY_WORDS:
        return _EVERY_WORDS[word]
    match = _EVERY.match(text)
    if match is None:
        raise InputError(
            f"cannot read {text!r} as a cadence: use a number and days, weeks, months or years (30d, 2 weeks, 3m), "
            "or a word (weekly, fortnightly, monthly, quarterly, yearly)"
        )
    if len(match[1]) > 6:
        raise InputError(f"a cadence is at most {MAX_CADENCE_DAYS} days (10 years), not {text!r}")
    days = int(match[1]) * _UNIT_DAYS[match[2][0].lower()]
    if days <= 0:
        raise InputError(f"a cadence must be at least one day, not {text!r}")
    if days > MAX_CADENCE_DAYS:
        raise InputError(f"a cadence is at most {MAX_CADENCE_DAYS} days (10 years), not {text!r}")
    return days


_KIND_WORDS: tuple[tuple[InteractionKind, tuple[str, ...]], ...] = (
    (InteractionKind.INTRO_RECEIVED, ("introduced me", "intro to me")),
    (InteractionKind.INTRO_MADE, ("i introduced", "introduced them", "intro'd")),
    (InteractionKind.REFERRAL, ("referral", "referred")),
    (InteractionKind.GIFT, ("gift", "present")),
    (InteractionKind.MEAL, ("coffee", "lunch", "dinner", "breakfast", "brunch", "drinks", "beer", "meal")),
    (InteractionKind.MESSAGE, ("text", "message", "dm", "whatsapp", "slack", "sms")),
    (InteractionKind.EMAIL, ("email", "e-mail")),
    (InteractionKind.CALL, ("call", "phone", "zoom", "video", "facetime")),
    (InteractionKind.EVENT, ("party", "conference", "meetup", "happy hour", "event", "wedding")),
    (InteractionKind.FAVOUR, ("helped", "favour", "favor")),
)

#: What ``--got``/``--gave`` words mean.
GIVE_WORDS = {
    "intro": InteractionKind.INTRO_RECEIVED,
    "introduction": InteractionKind.INTRO_RECEIVED,
    "referral": InteractionKind.REFERRAL,
    "favour": InteractionKind.FAVOUR,
    "favor": InteractionKind.FAVOUR,
    "help": InteractionKind.FAVOUR,
    "advice": InteractionKind.FAVOUR,
    "gift": InteractionKind.GIFT,
    "meal": InteractionKind.MEAL,
}


def infer_kind(note: str) -> InteractionKind:
    """The kind of interaction a note describes, from its words; ``met`` when nothing says otherwise.

    Words match with their endings ("texted", "called", "emailing"): "texted happy birthday" was ``met``.

    >>> infer_kind("coffee with Dana; she offered an intro").value
    'meal'
    >>> [infer_kind(n).value for n in ("quick zoom about the role", "texted happy birthday", "called her")]
    ['call', 'message', 'call']
    >>> [infer_kind(n).value for n in ("emailed the deck", "lunch at Nobu", "calligraphy class")]
    ['email', 'meal', 'met']
    """
    text = note.lower()
    for kind, words in _KIND_WORDS:
        if any(re.search(rf"\b{re.escape(w)}(?:s|es|d|ed|ing|ged|ting)?\b", text) for w in words):
            return kind
    return InteractionKind.MET


@dataclass(frozen=True)
class Due:
    """Someone the user meant to keep in touch with, and how it stands."""

    person_id: int
    every_days: int
    last_contact: dt.date | None
    due: dt.date
    overdue_days: int  # negative: due in that many days
    #: the last contact is an event on both lists, not a logged interaction: its name, so that it is said so ("last
    #: contact Mon 21 Dec" was said of someone never contacted, both on a happy hour's guest list)
    last_event: str = ""


def due_contacts(
    cadences: Mapping[int, int],
    last_contact: Mapping[int, dt.date],
    today: dt.date,
    *,
    horizon_days: int = 7,
    snoozed: Mapping[int, dt.date] | None = None,
) -> list[Due]:
    """Whom to contact: everyone whose cadence has run out, or will within ``horizon_days``, most overdue first.

    Someone never contacted is due today.

    >>> d = due_contacts({1: 30, 2: 90}, {1: dt.date(2024, 1, 1), 2: dt.date(2024, 3, 1)}, dt.date(2024, 3, 1))
    >>> [(x.person_id, x.overdue_days) for x in d]
    [(1, 30)]
    """
    found = []
    for pid, every in cadences.items():
        last = last_contact.get(pid)
        # A cadence stored before cadences were bounded must not crash every digest.
        due = today if last is None else last + dt.timedelta(days=min(every, MAX_CADENCE_DAYS))
        if snoozed and pid in snoozed and snoozed[pid] > due:
            due = snoozed[pid]
        overdue = (today - due).days
        if overdue >= -horizon_days:
            found.append(Due(pid, every, last, due, overdue))
    found.sort(key=lambda d: (-d.overdue_days, d.person_id))
    return found


@dataclass(frozen=True)
class Balance:
    """Give and take with one person over a window: what each did for the other."""

    person_id: int
    gave: int  # the user did something for them
    got: int  # they did something for the user
    last: dt.date | None

    @property
    def balance(self) -> int:
        """Positive: the user has given more; negative: they have."""
        return self.gave - self.got


@dataclass(frozen=True)
class Exchange:
    """One interaction as the ledger sees it."""

    on: dt.date
    person_id: int
    user_gave: bool
    user_got: bool


def ledger(exchanges: Iterable[Exchange], today: dt.date, window_days: int = 365) -> dict[int, Balance]:
    """Give-and-take per person over the last ``window_days``.

    >>> day = dt.date(2024, 6, 1)
    >>> gave, got = Exchange(day, 7, True, False), Exchange(day, 7, False, True)
    >>> book = ledger([gave, gave, got], day)
    >>> book[7].balance
    1
    """
    start = today - dt.timedelta(days=window_days)
    gave: dict[int, int] = {}
    got: dict[int, int] = {}
    last: dict[int, dt.date] = {}
    for x in exchanges:
        if not start <= x.on <= today:
            continue
        gave[x.person_id] = gave.get(x.person_id, 0) + int(x.user_gave)
        got[x.person_id] = got.get(x.person_id, 0) + int(x.user_got)
        last[x.person_id] = max(last.get(x.person_id, x.on), x.on)
    return {pid: Balance(pid, gave.get(pid, 0), got.get(pid, 0), last[pid]) for pid in last}


def one_sided(book: Mapping[int, Balance], *, at_least: int = 2) -> list[Balance]:
    """Relationships whose give-and-take leans one way by ``at_least`` or more, most lopsided first."""
    tilted = [b for b in book.values() if abs(b.balance) >= at_least]
    return sorted(tilted, key=lambda b: (-abs(b.balance), b.person_id))


def contact_strength(last: dt.date | None, count: int, gave: int, got: int, today: dt.date) -> float:
    """How alive a relationship is from contact alone, in [0, 1]: recency, frequency and reciprocity.

    The one definition the network engine's tie strength reuses (Gilbert &
    Karahalios 2009 find recency, frequency and reciprocity among the
    strongest predictors). Recency halves every 180 days without contact;
    frequency saturates (log); reciprocity is 1 when give and take balance.

    >>> day = dt.date(2024, 6, 1)
    >>> contact_strength(day, 10, 3, 3, day) > contact_strength(day - dt.timedelta(days=400), 10, 3, 3, day)
    True
    >>> contact_strength(None, 0, 0, 0, day)
    0.0
    """
    if last is None or count <= 0:
        return 0.0
    recency = float(0.5 ** (max((today - last).days, 0) / 180))
    frequency = min(math.log1p(count) / math.log1p(20), 1.0)
    exchanged = gave + got
    reciprocity = 1.0 if exchanged == 0 else 1 - abs(gave - got) / exchanged
    return recency * (0.6 + 0.4 * frequency) * (0.8 + 0.2 * reciprocity)


def rank_overdue(due: Sequence[Due], value: Mapping[int, float]) -> list[Due]:
    """Overdue people by the value of the relationship times how overdue they are (log of days)."""
    overdue = [d for d in due if d.overdue_days >= 0]
    return sorted(overdue, key=lambda d: (-(value.get(d.person_id, 1.0) * math.log1p(d.overdue_days + 1)), d.person_id))


def next_birthday(birthday: str, today: dt.date) -> dt.date | None:
    """The next day (today included) a birthday kept as "1980-04-15" or "--04-15" falls on; None for a
    birthday known only to the year. A 29 February birthday falls on 28 February in other years.

    >>> next_birthday("1980-04-15", dt.date(2025, 3, 1)), next_birthday("--03-01", dt.date(2025, 3, 1))
    (datetime.date(2025, 4, 15), datetime.date(2025, 3, 1))
    >>> next_birthday("--02-29", dt.date(2025, 3, 1)), next_birthday("1980", dt.date(2025, 3, 1))
    (datetime.date(2026, 2, 28), None)
    """
    match = re.fullmatch(r"(?:\d{4}|-)-(\d\d)-(\d\d)", birthday.strip())
    if match is None:
        return None
    month, day = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    for year in (today.year, today.year + 1):
        try:
            found = dt.date(year, month, day)
        except ValueError:
            if (month, day) != (2, 29):
                return None
            found = dt.date(year, 2, 28)
        if found >= today:
            return found
    return None
