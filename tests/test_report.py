"""Briefings as Markdown and HTML say counts and dates as people do (`kithkin.report`)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from kithkin import report
from kithkin.model import Person
from kithkin.services.briefing import Briefing, Stranger
from kithkin.text import tie_sentence


@pytest.fixture
def in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def briefing(truncated: int = 0) -> Briefing:
    return Briefing(
        title="Supper club",
        when="2027-01-10 23:00:00+00:00",
        me=Person("Alex Morgan", id=1, is_me=True),
        entries=(),
        strangers=(Stranger("Kim Park", "kim@example.com", ""),),
        truncated=truncated,
    )


def test_the_headline_counts_one_attendee_and_says_the_time_in_words(in_new_york: None) -> None:
    text = report.markdown(briefing())
    assert (
        "Supper club — Sun 10 Jan 2027, 23:00 UTC (18:00 EST here): 1 other attendee: none you know, 1 new to you"
        in text
    )
    assert "+00:00" not in text
    page = report.html_page(briefing())
    assert "1 other attendee: none you know, 1 new to you" in page
    assert "Sun 10 Jan 2027, 23:00 UTC (18:00 EST here)" in page


def test_one_attendee_left_out_is_said_in_the_singular() -> None:
    assert "_1 more attendee was left out of this briefing._" in report.markdown(briefing(truncated=1))
    assert "3 more attendees were left out of this briefing." in report.html_page(briefing(truncated=3))


@pytest.mark.parametrize(
    ("how", "closeness", "said"),
    [
        ("friends", 3, "You know each other (friends) since 2002."),  # "friend" is not said twice
        ("work", 4, "You know each other (work) since 2002 — close."),
        ("", 1, "You know each other since 2002 — acquaintance."),
    ],
)
def test_the_tie_is_said_once(how: str, closeness: int, said: str) -> None:
    from kithkin.common_ground import CommonGround
    from kithkin.model import FuzzyDate, Tie
    from kithkin.services.briefing import Entry

    me, dana = Person("Alex Morgan", id=1, is_me=True), Person("Dana Reyes", id=2)
    tie = Tie(1, 2, how=how, since=FuzzyDate(2002), closeness=closeness)
    entry = Entry(dana, "", CommonGround(me, dana, ()), tie, None, (), (), 0.0)
    assert tie_sentence(entry.tie, entry.last) == said
