"""Words for counts and dates: one helper each, used by every message (`kithkin.text`)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from kithkin.text import plural, when


@pytest.mark.parametrize(
    ("count", "words", "expected"),
    [
        (1, ("person", "people"), "1 person"),
        (2, ("person", "people"), "2 people"),
        (0, ("person", "people"), "0 people"),
        (1, ("other attendee",), "1 other attendee"),
        (3, ("other attendee",), "3 other attendees"),
        (1, ("reminder",), "1 reminder"),
        (1, ("day overdue", "days overdue"), "1 day overdue"),
        (12000, ("tie",), "12,000 ties"),
    ],
)
def test_plural_agrees_with_the_count(count: int, words: tuple[str, ...], expected: str) -> None:
    assert plural(count, *words) == expected


@pytest.fixture
def in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's local zone is New York for the test (UTC-5 in January)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_days_and_times_in_words() -> None:
    assert when(dt.date(2027, 1, 10)) == "Sun 10 Jan 2027"
    assert when(dt.datetime(2027, 1, 10, 18, 0)) == "Sun 10 Jan 2027, 18:00"
    assert when("2025-06-01") == "Sun 1 Jun 2025"
    assert when(None) == ""


def test_a_moment_with_an_offset_is_shown_in_the_local_zone_named(in_new_york: None) -> None:
    moment = dt.datetime(2027, 1, 10, 23, 0, tzinfo=dt.UTC)
    assert when(moment) == "Sun 10 Jan 2027, 18:00 EST"  # the zone named (before: "18:00" alone)
    assert when("2027-01-10 23:00:00+00:00") == "Sun 10 Jan 2027, 18:00 EST"
    assert when("2027-01-10T23:00:00Z") == "Sun 10 Jan 2027, 18:00 EST"
    assert "+00:00" not in when(moment)


def test_text_that_is_not_a_date_is_kept_as_it_is() -> None:
    assert when("1998") == "1998"
    assert when("next spring") == "next spring"
