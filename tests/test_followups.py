"""Pure tests of kithkin.followups: cadences, kinds, what is due, the ledger and contact strength."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kithkin.errors import InputError
from kithkin.followups import (
    Balance,
    Due,
    Exchange,
    contact_strength,
    due_contacts,
    infer_kind,
    ledger,
    one_sided,
    parse_every,
    rank_overdue,
)
from kithkin.model import InteractionKind

TODAY = dt.date(2025, 6, 1)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# parse_every ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", 30),
        ("2w", 14),
        ("3m", 90),
        ("1y", 365),
        (" 10D ", 10),
        ("1 w", 7),
        ("12M", 360),
        ("1d", 1),
        # as the date fields beside the cadence take them ("in 2 weeks"): "2 weeks" was refused, only "2w" taken
        ("2 weeks", 14),
        ("1 week", 7),
        ("10 days", 10),
        ("6 months", 180),
        ("1 year", 365),
        ("monthly", 30),
        ("Fortnightly", 14),
        ("quarterly", 90),
    ],
)
def test_parse_every_reads_days_weeks_months_years(text: str, expected: int) -> None:
    assert parse_every(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0d", "at least one day"),
        ("0w", "at least one day"),
        ("-5d", "cannot read '-5d' as a cadence"),
        ("5x", "cannot read '5x' as a cadence"),
        ("", "cannot read '' as a cadence"),
        ("now and then", "cannot read 'now and then' as a cadence"),
        ("d", "cannot read 'd' as a cadence"),
        ("1.5w", "cannot read '1.5w' as a cadence"),
    ],
)
def test_parse_every_rejects_what_is_not_a_positive_cadence(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_every(text)
    assert "\n" not in str(caught.value)


# infer_kind -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        ("coffee with Dana", InteractionKind.MEAL),
        ("Lunch at the noodle place", InteractionKind.MEAL),
        ("coffee with Dana; she offered an intro", InteractionKind.MEAL),
        ("quick zoom about the role", InteractionKind.CALL),
        ("phone catch-up", InteractionKind.CALL),
        ("sent an e-mail about the conference talk", InteractionKind.EMAIL),
        ("whatsapp thread about the kids", InteractionKind.MESSAGE),
        ("Dana introduced me to Kim", InteractionKind.INTRO_RECEIVED),
        ("I introduced Sam to Kim", InteractionKind.INTRO_MADE),
        ("she referred me for the job", InteractionKind.REFERRAL),
        ("birthday gift", InteractionKind.GIFT),
        ("saw each other at the wedding", InteractionKind.EVENT),
        ("helped him move flats", InteractionKind.FAVOUR),
        ("bumped into her at the station", InteractionKind.MET),
        ("", InteractionKind.MET),
        # Whole words only: "recall" is no call, "presentation" no present, "admin" no dm.
        ("recall the presentation for admin", InteractionKind.MET),
    ],
)
def test_infer_kind_from_the_words_of_a_note(note: str, kind: InteractionKind) -> None:
    assert infer_kind(note) is kind


# due_contacts ---------------------------------------------------------------------------------------------------------


def test_someone_never_contacted_is_due_today() -> None:
    assert due_contacts({4: 30}, {}, TODAY) == [Due(4, 30, None, TODAY, 0)]


def test_due_is_last_contact_plus_cadence() -> None:
    (found,) = due_contacts({1: 30}, {1: TODAY - days(40)}, TODAY)
    assert found == Due(1, 30, TODAY - days(40), TODAY - days(10), 10)


def test_horizon_includes_what_falls_due_within_it_and_no_further() -> None:
    cadences = {1: 30, 2: 30, 3: 30}
    last = {1: TODAY - days(23), 2: TODAY - days(22), 3: TODAY - days(30)}  # due in 7, in 8, today
    assert [(d.person_id, d.overdue_days) for d in due_contacts(cadences, last, TODAY)] == [(3, 0), (1, -7)]
    assert [d.person_id for d in due_contacts(cadences, last, TODAY, horizon_days=0)] == [3]
    assert [d.person_id for d in due_contacts(cadences, last, TODAY, horizon_days=8)] == [3, 1, 2]


def test_snooze_moves_the_due_date_later_never_earlier() -> None:
    last = {1: TODAY - days(40)}  # due 10 days ago
    (later,) = due_contacts({1: 30}, last, TODAY, snoozed={1: TODAY + days(3)})
    assert (later.due, later.overdue_days) == (TODAY + days(3), -3)
    (earlier,) = due_contacts({1: 30}, last, TODAY, snoozed={1: TODAY - days(20)})
    assert (earlier.due, earlier.overdue_days) == (TODAY - days(10), 10)
    assert due_contacts({1: 30}, last, TODAY, snoozed={1: TODAY + days(8)}) == []


def test_snooze_silences_someone_never_contacted() -> None:
    assert due_contacts({1: 30}, {}, TODAY, snoozed={1: TODAY + days(30)}) == []
    (found,) = due_contacts({1: 30}, {}, TODAY, snoozed={1: TODAY + days(5)})
    assert (found.due, found.overdue_days) == (TODAY + days(5), -5)


def test_due_contacts_are_most_overdue_first_then_by_id() -> None:
    cadences = {5: 30, 2: 30, 9: 90, 7: 30}
    last = {5: TODAY - days(31), 2: TODAY - days(60), 9: TODAY - days(91)}  # 7 never contacted
    found = due_contacts(cadences, last, TODAY)
    assert [(d.person_id, d.overdue_days) for d in found] == [(2, 30), (5, 1), (9, 1), (7, 0)]


def test_people_without_a_cadence_are_never_due() -> None:
    assert due_contacts({}, {1: TODAY - days(999)}, TODAY) == []


# ledger and one_sided -------------------------------------------------------------------------------------------------


def test_ledger_window_includes_both_ends_and_nothing_outside() -> None:
    start = TODAY - days(10)
    exchanges = [
        Exchange(start - days(1), 1, True, False),  # just before the window
        Exchange(start, 1, True, False),  # first day of the window
        Exchange(TODAY, 1, False, True),  # today
        Exchange(TODAY + days(1), 1, False, True),  # the future
    ]
    book = ledger(exchanges, TODAY, window_days=10)
    assert book == {1: Balance(1, gave=1, got=1, last=TODAY)}


def test_ledger_counts_plain_interactions_as_last_contact_without_give_or_take() -> None:
    book = ledger([Exchange(TODAY - days(3), 8, False, False)], TODAY)
    assert book == {8: Balance(8, 0, 0, TODAY - days(3))}
    assert book[8].balance == 0


def test_ledger_keeps_the_latest_day_whatever_the_order() -> None:
    exchanges = [Exchange(TODAY - days(2), 1, True, False), Exchange(TODAY - days(9), 1, True, False)]
    assert ledger(exchanges, TODAY)[1].last == TODAY - days(2)


def test_balance_is_positive_when_the_user_gave_more() -> None:
    gave, got = Exchange(TODAY, 1, True, False), Exchange(TODAY, 2, False, True)
    book = ledger([gave, gave, gave, Exchange(TODAY, 1, False, True), got, got], TODAY)
    assert (book[1].gave, book[1].got, book[1].balance) == (3, 1, 2)
    assert (book[2].gave, book[2].got, book[2].balance) == (0, 2, -2)


def test_one_sided_at_the_threshold_most_lopsided_first() -> None:
    book = {
        1: Balance(1, 3, 1, TODAY),  # +2
        2: Balance(2, 0, 1, TODAY),  # -1
        3: Balance(3, 0, 4, TODAY),  # -4
        4: Balance(4, 2, 0, TODAY),  # +2
        5: Balance(5, 5, 5, TODAY),  # 0
    }
    assert [b.person_id for b in one_sided(book)] == [3, 1, 4]
    assert [b.person_id for b in one_sided(book, at_least=3)] == [3]
    assert [b.person_id for b in one_sided(book, at_least=1)] == [3, 1, 4, 2]
    assert one_sided({}) == []


# contact_strength and rank_overdue ------------------------------------------------------------------------------------


def test_contact_strength_exact_values() -> None:
    assert contact_strength(TODAY, 20, 1, 1, TODAY) == pytest.approx(1.0)
    assert contact_strength(TODAY - days(180), 20, 0, 0, TODAY) == pytest.approx(0.5)
    assert contact_strength(TODAY - days(360), 20, 2, 2, TODAY) == pytest.approx(0.25)
    assert contact_strength(None, 5, 1, 1, TODAY) == 0.0
    assert contact_strength(TODAY, 0, 0, 0, TODAY) == 0.0


def test_contact_strength_falls_with_time_since_last_contact() -> None:
    values = [contact_strength(TODAY - days(n), 5, 1, 1, TODAY) for n in range(0, 1000, 7)]
    assert all(a > b for a, b in itertools.pairwise(values))


def test_contact_strength_rises_with_frequency_until_it_saturates() -> None:
    values = [contact_strength(TODAY, n, 0, 0, TODAY) for n in range(1, 21)]
    assert all(a < b for a, b in itertools.pairwise(values))
    assert contact_strength(TODAY, 20, 0, 0, TODAY) == contact_strength(TODAY, 500, 0, 0, TODAY)


def test_one_sided_give_and_take_lowers_strength() -> None:
    balanced = contact_strength(TODAY, 5, 3, 3, TODAY)
    assert contact_strength(TODAY, 5, 0, 0, TODAY) == balanced
    assert contact_strength(TODAY, 5, 3, 0, TODAY) < balanced
    assert contact_strength(TODAY, 5, 0, 3, TODAY) == contact_strength(TODAY, 5, 3, 0, TODAY)
    assert contact_strength(TODAY, 5, 4, 1, TODAY) < contact_strength(TODAY, 5, 3, 2, TODAY) < balanced
    # Fully one-sided costs exactly a fifth.
    assert contact_strength(TODAY, 5, 6, 0, TODAY) == pytest.approx(0.8 * balanced)


@given(
    ago=st.integers(min_value=-3000, max_value=30000),
    count=st.integers(min_value=0, max_value=100_000),
    gave=st.integers(min_value=0, max_value=10_000),
    got=st.integers(min_value=0, max_value=10_000),
    known=st.booleans(),
)
def test_contact_strength_is_always_between_zero_and_one(
    ago: int, count: int, gave: int, got: int, known: bool
) -> None:
    last = TODAY - days(ago) if known else None
    strength = contact_strength(last, count, gave, got, TODAY)
    assert 0.0 <= strength <= 1.0
    if last is None or count == 0:
        assert strength == 0.0
    else:
        assert strength > 0.0


def test_rank_overdue_weighs_value_and_drops_what_is_not_yet_due() -> None:
    due = [
        Due(1, 30, None, TODAY - days(40), 40),
        Due(2, 30, None, TODAY - days(5), 5),
        Due(3, 30, None, TODAY + days(3), -3),
    ]
    assert [d.person_id for d in rank_overdue(due, {})] == [1, 2]
    assert [d.person_id for d in rank_overdue(due, {2: 5.0})] == [2, 1]
