"""Plain-language phrases for facts, shared by every way kithkin shows them."""

from __future__ import annotations

import datetime as dt

from kithkin.model import Affiliation, FuzzyDate, GroupKind

KIND_TITLES = {
    GroupKind.SCHOOL: "Schools",
    GroupKind.EMPLOYER: "Employers",
    GroupKind.EVENT: "Events",
    GroupKind.COMMUNITY: "Communities",
    GroupKind.PLACE: "Places",
    GroupKind.INTEREST: "Interests",
}

CLOSENESS_WORDS = {1: "acquaintance", 2: "casual", 3: "friend", 4: "close", 5: "closest"}


def first_name(name: str) -> str:
    """What to call someone in a sentence: their first name.

    >>> first_name("Dana Reyes"), first_name("")
    ('Dana', '')
    """
    words = name.split()
    return words[0] if words else name


def span(start: FuzzyDate | None, end: FuzzyDate | None) -> str:
    """A period as people write it.

    >>> span(FuzzyDate(1998), FuzzyDate(2002))
    '1998–2002'
    >>> span(FuzzyDate(2011), None)
    '2011–now'
    >>> span(None, None)
    ''
    >>> span(None, FuzzyDate(2002))
    'until 2002'
    """
    if start is None and end is None:
        return ""
    if start is None:
        return f"until {end}"
    if end is None:
        return f"{start}–now"
    if start == end:
        return str(start)
    return f"{start}–{end}"


def affiliation_detail(aff: Affiliation) -> str:
    """Role and period of an affiliation: "Marketing, 1998–2002".

    >>> from kithkin.model import Group
    >>> sdsu = Group(GroupKind.SCHOOL, "SDSU")
    >>> affiliation_detail(Affiliation(1, sdsu, "Marketing", FuzzyDate(1998), FuzzyDate(2002)))
    'Marketing, 1998–2002'
    """
    parts = [aff.role] if aff.role else []
    when = span(aff.start, aff.end)
    if when:
        parts.append(when)
    elif aff.group.on is not None:
        parts.append(str(aff.group.on))
    return ", ".join(parts)


def plural(count: int, one: str, many: str | None = None) -> str:
    """A count with its noun agreeing: "1 person", "2 people", "1,204 reminders".

    ``many`` defaults to ``one`` + "s"; only the last word of a phrase changes.

    >>> plural(1, "person", "people"), plural(2, "person", "people"), plural(0, "reminder")
    ('1 person', '2 people', '0 reminders')
    >>> plural(1, "other attendee"), plural(1204, "day overdue", "days overdue")
    ('1 other attendee', '1,204 days overdue')
    """
    return f"{count:,} {one if count == 1 else (many if many is not None else one + 's')}"


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when(value: dt.date | dt.datetime | str | None) -> str:
    """A day or a moment in words, in the user's own time zone: "Sun 10 Jan 2027", "Sun 10 Jan 2027, 18:00".

    A moment with a time zone is shown in the machine's local zone; one without is taken as local
    already. ISO text (as files and the store hold it) is read first; anything else is returned as is.

    >>> when(dt.date(2027, 1, 10))
    'Sun 10 Jan 2027'
    >>> when(dt.datetime(2027, 1, 10, 18, 0))
    'Sun 10 Jan 2027, 18:00'
    >>> when("2025-06-01"), when(None), when("spring")
    ('Sun 1 Jun 2025', '', 'spring')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
        except ValueError:
            return text
    if isinstance(value, dt.datetime):
        local = value.astimezone() if value.tzinfo is not None else value
        return f"{_day_words(local.date())}, {local:%H:%M}"
    return _day_words(value)


def _day_words(day: dt.date) -> str:
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"
