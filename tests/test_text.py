"""Words for counts and dates: one helper each, used by every message (`kithkin.text`)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from kithkin.text import first_name, plural, when


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


def test_a_moment_is_shown_in_its_own_zone_and_the_machines(in_new_york: None) -> None:
    """Before: only in the machine's zone — an 18:00 in Los Angeles was "Fri 11 Oct 2030, 01:00 UTC" in UTC."""
    moment = dt.datetime(2027, 1, 10, 23, 0, tzinfo=dt.UTC)
    assert when(moment) == "Sun 10 Jan 2027, 23:00 UTC (18:00 EST here)"
    assert when("2027-01-10T23:00:00Z") == "Sun 10 Jan 2027, 23:00 UTC (18:00 EST here)"
    assert when("2027-01-10 18:00:00-05:00") == "Sun 10 Jan 2027, 18:00 UTC-05:00"  # the same offset: said once
    los_angeles = "2030-10-10T18:00:00-07:00[America/Los_Angeles]"
    assert when(los_angeles) == "Thu 10 Oct 2030, 18:00 PDT (21:00 EDT here)"
    assert when("2030-10-10T21:00:00-07:00[America/Los_Angeles]") == (
        "Thu 10 Oct 2030, 21:00 PDT (00:00 EDT on Fri 11 Oct 2030 here)"
    )
    assert when("2030-10-10T18:00:00-07:00[Nowhere/Else]") == "Thu 10 Oct 2030, 18:00 UTC-07:00 (21:00 EDT here)"


def test_text_that_is_not_a_date_is_kept_as_it_is() -> None:
    assert when("1998") == "1998"
    assert when("next spring") == "next spring"


def test_every_compound_first_name_the_demo_draws_is_called_whole() -> None:
    """The demo's "Ana María Montalvo" was "Ana" in every sentence (and "Dr. Dana Reyes", from a vCard, "Dr.")."""
    from faker.providers.person.es_ES import Provider as SpainNames
    from faker.providers.person.es_MX import Provider as MexicoNames

    compounds = [" ".join(n.split()) for p in (MexicoNames, SpainNames) for n in p.first_names if " " in n.strip()]
    assert len(compounds) > 50
    for given in compounds:
        assert first_name(f"{given} Montalvo") == given
    assert first_name("Dr. Ana María Montalvo") == "Ana María"
    assert first_name("Juan Pérez García") == "Juan"  # a given name and two surnames
    assert first_name("Prof. Reyes") == "Prof. Reyes"  # no first name to call them by
