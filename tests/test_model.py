from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kithkin.dates import parse_day, parse_fuzzy
from kithkin.errors import BadDate
from kithkin.model import FuzzyDate, Tie


def test_fuzzy_date_rejects_impossible_days() -> None:
    with pytest.raises(ValueError, match="day is out of range"):
        FuzzyDate(2023, 2, 30)
    with pytest.raises(ValueError, match="needs a month"):
        FuzzyDate(2023, None, 3)


def test_fuzzy_date_bounds() -> None:
    assert FuzzyDate(2024, 2).last_day == dt.date(2024, 2, 29)
    assert FuzzyDate(2023, 12).last_day == dt.date(2023, 12, 31)
    assert FuzzyDate(1998).first_day == dt.date(1998, 1, 1)


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["year", "month", "day"]))
def test_fuzzy_dates_round_trip_through_text(day: dt.date, precision: str) -> None:
    value = FuzzyDate(
        day.year,
        day.month if precision != "year" else None,
        day.day if precision == "day" else None,
    )
    assert parse_fuzzy(str(value)) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1998", FuzzyDate(1998)),
        ("1998-5", FuzzyDate(1998, 5)),
        ("1998/05/17", FuzzyDate(1998, 5, 17)),
        ("May 1998", FuzzyDate(1998, 5)),
        ("sept. 2001", FuzzyDate(2001, 9)),
        ("17 May 1998", FuzzyDate(1998, 5, 17)),
        ("May 17, 1998", FuzzyDate(1998, 5, 17)),
    ],
)
def test_parse_fuzzy_forms(text: str, expected: FuzzyDate) -> None:
    assert parse_fuzzy(text) == expected


@pytest.mark.parametrize("text", ["19x8", "", "2023-02-30", "Smarch 2020", "2023-13"])
def test_parse_fuzzy_rejects_with_a_clear_message(text: str) -> None:
    with pytest.raises(BadDate, match="date"):
        parse_fuzzy(text)


def test_parse_day_needs_a_day_and_knows_yesterday() -> None:
    assert parse_day("yesterday", today=dt.date(2024, 1, 1)) == dt.date(2023, 12, 31)
    with pytest.raises(BadDate, match="needs a day"):
        parse_day("2024-05")


def test_tie_validation_and_other_end() -> None:
    with pytest.raises(ValueError, match="two different"):
        Tie(3, 3)
    with pytest.raises(ValueError, match="1 to 5"):
        Tie(1, 2, closeness=6)
    assert Tie(1, 2).other(1) == 2
    assert Tie(1, 2).other(2) == 1


@pytest.mark.parametrize("text", ["1998-00-10", "1998-05-00", "1998-00"])
def test_a_month_or_day_00_is_not_a_date(text: str) -> None:
    with pytest.raises(BadDate):
        parse_fuzzy(text)
