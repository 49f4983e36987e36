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


def parse_day(text: str, *, today: dt.date | None = None) -> dt.date:
    """Read a full calendar day (``2024-05-17``, ``today``, ``yesterday``).

    >>> parse_day("2024-05-17")
    datetime.date(2024, 5, 17)
    """
    fuzzy = parse_fuzzy(text, today=today)
    if fuzzy.day is None:
        raise BadDate(f"{text!r} needs a day, e.g. 2024-05-17")
    return fuzzy.first_day


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
