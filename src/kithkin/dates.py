"""Reading the dates people type: years, months, full dates and a few words.

Pure functions; "today" is always passed in so tests and the demo can freeze
the clock.
"""

from __future__ import annotations

import datetime as dt
import re

from kithkin.errors import BadDate
from kithkin.model import FuzzyDate

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

#: Days named relative to today, and how many days from today each is.
_RELATIVE = {"yesterday": -1, "today": 0, "tomorrow": 1}
_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def parse_fuzzy(text: str, *, today: dt.date | None = None) -> FuzzyDate:
    """Read a year, a month or a day from what a person typed.

    Accepts ``1998``, ``1998-05``, ``1998-05-17`` (or with ``/``), ``May
    1998``, ``17 May 1998``, ``May 17, 1998``, and ``today``/``yesterday``/``tomorrow``
    when ``today`` is given.

    >>> parse_fuzzy("1998")
    FuzzyDate(year=1998, month=None, day=None)
    >>> str(parse_fuzzy("May 17, 1998"))
    '1998-05-17'
    >>> str(parse_fuzzy("yesterday", today=dt.date(2024, 3, 1)))
    '2024-02-29'
    """
    cleaned = " ".join(text.strip().lower().split())
    if today is not None and cleaned in _RELATIVE:
        return FuzzyDate.from_date(today + dt.timedelta(days=_RELATIVE[cleaned]))
    try:
        if match := _ISO.match(cleaned):
            year, month, day = (int(g) if g else None for g in match.groups())
            assert year is not None
            return FuzzyDate(year, month, day)
        if match := _MONTH_YEAR.match(cleaned):
            return FuzzyDate(int(match[2]), _month(match[1]))
        if match := _DAY_MONTH_YEAR.match(cleaned):
            return FuzzyDate(int(match[3]), _month(match[2]), int(match[1]))
        if match := _MONTH_DAY_YEAR.match(cleaned):
            return FuzzyDate(int(match[3]), _month(match[1]), int(match[2]))
    except (ValueError, KeyError):
        raise BadDate(f"{text!r} is not a real date") from None
    raise BadDate(f"cannot read {text!r} as a date: use a year (1998), a month (1998-05) or a day (1998-05-17)")


def _month(name: str) -> int:
    return _MONTHS[name]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AGO = re.compile(r"^(a|an|one|\d{1,4})\s+(day|week)s?\s+ago$")
_IN = re.compile(r"^in\s+(a|an|one|\d{1,4})\s+(day|week)s?$")
_LAST_NEXT = re.compile(r"^(last|next|this)\s+([a-z]+)$")
_DAY_WORDS = "2024-05-17, 17 May 2024, yesterday, tomorrow, 3 days ago, in 2 weeks, last friday, next monday"


def _relative_day(cleaned: str, today: dt.date) -> dt.date | None:
    """A day said from today: "3 days ago", "in 2 weeks", "last friday" (the one before today), "next monday"
    (the one after today); None when ``cleaned`` says none of these."""
    for pattern, sign in ((_AGO, -1), (_IN, 1)):
        if match := pattern.match(cleaned):
            count = 1 if match[1] in ("a", "an", "one") else int(match[1])
            return today + dt.timedelta(days=sign * count * (7 if match[2] == "week" else 1))
    if (match := _LAST_NEXT.match(cleaned)) and (
        day := next((d for d in _WEEKDAYS if d.startswith(match[2]) and len(match[2]) >= 3), None)
    ):
        wanted = _WEEKDAYS.index(day)
        if match[1] == "last":
            return today - dt.timedelta(days=(today.weekday() - wanted - 1) % 7 + 1)
        return today + dt.timedelta(days=(wanted - today.weekday() - 1) % 7 + 1)
    return None


def parse_day(text: str, *, today: dt.date | None = None) -> dt.date:
    """Read a full calendar day (``2024-05-17``, ``today``, ``yesterday``, and with ``today`` given "3 days ago",
    "in 2 weeks", "last friday", "next monday").

    >>> parse_day("2024-05-17")
    datetime.date(2024, 5, 17)
    >>> monday = dt.date(2027, 3, 1)
    >>> [str(parse_day(t, today=monday)) for t in ("last friday", "next friday", "next mon", "2 days ago", "in a week")]
    ['2027-02-26', '2027-03-05', '2027-03-08', '2027-02-27', '2027-03-08']
    """
    if today is not None and (relative := _relative_day(" ".join(text.strip().lower().split()), today)):
        return relative
    try:
        fuzzy = parse_fuzzy(text, today=today)
    except BadDate as exc:
        if "not a real date" in str(exc):
            raise
        # "use a year (1998), a month (1998-05) or a day" was said where only a day will do
        raise BadDate(f"cannot read {text!r} as a day: say one like {_DAY_WORDS}") from None
    if fuzzy.day is None:
        raise BadDate(f"{text!r} needs a day, like {_DAY_WORDS}")
    return fuzzy.first_day


_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?$")


def parse_time(text: str) -> dt.time:
    """A time of day as people type it: ``18:30``, ``6:30pm``, ``6 pm``, ``18h30``, ``noon``.

    An hour from 1 to 12 alone, with no am or pm ("7"), could be morning or evening: it is refused, not guessed.

    >>> [str(parse_time(t)) for t in ("18:30", "6:30pm", "6 PM", "18h30", "12am", "noon", "9.15 a.m.")]
    ['18:30:00', '18:30:00', '18:00:00', '18:30:00', '00:00:00', '12:00:00', '09:15:00']
    """
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in ("noon", "midday"):
        return dt.time(12)
    if cleaned == "midnight":
        return dt.time(0)
    match = _TIME.match(cleaned)
    if match is None:
        raise BadDate(f"cannot read {text!r} as a time of day: say one like 18:30 or 6:30pm")
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half is None and match[2] is None and 1 <= hour <= 12:
        either = "12:00 (noon) or 00:00 (midnight)" if hour == 12 else f"{hour:02d}:00 or {hour + 12}:00"
        raise BadDate(f"{text!r} could be morning or evening: say {either}")
    if half is not None:
        if not 1 <= hour <= 12:
            raise BadDate(f"{text!r} is not a time of day: with am or pm the hour is 1 to 12")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        raise BadDate(f"{text!r} is not a time of day")
    return dt.time(hour, minute)


def parse_birthday(text: str) -> str:
    """A birthday as typed, kept as "1980-04-15", "--04-15" (no year) or "1980" (the year only).

    >>> parse_birthday("1980-04-15"), parse_birthday("15 April 1980"), parse_birthday("--04-15")
    ('1980-04-15', '1980-04-15', '--04-15')
    >>> parse_birthday("04-15"), parse_birthday("1980")
    ('--04-15', '1980')
    """
    stripped = text.strip()
    if match := re.fullmatch(r"(?:--)?(\d\d)-(\d\d)", stripped):
        try:
            dt.date(2000, int(match[1]), int(match[2]))  # 2000 is a leap year: --02-29 is a birthday
        except ValueError:
            raise BadDate(f"{text!r} is not a day of the year") from None
        return f"--{match[1]}-{match[2]}"
    fuzzy = parse_fuzzy(stripped)
    if fuzzy.month is not None and fuzzy.day is None:
        raise BadDate(f"a birthday needs its day (1980-04-15, --04-15) or only its year, not {text!r}")
    return fuzzy.first_day.isoformat() if fuzzy.day is not None else str(fuzzy.year)


def overlap_years(
    a_start: FuzzyDate | None, a_end: FuzzyDate | None, b_start: FuzzyDate | None, b_end: FuzzyDate | None, *, now: int
) -> tuple[int, int] | None:
    """The span of years two open-or-closed periods share, or ``None``.

    Open starts are unknown and give no overlap; open ends run to ``now``.

    >>> overlap_years(FuzzyDate(1998), FuzzyDate(2002), FuzzyDate(2000), None, now=2024)
    (2000, 2002)
    >>> overlap_years(FuzzyDate(1990), FuzzyDate(1994), FuzzyDate(2000), None, now=2024) is None
    True
    """
    if a_start is None or b_start is None:
        return None
    first = max(a_start.year, b_start.year)
    last = min(a_end.year if a_end else now, b_end.year if b_end else now)
    return (first, last) if first <= last else None


def same_time(
    a_start: FuzzyDate | None, a_end: FuzzyDate | None, b_start: FuzzyDate | None, b_end: FuzzyDate | None, *, now: int
) -> bool | None:
    """Whether two periods that share years (:func:`overlap_years`) were running at the same time: ``True``,
    ``False`` when their months show they were not, ``None`` when the dates cannot tell.

    Why: sharing two or more years means sharing the turn of a year, but one shared year may be one person's last
    and the other's first — someone who left Qualcomm in 2002 and someone who joined it in 2002 may never have met
    there. Within that year an unknown month may be any month that keeps the period's start before its end: ``True``
    when the two overlap however the unknown months fall, ``False`` when they cannot.

    >>> from kithkin.model import FuzzyDate as D
    >>> same_time(D(1998), D(2002), D(2002), None, now=2026)  # one leaving, one joining
    >>> same_time(D(1998), D(2002, 3), D(2002, 9), None, now=2026)
    False
    >>> same_time(D(1998), D(2002, 9), D(2002, 3), None, now=2026)
    True
    >>> same_time(D(1998), D(2002), D(2000), D(2002), now=2026), same_time(D(1998), D(2003), D(2002), D(2002), now=2026)
    (True, True)
    >>> same_time(D(1998), D(2000), D(2003), None, now=2026), same_time(D(2002), D(2002), D(2002), None, now=2026)
    (False, None)
    """
    years = overlap_years(a_start, a_end, b_start, b_end, now=now)
    if years is None or a_start is None or b_start is None:
        return False
    year = years[0]
    if years[1] > year:
        return True
    a, b = _months_in(a_start, a_end, year), _months_in(b_start, b_end, year)
    if not (_earliest_end(a) < _latest_start(b) or _earliest_end(b) < _latest_start(a)):
        return True  # no placement of the unknown months puts one period wholly before the other
    if (a[1] or 12) < (b[0] or 1) or (b[1] or 12) < (a[0] or 1):
        return False  # every placement does
    return None


def _months_in(start: FuzzyDate, end: FuzzyDate | None, year: int) -> tuple[int | None, int | None]:
    """The first and last month of ``year`` a period runs in (``None`` where its start or end falls in that year
    without a month); an open end runs to the year's end."""
    first = 1 if start.year < year else start.month
    last = 12 if end is None or end.year > year else end.month
    return first, last


def _earliest_end(months: tuple[int | None, int | None]) -> int:
    """The earliest a period's last month in the year can be: an unknown end no earlier than its start."""
    first, last = months
    return last if last is not None else first if first is not None else 1


def _latest_start(months: tuple[int | None, int | None]) -> int:
    """The latest a period's first month in the year can be: an unknown start no later than its end."""
    first, last = months
    return first if first is not None else last if last is not None else 12
