"""Keeping in touch through the use cases and the command line, on real SQLite files with a frozen clock.

The CLI reads today from KITHKIN_TODAY; the use cases take ``today=`` explicitly.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import icalendar
import pytest
from typer.testing import CliRunner, Result

from kithkin.cli import app
from kithkin.errors import KithkinError
from kithkin.model import FuzzyDate, GroupKind, InteractionKind, Person, Status, Tie
from kithkin.services import followups
from kithkin.store import Store
from kithkin.text import when as in_words

runner = CliRunner()

ME, DANA, SAM, KIM = 1, 2, 3, 4
SOURCE = "test"


def run(db: Path, *args: str, today: str = "2025-03-01") -> Result:
    """``kithkin --db DB ARGS…`` on the day ``today``."""
    return runner.invoke(app, ["--db", str(db), *args], env={"KITHKIN_TODAY": today})


def ok(db: Path, *args: str, today: str = "2025-03-01") -> Result:
    result = run(db, *args, today=today)
    assert result.exit_code == 0, result.output
    assert result.exception is None, repr(result.exception)
    return result


def ok_json(db: Path, *args: str, today: str = "2025-03-01") -> Any:
    return json.loads(ok(db, *args, "--json", today=today).stdout)


def fails(db: Path, *args: str, today: str = "2025-03-01", code: int = 1) -> str:
    """Run a command that must fail calmly; return its one line of explanation."""
    result = run(db, *args, today=today)
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def due_list(db: Path, today: str, days: int = 0) -> list[tuple[str, int]]:
    """What `kithkin followups --json` lists on ``today``, as (id, overdue days)."""
    return [(item["id"], item["overdue_days"]) for item in ok_json(db, "followups", "--days", str(days), today=today)]


def dump(db: Path) -> list[str]:
    """Every row and table of the SQLite file."""
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.iterdump())


def todos(path: Path) -> dict[str, icalendar.Component]:
    """The VTODOs of an iCalendar file by the UID of the same item as an event (each UID must appear once)."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found = calendar.walk("VTODO")
    uids = [str(t["UID"]) for t in found]
    assert len(uids) == len(set(uids)), uids
    assert all(uid.endswith(".todo@kithkin") for uid in uids), uids  # never the UID of the item's event
    return dict(zip((uid.replace(".todo@", "@") for uid in uids), found, strict=True))


def due_of(todo: icalendar.Component) -> dt.date:
    value = todo.decoded("DUE")
    assert isinstance(value, dt.date)
    assert not isinstance(value, dt.datetime)
    return value


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a closed store file (its WAL is checkpointed on close)."""
    assert not source.with_name(source.name + "-wal").exists()
    shutil.copyfile(source, target)
    return target


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "kithkin.sqlite"
    ok(path, "person", "add", "Alex Morgan")
    ok(path, "me", "Alex")
    ok(path, "person", "add", "Dana Reyes")
    ok(path, "person", "add", "Sam Lee", "--tag", "work")
    with Store.open(path, create=False) as store:
        assert [(p.id, p.name) for p in store.get_people([ME, DANA, SAM])] == [
            (ME, "Alex Morgan"),
            (DANA, "Dana Reyes"),
            (SAM, "Sam Lee"),
        ]
    return path


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> Path:
    """A store with the user (Alex Morgan, #1), Dana Reyes (#2) and Sam Lee (#3, tagged work)."""
    return copy_store(base_db, tmp_path / "kithkin.sqlite")


# log ------------------------------------------------------------------------------------------------------------------


def test_log_with_several_people_counts_once_for_each(store: Store) -> None:
    me = store.add_person(Person("Alex Morgan"), SOURCE)
    assert me.id is not None
    store.set_me(me.id)
    dana = store.add_person(Person("Dana Reyes"), SOURCE)
    sam = store.add_person(Person("Sam Lee"), SOURCE)
    today = dt.date(2025, 3, 1)

    entry = followups.log(
        store, " dinner with Dana and Sam ", with_refs=["Dana", "Sam", "Dana Reyes"], today=today, on="2025-02-20"
    )
    assert (entry.on, entry.kind, entry.people, entry.gave, entry.received) == (
        dt.date(2025, 2, 20),
        InteractionKind.MEAL,
        (dana.id, sam.id),
        (),
        (),
    )
    assert entry.note == "dinner with Dana and Sam"
    assert store.contact_summary(me.id, today, dt.date(2025, 1, 1)) == {
        dana.id: (dt.date(2025, 2, 20), 1),
        sam.id: (dt.date(2025, 2, 20), 1),
    }

    followups.log(store, "call", with_refs=["Dana"], today=today, on="yesterday")
    assert store.contact_summary(me.id, today, dt.date(2025, 1, 1)) == {
        dana.id: (dt.date(2025, 2, 28), 2),
        sam.id: (dt.date(2025, 2, 20), 1),
    }
    assert store.last_contacts(me.id, today) == {dana.id: dt.date(2025, 2, 28), sam.id: dt.date(2025, 2, 20)}


def test_log_got_intro_makes_the_people_givers(db: Path) -> None:
    entry = ok_json(
        db, "log", "she set up a chat with a recruiter", "--with", "Dana", "--with", "Sam", "--got", "intro"
    )
    assert (entry["kind"], entry["people"], entry["gave"], entry["received"]) == (
        "intro-received",
        [DANA, SAM],
        [DANA, SAM],
        [],
    )
    book = ok_json(db, "ledger")
    assert [(p["person"]["id"], p["gave"], p["got"], p["balance"]) for p in book["people"]] == [
        (DANA, 0, 1, -1),
        (SAM, 0, 1, -1),
    ]
    assert book["one_sided"] == []


def test_log_gave_favour_makes_the_people_receivers(db: Path) -> None:
    entry = ok_json(db, "log", "moved her piano", "--with", "Dana", "--gave", "favour")
    assert (entry["kind"], entry["gave"], entry["received"]) == ("favour", [], [DANA])
    made = ok_json(db, "log", "put her in touch with Kim", "--with", "Dana", "--gave", "intro")
    assert (made["kind"], made["gave"], made["received"]) == ("intro-made", [], [DANA])
    book = ok_json(db, "ledger", "Dana")
    assert [(p["gave"], p["got"], p["balance"], p["last"]) for p in book["people"]] == [(2, 0, 2, "2025-03-01")]
    assert [(p["person"]["id"], p["balance"]) for p in book["one_sided"]] == [(DANA, 2)]


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (["coffee with Dana"], "meal"),
        (["quick zoom about the role"], "call"),
        (["sent an email with the deck"], "email"),
        (["bumped into her at the station"], "met"),
        (["coffee with Dana", "--kind", "email"], "email"),
        (["coffee with Dana", "--kind", " Intro-Made "], "intro-made"),
        (["coffee with Dana", "--got", "referral"], "referral"),
    ],
)
def test_log_infers_the_kind_from_the_note_unless_told(db: Path, args: list[str], kind: str) -> None:
    assert ok_json(db, "log", *args, "--with", "Dana")["kind"] == kind


@pytest.mark.parametrize(
    ("on", "day"),
    [
        (["--on", "yesterday"], "2025-02-28"),
        (["--on", "today"], "2025-03-01"),
        (["--on", "2025-01-15"], "2025-01-15"),
        (["--on", "Feb 3, 2025"], "2025-02-03"),
        (["--on", "2024-12-31"], "2024-12-31"),
        ([], "2025-03-01"),
    ],
)
def test_log_on_a_day(db: Path, on: list[str], day: str) -> None:
    result = ok(db, "log", "coffee with Dana", "--with", "Dana", *on)
    guess = " (read from the note's words: --kind to say otherwise)"  # a guess says it is one
    assert result.stdout == f"logged meal with Dana Reyes on {in_words(day)}{guess}\n"
    with Store.open(db, create=False) as store:
        assert store.last_contacts(ME, dt.date(2025, 3, 1)) == {DANA: dt.date.fromisoformat(day)}


# bad input writes nothing ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def busy_db(base_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base store plus a second Dana (Dana Kim, #4), a cadence, a follow-up (f1) and a goal (g1)."""
    path = copy_store(base_db, tmp_path_factory.mktemp("busy") / "kithkin.sqlite")
    ok(path, "person", "add", "Dana Kim")
    ok(path, "cadence", "Dana Reyes", "30d")
    ok(path, "goal", "add", "reach a CFO", "--due", "2025-03-04")
    with Store.open(path, create=False) as store:
        followups.add_followup(store, "Sam", "ask about the role", due="2025-03-05", today=dt.date(2025, 3, 1))
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "coffee", "--with", "Nobody Atall"], "no person matches 'Nobody Atall'"),
        (["log", "coffee", "--with", "Dana Reyes", "--with", "Nobody Atall"], "no person matches 'Nobody Atall'"),
        (["log", "coffee", "--with", "Dana"], "'Dana' matches 2 people: Dana Reyes (#2), Dana Kim (#4)"),
        (
            ["log", "coffee", "--with", "Sam", "--on", "the other day"],
            "cannot read 'the other day' as a day: say one like 2024-05-17",
        ),
        (["log", "coffee", "--with", "Sam", "--on", "next tuesday"], "'next tuesday' is in the future"),
        (["log", "coffee", "--with", "Sam", "--on", "2025-02"], "'2025-02' needs a day"),
        (["log", "coffee", "--with", "Sam", "--on", "2025-02-30"], "'2025-02-30' is not a real date"),
        (["log", "coffee", "--with", "Sam", "--on", "2025-03-02"], "is in the future: the log records what happened"),
        (["log", "coffee", "--with", "Sam", "--kind", "hug"], "'hug' is not a kind of interaction"),
        (["log", "coffee", "--with", "Sam", "--got", "hug"], "'hug' is not something given"),
        (["log", "coffee", "--with", "Sam", "--gave", "hug"], "'hug' is not something given"),
        # An explicit --kind must not let a bogus --got through (and record Sam as a giver).
        (["log", "coffee", "--with", "Sam", "--kind", "call", "--got", "hug"], "'hug' is not something given"),
        (["cadence", "Sam", "0d"], "a cadence must be at least one day, not '0d'"),
        (["cadence", "Sam", "--", "-5d"], "cannot read '-5d' as a cadence"),
        (["cadence", "Sam", "5x"], "cannot read '5x' as a cadence"),
        (["cadence", "--tag", "work", "sometimes"], "cannot read 'sometimes' as a cadence"),
        (["cadence", "Nobody Atall", "30d"], "no person matches 'Nobody Atall'"),
        (["cadence", "Dana", "30d"], "'Dana' matches 2 people"),
        (["followups", "done", "f99"], "no follow-up f99"),
        (["followups", "drop", "g99"], "no goal g99"),
        (["followups", "snooze", "x1"], "'x1' is not a follow-up id"),
        (["followups", "snooze", "p99"], "no person matches '#99'"),
        (["followups", "snooze", "f1", "--until", "someday"], "cannot read 'someday' as a day"),
        (["followups", "done", "p2"], "a keep-in-touch reminder is done when you log contact"),
    ],
)
def test_bad_input_writes_nothing(busy_db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    db = copy_store(busy_db, tmp_path / "busy.sqlite")
    before = dump(db)
    assert message in fails(db, *args)
    assert dump(db) == before


def test_cadence_with_a_negative_number_is_refused_without_writing(db: Path) -> None:
    before = dump(db)
    result = run(db, "cadence", "Sam", "-5d")  # Click reads -5d as an option: a usage error
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert dump(db) == before


def test_cadence_needs_a_person_and_an_every(db: Path) -> None:
    before = dump(db)
    assert fails(db, "cadence", "30d", code=2) == (
        "error: usage: kithkin cadence PERSON EVERY, or kithkin cadence --tag TAG EVERY"
    )
    assert dump(db) == before


def test_followups_need_to_know_who_the_user_is(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    ok(path, "person", "add", "Dana Reyes")
    assert fails(path, "followups") == (
        "error: you have not said who you are yet: “This is me” on your own page, or `kithkin me NAME`"
    )


# cadences -------------------------------------------------------------------------------------------------------------


def test_cadence_per_person_and_per_tag_and_own_beats_tag(db: Path) -> None:
    ok(db, "person", "add", "Kim Park", "--tag", "work", "--tag", "friends")
    assert ok(db, "cadence", "Dana", "30d").stdout == "keep in touch with Dana Reyes every 30 days\n"
    assert ok(db, "cadence", "#3", "30d").stdout == "keep in touch with Sam Lee every 30 days\n"  # was "with #3"
    ok(db, "cadence", "#3", "off")
    assert ok(db, "cadence", "--tag", "work", "3m").stdout == "keep in touch with everyone tagged work every 90 days\n"
    # a tag no one has is a typo, not a circle (before: taken without a word)
    assert (
        fails(db, "cadence", "--tag", "frends", "2w") == "error: nobody is tagged 'frends'; tags in use: work, friends"
    )
    ok(db, "cadence", "--tag", "friends", "2w")
    with Store.open(db, create=False) as store:
        assert store.cadences() == {DANA: 30, SAM: 90, KIM: 14}  # the shortest tag wins

    ok(db, "cadence", "Kim", "60d")
    ok(db, "cadence", "--tag", "work", "1w")
    ok(db, "cadence", "Dana", "2w")  # replaces, never adds
    with Store.open(db, create=False) as store:
        assert store.cadences() == {DANA: 14, SAM: 7, KIM: 60}  # Kim's own cadence beats both tags

    items = ok_json(db, "followups", "--days", "0")
    assert [(i["id"], i["overdue_days"], i["due"]) for i in items] == [
        ("p2", 0, "2025-03-01"),
        ("p3", 0, "2025-03-01"),
        ("p4", 0, "2025-03-01"),
    ]
    assert [i["what"] for i in items] == [
        "keep in touch (every 14 days; no contact yet)",
        "keep in touch (every 7 days; no contact yet)",
        "keep in touch (every 60 days; no contact yet)",
    ]
    assert [i["person"]["name"] for i in items] == ["Dana Reyes", "Sam Lee", "Kim Park"]


def test_the_user_is_never_due_even_when_tagged(db: Path) -> None:
    ok(db, "person", "edit", "me", "--add-tag", "work")
    ok(db, "cadence", "--tag", "work", "30d")
    assert due_list(db, "2025-03-01") == [("p3", 0)]


def test_timer_resets_on_a_group_interaction_and_a_shared_event(db: Path) -> None:
    ok(db, "cadence", "Dana", "30d")
    ok(db, "cadence", "--tag", "work", "90d")
    ok(db, "log", "team dinner", "--with", "Dana", "--with", "Sam", "--on", "2025-01-05", today="2025-01-05")
    with Store.open(db, create=False) as store:
        picnic = store.ensure_group(GroupKind.EVENT, "Picnic", SOURCE, on=FuzzyDate(2025, 2, 10))
        gala = store.ensure_group(GroupKind.EVENT, "Gala", SOURCE, on=FuzzyDate(2025, 2, 20))
        fair = store.ensure_group(GroupKind.EVENT, "Fair", SOURCE, on=FuzzyDate(2025, 3, 20))
        club = store.ensure_group(GroupKind.COMMUNITY, "Chess club", SOURCE)
        for person, group in [(ME, picnic), (DANA, picnic), (SAM, gala), (ME, fair), (SAM, fair)]:
            store.affiliate(person, group, SOURCE)
        store.affiliate(ME, club, SOURCE)
        store.affiliate(SAM, club, SOURCE)  # a shared community with no date is no contact

    items = ok_json(db, "followups", "--days", "60", today="2025-03-01")
    assert [(i["id"], i["due"], i["overdue_days"], i["what"]) for i in items] == [
        (
            "p2",
            "2025-03-12",
            -11,
            "keep in touch (every 30 days; last contact Mon 10 Feb 2025 (both on the list of Picnic))",
        ),
        ("p3", "2025-04-05", -35, "keep in touch (every 90 days; last contact Sun 5 Jan 2025)"),  # not the gala
    ]
    # Once the fair has happened, it counts for Sam; Dana is overdue since the 12th.
    assert due_list(db, "2025-03-25", days=0) == [("p2", 13)]
    items = ok_json(db, "followups", "--days", "90", today="2025-03-25")
    assert [(i["id"], i["due"]) for i in items] == [("p2", "2025-03-12"), ("p3", "2025-06-18")]


def test_a_month_only_event_does_not_hide_a_dated_one(store: Store) -> None:
    me = store.add_person(Person("Alex Morgan"), SOURCE)
    dana = store.add_person(Person("Dana Reyes"), SOURCE)
    assert me.id is not None
    assert dana.id is not None
    store.set_me(me.id)
    picnic = store.ensure_group(GroupKind.EVENT, "Picnic", SOURCE, on=FuzzyDate(2025, 2, 10))
    fair = store.ensure_group(GroupKind.EVENT, "Spring fair", SOURCE, on=FuzzyDate(2025, 3))
    for group in (picnic, fair):
        store.affiliate(me.id, group, SOURCE)
        store.affiliate(dana.id, group, SOURCE)
    # The picnic is a known day both attended; an event known only to the month must not erase it.
    assert store.last_contacts(me.id, dt.date(2025, 4, 1)) == {dana.id: dt.date(2025, 2, 10)}


# a year with a frozen clock -------------------------------------------------------------------------------------------

DANA_LOGS = [  # every 45 days, with what changed hands
    ("2025-01-01", "coffee with Dana", []),
    ("2025-02-15", "Dana introduced me to Kim", ["--got", "intro"]),
    ("2025-04-01", "lunch downtown", []),
    ("2025-05-16", "call about a referral", ["--got", "referral"]),
    ("2025-06-30", "drinks after work", []),
    ("2025-08-14", "helped Dana move", ["--gave", "favour"]),
    ("2025-09-28", "zoom catch-up", []),
    ("2025-11-12", "she reviewed my CV", ["--got", "help"]),
    ("2025-12-27", "holiday dinner", []),
]
DANA_KINDS = ["meal", "intro-received", "meal", "referral", "meal", "favour", "call", "favour", "meal"]

# (day, --days, what `followups` lists then), computed by hand: Dana is due 30 days after each log (Jan 31, Mar 17,
# May 1, Jun 15, Jul 30, Sep 13, Oct 28, Dec 12, Jan 26 2026); Sam is due every day until his March 10 log, then
# from June 8.
CHECKPOINTS = [
    ("2025-01-01", 0, [("p3", 0)]),
    ("2025-01-30", 0, [("p3", 0)]),
    ("2025-01-31", 0, [("p2", 0), ("p3", 0)]),
    ("2025-02-14", 0, [("p2", 14), ("p3", 0)]),
    ("2025-02-15", 0, [("p3", 0)]),
    ("2025-03-10", 0, []),
    ("2025-03-10", 7, [("p2", -7)]),
    ("2025-03-31", 0, [("p2", 14)]),
    ("2025-06-08", 0, [("p3", 0)]),
    ("2025-06-08", 7, [("p3", 0), ("p2", -7)]),
    ("2025-06-29", 0, [("p3", 21), ("p2", 14)]),
    ("2025-12-12", 0, [("p3", 187), ("p2", 0)]),
    ("2025-12-31", 0, [("p3", 206)]),
    ("2025-12-31", 30, [("p3", 206), ("p2", -26)]),
]


def test_a_year_of_keeping_in_touch(db: Path) -> None:
    ok(db, "cadence", "Dana", "30d", today="2025-01-01")
    ok(db, "cadence", "--tag", "work", "90d", today="2025-01-01")
    events = [(day, ["log", note, "--with", "Dana", *extra]) for day, note, extra in DANA_LOGS]
    events.append(("2025-03-10", ["log", "coffee with Sam", "--with", "Sam", "--gave", "advice"]))
    kinds = []
    for day in (dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(365)):
        today = day.isoformat()
        for when, args in events:
            if when == today:
                entry = ok_json(db, *args, today=today)
                assert entry["on"] == today
                kinds.append(entry["kind"])
        for when, horizon, expected in CHECKPOINTS:
            if when == today:
                assert due_list(db, today, horizon) == expected, today
    assert kinds == [*DANA_KINDS[:2], "favour", *DANA_KINDS[2:]]  # Sam's coffee (--gave advice) came between

    book = ok_json(db, "ledger", today="2025-12-31")
    assert [(p["person"]["name"], p["gave"], p["got"], p["balance"], p["last"]) for p in book["people"]] == [
        ("Dana Reyes", 1, 3, -2, "2025-12-27"),
        ("Sam Lee", 1, 0, 1, "2025-03-10"),
    ]
    assert [(p["person"]["name"], p["balance"]) for p in book["one_sided"]] == [("Dana Reyes", -2)]
    recent = ok_json(db, "ledger", "Dana", "--window", "100", today="2025-12-31")  # from Sep 22
    assert [(p["gave"], p["got"], p["balance"]) for p in recent["people"]] == [(0, 1, -1)]

    digest = ok_json(db, "today", today="2025-12-31")
    assert [(person["id"], due["overdue_days"]) for person, due in digest["overdue"]] == [(SAM, 206)]

    # Replaying every day of the year: Dana is due 15 days after each of her 8 gaps of 45 days, and never more
    # than 14 days overdue; Sam is due from Jan 1 to Mar 9 (68 days) and from Jun 8 to Dec 31 (207 days).
    listed: dict[str, list[tuple[dt.date, int]]] = {"p2": [], "p3": []}
    with Store.open(db, create=False) as store:
        for day in (dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(365)):
            for item in followups.due_items(store, day, horizon_days=0):
                listed[item.id].append((day, item.overdue_days))
    assert len(listed["p2"]) == 8 * 15
    assert max(overdue for _, overdue in listed["p2"]) == 14
    assert [day.isoformat() for day, overdue in listed["p2"] if overdue == 0] == [
        "2025-01-31",
        "2025-03-17",
        "2025-05-01",
        "2025-06-15",
        "2025-07-30",
        "2025-09-13",
        "2025-10-28",
        "2025-12-12",
    ]
    assert len(listed["p3"]) == 68 + 207
    assert listed["p3"][67] == (dt.date(2025, 3, 9), 0)
    assert listed["p3"][68] == (dt.date(2025, 6, 8), 0)


# follow-ups and goals: done, drop, snooze -----------------------------------------------------------------------------


def test_followups_done_drop_and_snooze(db: Path) -> None:
    today = dt.date(2025, 3, 1)
    with Store.open(db, create=False) as store:
        assert followups.add_followup(store, "Dana", "send the deck", due="2025-03-05", today=today).id == 1
        assert followups.add_followup(store, "Sam", "ask about the role", due="2025-03-03", today=today).id == 2
    assert ok(db, "goal", "add", "meet Dana's team", "--with", "Dana", "--due", "2025-03-06").stdout == (
        "goal g1: meet Dana's team, by Thu 6 Mar 2025\n"
    )
    ok(db, "goal", "add", "reach a CFO", "--due", "2025-03-04")
    ok(db, "goal", "add", "someday: write a book")  # no date: never due
    assert due_list(db, "2025-03-01", 7) == [("f2", -2), ("g2", -3), ("f1", -4), ("g1", -5)]

    assert ok(db, "followups", "snooze", "f1", "--until", "2025-03-20").stdout == (
        "snoozed until Thu 20 Mar 2025: send the deck (f1)\n"
    )
    assert due_list(db, "2025-03-01", 7) == [("f2", -2), ("g2", -3), ("g1", -5)]
    assert due_list(db, "2025-03-01", 30) == [("f2", -2), ("g2", -3), ("g1", -5), ("f1", -19)]

    assert ok(db, "followups", "done", "g1").stdout == "done: meet Dana's team (g1)\n"
    assert ok(db, "followups", "drop", "f2").stdout == "dropped: ask about the role (f2)\n"
    # before: done twice said "done" again, and a snooze reopened a done follow-up without a word
    assert fails(db, "followups", "done", "g1") == "error: meet Dana's team (g1) is done already"
    assert (
        fails(db, "followups", "snooze", "f2") == "error: ask about the role (f2) is dropped already: nothing to snooze"
    )
    assert fails(db, "followups", "snooze", "g2", "--until", "2025-02-01") == (
        "error: Sat 1 Feb 2025 is not after today: snooze until a later day"
    )
    assert due_list(db, "2025-03-01", 30) == [("g2", -3), ("f1", -19)]
    assert [g["id"] for g in ok_json(db, "goal", "list")] == [2, 3]

    assert ok(db, "followups", "snooze", "g2").stdout == (  # a week by default; a goal's snooze moves its date
        "snoozed until Sat 8 Mar 2025: reach a CFO (g2); its date was Tue 4 Mar 2025\n"
    )
    assert ok(db, "followups", "done", "f1").stdout == "done: send the deck (f1)\n"
    assert ok(db, "followups", "reopen", "f2").stdout == "reopened: ask about the role (f2)\n"
    assert fails(db, "followups", "reopen", "f2") == "error: ask about the role (f2) is open already"
    ok(db, "followups", "drop", "f2")
    assert due_list(db, "2025-03-01", 365) == [("g2", -7)]
    assert due_list(db, "2025-03-10", 0) == [("g2", 2)]

    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT id, due, status FROM followups ORDER BY id").fetchall() == [
            (1, "2025-03-20", "done"),
            (2, "2025-03-03", "dropped"),
        ]
        assert conn.execute("SELECT id, due, status FROM goals ORDER BY id").fetchall() == [
            (1, "2025-03-06", "done"),
            (2, "2025-03-08", "open"),
            (3, None, "open"),
        ]


def test_snoozing_a_person_silences_them_until_the_date(db: Path) -> None:
    ok(db, "cadence", "Dana", "30d")
    assert due_list(db, "2025-03-01") == [("p2", 0)]
    assert ok(db, "followups", "snooze", "p2", "--until", "2025-04-15").stdout == (
        "snoozed Dana Reyes until Tue 15 Apr 2025\n"
    )
    assert due_list(db, "2025-03-01", 7) == []
    assert due_list(db, "2025-04-07", 7) == []
    assert due_list(db, "2025-04-08", 7) == [("p2", -7)]
    assert due_list(db, "2025-04-14", 0) == []
    assert due_list(db, "2025-04-15", 0) == [("p2", 0)]
    assert due_list(db, "2025-04-20", 0) == [("p2", 0)]  # never contacted: due every day
    # Contact after the snooze: the cadence runs from it.
    ok(db, "log", "lunch", "--with", "Dana", today="2025-04-20")
    assert due_list(db, "2025-05-20", 0) == [("p2", 0)]
    # A snooze earlier than the natural due date changes nothing.
    ok(db, "followups", "snooze", "p2", today="2025-04-20")  # until Apr 27; due May 20
    assert due_list(db, "2025-05-19", 0) == []
    assert due_list(db, "2025-05-20", 0) == [("p2", 0)]


def test_snoozing_someone_kept_by_tag_keeps_following_the_tag(db: Path) -> None:
    ok(db, "cadence", "--tag", "work", "90d")
    ok(db, "followups", "snooze", "p3", "--until", "2025-03-10")
    ok(db, "cadence", "--tag", "work", "30d")
    with Store.open(db, create=False) as store:
        assert store.cadences() == {SAM: 30}  # the snooze must not pin Sam to the old 90 days
    items = ok_json(db, "followups", "--days", "0", today="2025-03-10")
    assert [(i["id"], i["what"]) for i in items] == [("p3", "keep in touch (every 30 days; no contact yet)")]


# reminders --ics ------------------------------------------------------------------------------------------------------


def test_reminders_as_todos_are_stable_and_update_in_place(db: Path, tmp_path: Path) -> None:
    ok(db, "cadence", "Dana", "30d")
    ok(db, "log", "coffee", "--with", "Dana", "--on", "2025-01-20")  # due Feb 19: overdue
    with Store.open(db, create=False) as store:
        day = dt.date(2025, 3, 1)
        followups.add_followup(store, "Dana", "send the deck", due="2025-03-05", today=day)
        followups.add_followup(store, "Sam", "ask about the role", due="2025-02-25", today=day)
    ok(db, "goal", "add", "reach a CFO", "--due", "2025-03-10")
    ok(db, "goal", "add", "far off", "--due", "2025-09-01")  # beyond the 60 days exported

    first, second, third = tmp_path / "a.ics", tmp_path / "b.ics", tmp_path / "c.ics"
    assert ok(db, "reminders", "--todo", "--ics", str(first)).stdout == f"4 reminders written to {first}\n"
    exported = todos(first)
    # Overdue items are due today in the calendar; the rest on their day.
    assert {uid: due_of(t) for uid, t in exported.items()} == {
        "p2@kithkin": dt.date(2025, 3, 1),
        "f2@kithkin": dt.date(2025, 3, 1),
        "f1@kithkin": dt.date(2025, 3, 5),
        "g1@kithkin": dt.date(2025, 3, 10),
    }
    assert str(exported["f1@kithkin"]["SUMMARY"]) == "Dana Reyes: send the deck"
    # placed on today, an overdue item says so (before: nothing told it from one due today)
    assert str(exported["f2@kithkin"]["SUMMARY"]) == "Sam Lee: ask about the role (overdue since Tue 25 Feb 2025)"
    assert str(exported["g1@kithkin"]["SUMMARY"]) == "reach a CFO"
    assert str(exported["p2@kithkin"]["SUMMARY"]) == (
        "Dana Reyes: keep in touch (every 30 days; last contact Mon 20 Jan 2025) (overdue since Wed 19 Feb 2025)"
    )
    for todo in exported.values():
        (alarm,) = todo.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert todo.decoded("DTSTAMP").tzinfo is not None

    ok(db, "reminders", "--todo", "--ics", str(second))
    assert {uid: due_of(t) for uid, t in todos(second).items()} == {uid: due_of(t) for uid, t in exported.items()}

    ok(db, "followups", "snooze", "f1", "--until", "2025-03-25")
    ok(db, "followups", "snooze", "p2", "--until", "2025-03-15")
    ok(db, "followups", "done", "f2")
    ok(db, "reminders", "--todo", "--ics", str(third))
    later = todos(third)
    assert {uid: due_of(t) for uid, t in later.items()} == {
        "p2@kithkin": dt.date(2025, 3, 15),
        "f1@kithkin": dt.date(2025, 3, 25),
        "g1@kithkin": dt.date(2025, 3, 10),
        "f2@kithkin": dt.date(2025, 3, 1),  # done: written as completed, so the calendar takes it away
    }
    assert {uid: str(t.get("STATUS", "")) for uid, t in later.items()} == {
        "p2@kithkin": "", "f1@kithkin": "", "g1@kithkin": "", "f2@kithkin": "COMPLETED"
    }  # fmt: skip
    assert later["f2@kithkin"].walk("VALARM") == []
    assert int(later["f1@kithkin"]["SEQUENCE"]) >= int(exported["f1@kithkin"]["SEQUENCE"])  # the newer version wins
    events = icalendar.Calendar.from_ical(
        ok(db, "reminders", "--ics", str(tmp_path / "d.ics")) and (tmp_path / "d.ics").read_bytes()
    ).walk("VEVENT")
    assert {str(e["UID"]): str(e.get("STATUS", "")) for e in events}["f2@kithkin"] == "CANCELLED"


def test_reminders_with_nothing_due_writes_an_empty_calendar(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "empty.ics"
    assert ok(db, "reminders", "--ics", str(path)).stdout == f"0 reminders written to {path}\n"
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert calendar.walk("VEVENT") == calendar.walk("VTODO") == []
    assert str(calendar["VERSION"]) == "2.0"


# today ----------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def overdue_base(base_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = copy_store(base_db, tmp_path_factory.mktemp("overdue") / "kithkin.sqlite")
    ok(db, "person", "add", "Kim Park")
    ok(db, "person", "add", "Lee Chan")
    for who in ("Dana", "Kim", "Lee Chan"):
        ok(db, "cadence", who, "30d")
    ok(db, "cadence", "--tag", "work", "90d")
    ok(db, "log", "lunch", "--with", "Dana", "--on", "2025-04-02", today="2025-06-01")
    ok(db, "log", "coffee", "--with", "Sam", "--on", "2025-02-28", today="2025-06-01")
    ok(db, "log", "drinks", "--with", "Lee Chan", "--on", "2025-05-20", today="2025-06-01")
    with Store.open(db, create=False) as store:
        followups.add_followup(store, "Lee Chan", "send the photos", due="2025-06-03", today=dt.date(2025, 6, 1))
    return db


@pytest.fixture
def overdue_db(overdue_base: Path, tmp_path: Path) -> Path:
    """On 2025-06-01: Dana 30 days overdue, Sam (work) 3 days, Kim never contacted, Lee not due yet."""
    return copy_store(overdue_base, tmp_path / "kithkin.sqlite")


def test_today_json_ranks_overdue_people_by_value(overdue_db: Path) -> None:
    digest = ok_json(overdue_db, "today", today="2025-06-01")
    assert digest["today"] == "2025-06-01"
    assert [(p["name"], d["overdue_days"], d["last_contact"]) for p, d in digest["overdue"]] == [
        ("Dana Reyes", 30, "2025-04-02"),
        ("Sam Lee", 3, "2025-02-28"),
        ("Kim Park", 0, None),
    ]
    assert [(i["id"], i["due"]) for i in digest["upcoming"]] == [("f1", "2025-06-03")]
    # A close tie outweighs days overdue.
    ok(overdue_db, "tie", "me", "Sam", "--closeness", "5")
    digest = ok_json(overdue_db, "today", today="2025-06-01")
    assert [p["name"] for p, _ in digest["overdue"]] == ["Sam Lee", "Dana Reyes", "Kim Park"]


def test_today_notify_prints_exactly_one_line(overdue_db: Path) -> None:
    out = ok(overdue_db, "today", "--notify", today="2025-06-01").stdout
    assert out.endswith("\n")
    assert len(out.splitlines()) == 1
    assert out.startswith("kithkin Sun 1 Jun 2025")
    assert "Dana Reyes, Sam Lee, Kim Park" in out
    assert "1 follow-up coming up" in out


def test_today_notify_reads_as_a_sentence(overdue_db: Path) -> None:
    assert ok(overdue_db, "today", "--notify", today="2025-06-01").stdout == (
        "kithkin Sun 1 Jun 2025: get back in touch with Dana Reyes, Sam Lee, Kim Park; 1 follow-up coming up\n"
    )


def test_today_notify_when_nobody_is_overdue(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    ok(path, "person", "add", "Alex Morgan")
    ok(path, "me", "Alex")
    out = ok(path, "today", "--notify").stdout
    assert len(out.splitlines()) == 1
    assert "nobody overdue" in out
    assert ok_json(path, "today") == {
        "today": "2025-03-01",
        "overdue": [],
        "late": [],
        "upcoming": [],
        "give": "",
        "more_overdue": 0,
        "more_upcoming": 0,
        "birthdays": [],
        "events": [],
    }


def test_use_cases_take_today_explicitly(store: Store) -> None:
    me = store.add_person(Person("Alex Morgan"), SOURCE)
    dana = store.add_person(Person("Dana Reyes"), SOURCE)
    assert me.id is not None
    assert dana.id is not None
    store.set_me(me.id)
    assert followups.set_cadence(store, "2w", ref="Dana") == 14
    followups.log(store, "call", with_refs=["Dana"], today=dt.date(2025, 3, 1))
    assert [(i.id, i.overdue_days) for i in followups.due_items(store, dt.date(2025, 3, 15), horizon_days=0)] == [
        (f"p{dana.id}", 0)
    ]
    assert followups.due_items(store, dt.date(2025, 3, 14), horizon_days=0) == []
    message = followups.finish(store, f"p{dana.id}", Status.SNOOZED, today=dt.date(2025, 3, 15), until="2025-03-20")
    assert message == "snoozed Dana Reyes until Thu 20 Mar 2025"
    assert followups.due_items(store, dt.date(2025, 3, 19), horizon_days=0) == []
    digest = followups.today_digest(store, dt.date(2025, 3, 20))
    assert [(p.id, d.overdue_days) for p, d in digest.overdue] == [(dana.id, 0)]


# issue 14: what `today` says is true --------------------------------------------------------------------------------


def section(text: str, title: str) -> list[str]:
    """The bullet lines under ``title`` in the plain-text digest."""
    lines = text.splitlines()
    start = lines.index(title) + 1
    found = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        found.append(line.strip())
    return found


def test_today_lists_an_overdue_follow_up_as_overdue_not_coming_up(overdue_db: Path) -> None:
    with Store.open(overdue_db, create=False) as store:
        followups.add_followup(store, "Dana", "send the deck", due="2025-05-30", today=dt.date(2025, 5, 20))
    out = ok(overdue_db, "today", today="2025-06-01").stdout
    assert section(out, "Follow-ups overdue:") == ["• Fri 30 May 2025 Dana Reyes: send the deck [f2] — 2 days overdue"]
    assert section(out, "Coming up:") == ["• Tue 3 Jun 2025 Lee Chan: send the photos [f1]"]
    # due today says so (before: "Coming up: Tue 3 Jun 2025 …" on the 3rd)
    assert section(ok(overdue_db, "today", today="2025-06-03").stdout, "Coming up:") == [
        "• today, Tue 3 Jun 2025 Lee Chan: send the photos [f1]"
    ]
    digest = ok_json(overdue_db, "today", today="2025-06-01")
    assert [i["id"] for i in digest["late"]] == ["f2"]
    assert [i["id"] for i in digest["upcoming"]] == ["f1"]
    notify = ok(overdue_db, "today", "--notify", today="2025-06-01").stdout
    assert "1 follow-up overdue; 1 follow-up coming up" in notify


def test_today_says_how_many_more_are_overdue_rather_than_dropping_them(overdue_db: Path) -> None:
    for name in ("Ann One", "Bo Two", "Cy Three", "Di Four"):
        ok(overdue_db, "person", "add", name)
        ok(overdue_db, "cadence", name, "30d")
    out = ok(overdue_db, "today", today="2025-06-01").stdout
    assert len(section(out, "Get back in touch with (the closest and longest overdue first):")) == 6
    assert (
        section(out, "Get back in touch with (the closest and longest overdue first):")[-1]
        == "… and 2 more (kithkin followups)"
    )
    assert ok_json(overdue_db, "today", today="2025-06-01")["more_overdue"] == 2
    assert "Kim Park and 4 more;" in ok(overdue_db, "today", "--notify", today="2025-06-01").stdout


def test_today_says_one_day_overdue_in_the_singular(overdue_db: Path) -> None:
    out = ok(overdue_db, "today", today="2025-05-30").stdout
    assert "Today, Fri 30 May 2025" in out
    assert "• Sam Lee — 1 day overdue (last Fri 28 Feb 2025; every 90 days)" in out
    assert "1 days" not in out


def test_the_give_is_cut_between_words_and_keeps_the_notes_pronouns(store: Store) -> None:
    me = store.add_person(Person("Alex Morgan"), SOURCE)
    seeker = store.add_person(
        Person(
            "Dana Reyes",
            notes="Looking for a chief financial officer to advise their startup on fundraising across three markets.",
        ),
        SOURCE,
    )
    helper = store.add_person(Person("Sam Lee"), SOURCE)
    assert me.id is not None
    assert seeker.id is not None
    assert helper.id is not None
    store.set_me(me.id)
    for other in (seeker.id, helper.id):
        store.add_tie(Tie(me.id, other), SOURCE)
    acme = store.ensure_group(GroupKind.EMPLOYER, "Acme", SOURCE)
    store.affiliate(helper.id, acme, SOURCE, role="Chief Financial Officer")
    for name, title in (("Kim Park", "Chief Executive Officer"), ("Lee Cho", "Financial Analyst")):  # not a CFO
        other = store.add_person(Person(name), SOURCE)
        assert other.id is not None
        store.add_tie(Tie(me.id, other.id), SOURCE)
        store.affiliate(other.id, acme, SOURCE, role=title)
    give = followups.today_digest(store, dt.date(2025, 3, 1)).give
    assert give == (  # before, the first word alone: "you know 3" with the CEO and the analyst
        "Dana Reyes is looking for a chief financial officer to advise their startup on…; "
        "you know Sam Lee — make an introduction."
    )
    for name in ("Ann Ames", "Bo Berg", "Cy Cole", "Di Dunn"):  # more CFOs: named, not "you know 5"
        other = store.add_person(Person(name), SOURCE)
        assert other.id is not None
        store.add_tie(Tie(me.id, other.id), SOURCE)
        store.affiliate(other.id, acme, SOURCE, role="CFO" if name != "Di Dunn" else "Chief Financial Officer")
    give = followups.today_digest(store, dt.date(2025, 3, 1)).give
    assert give.endswith("; you know Sam Lee, Ann Ames and Bo Berg (and 2 others) — make an introduction.")


def test_the_demo_notes_do_not_guess_a_pronoun() -> None:
    from kithkin.generate import generate

    notes = " ".join(generate(300, seed=7).history.notes.values())
    assert "startup" in notes
    assert " her " not in notes
    assert " his " not in notes


# issue 14: what you enter can be seen and used again ----------------------------------------------------------------


def test_followups_add_then_it_is_listed(db: Path) -> None:
    assert ok(db, "followups", "add", "Dana", "send the deck", "--due", "2025-03-05").stdout == (
        "follow-up f1: Dana Reyes: send the deck, due Wed 5 Mar 2025\n"
    )
    assert due_list(db, "2025-03-01", days=7) == [("f1", -4)]
    assert "a follow-up needs some words" in fails(db, "followups", "add", "Dana", "  ", "--due", "2025-03-05")


def test_log_list_shows_what_was_logged_most_recent_first(db: Path) -> None:
    ok(db, "log", "coffee", "--with", "Dana", "--on", "2025-01-20")
    ok(db, "log", "call about the role", "--with", "Sam", "--on", "2025-02-10")
    ok(db, "log", "lunch", "--with", "Dana", "--with", "Sam", "--on", "2025-02-20")
    listed = ok_json(db, "log", "list")
    assert [(e["on"], e["note"]) for e, _ in listed["entries"]] == [
        ("2025-02-20", "lunch"),
        ("2025-02-10", "call about the role"),
        ("2025-01-20", "coffee"),
    ]
    assert listed["total"] == 3
    dana = ok_json(db, "log", "list", "Dana", "--since", "2025-02-01")
    assert [(e["note"], [p["name"] for p in people]) for e, people in dana["entries"]] == [
        ("lunch", ["Dana Reyes", "Sam Lee"])
    ]
    out = ok(db, "log", "list", "Dana").stdout
    assert "Thu 20 Feb 2025" in out
    assert "Mon 20 Jan 2025" in out
    assert "call about the role" not in out
    assert "nothing logged" in ok(db, "log", "list", "--since", "2025-03-01").stdout


def test_person_show_tells_the_relationship(db: Path) -> None:
    ok(db, "cadence", "--tag", "work", "90d")
    for day in ("2025-01-05", "2025-01-20", "2025-02-01", "2025-02-10", "2025-02-15", "2025-02-20"):
        ok(db, "log", f"coffee on {day}", "--with", "Sam", "--on", day)
    ok(db, "log", "he introduced me to a CFO", "--with", "Sam", "--got", "intro", "--on", "2025-02-25")
    ok(db, "goal", "add", "ask Sam about the board seat", "--with", "Sam", "--due", "2025-04-01")
    ok(db, "followups", "add", "Sam", "send the deck", "--due", "2025-03-05")
    ok(db, "person", "edit", "Sam", "--birthday", "--03-09")
    shown = ok_json(db, "person", "show", "Sam")
    together = shown["relationship"]
    assert shown["person"]["name"] == "Sam Lee"
    assert together["interaction_count"] == 7
    assert [i["on"] for i in together["interactions"]] == [
        "2025-02-25",
        "2025-02-20",
        "2025-02-15",
        "2025-02-10",
        "2025-02-01",
    ]
    assert [g["text"] for g in together["goals"]] == ["ask Sam about the board seat"]
    assert [f["text"] for f in together["followups"]] == ["send the deck"]
    assert (together["cadence_days"], together["cadence_tag"]) == (90, "work")
    assert (together["balance"]["gave"], together["balance"]["got"]) == (0, 1)
    assert (together["birthday"], together["next_birthday"]) == ("--03-09", "2025-03-09")
    out = ok(db, "person", "show", "Sam").stdout
    for expected in (
        "born   9 Mar (next Sun 9 Mar 2025)",
        "every 90 days (everyone tagged work)",
        "goal g1: ask Sam about the board seat (by Tue 1 Apr 2025)",
        "follow-up f1: send the deck (due Wed 5 Mar 2025)",
        "Tue 25 Feb 2025  introduction received — he introduced me to a CFO",
        "… and 2 more (kithkin log list NAME)",
    ):
        assert expected in out, out


def test_birthdays_are_set_shown_in_today_and_exported(db: Path, tmp_path: Path) -> None:
    ok(db, "person", "edit", "Dana", "--birthday", "4 March 1990")
    assert ok_json(db, "person", "show", "Dana")["relationship"]["birthday"] == "1990-03-04"
    assert "born   4 Mar 1990 (next Tue 4 Mar 2025)" in ok(db, "person", "show", "Dana").stdout
    ok(db, "person", "edit", "me", "--birthday", "1980-05-01")  # the user's own: it was shown nowhere
    assert "born   1 May 1980 (next Thu 1 May 2025)" in ok(db, "person", "show", "me").stdout
    assert section(ok(db, "today").stdout, "Birthdays:") == ["• Tue 4 Mar 2025 Dana Reyes"]
    assert [(b["person"]["name"], b["on"]) for b in ok_json(db, "today")["birthdays"]] == [("Dana Reyes", "2025-03-04")]
    path = tmp_path / "r.ics"
    ok(db, "reminders", "--ics", str(path))
    (event,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert (str(event["UID"]), str(event["SUMMARY"])) == ("b2@kithkin", "Dana Reyes's birthday")
    assert event.decoded("DTSTART") == dt.date(2025, 3, 4)
    assert event["RRULE"].to_ical() == b"FREQ=YEARLY"  # every year, not once
    assert "not a day" in fails(db, "person", "edit", "Dana", "--birthday", "--02-30")


def test_reminders_are_all_day_events_with_an_alarm_and_stable_uids(db: Path, tmp_path: Path) -> None:
    ok(db, "cadence", "Dana", "30d")
    ok(db, "log", "coffee", "--with", "Dana", "--on", "2025-01-20")
    ok(db, "followups", "add", "Sam", "ask about the role", "--due", "2025-03-05")
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert ok(db, "reminders", "--ics", str(first)).stdout == f"2 reminders written to {first}\n"
    ok(db, "reminders", "--ics", str(second))
    calendars = [icalendar.Calendar.from_ical(p.read_bytes()) for p in (first, second)]
    assert calendars[0].walk("VTODO") == []
    events = [{str(e["UID"]): e for e in c.walk("VEVENT")} for c in calendars]
    assert sorted(events[0]) == sorted(events[1]) == ["f1@kithkin", "p2@kithkin"]
    for event in events[0].values():
        assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(days=1)
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
    assert events[0]["f1@kithkin"].decoded("DTSTART") == dt.date(2025, 3, 5)
    assert events[0]["p2@kithkin"].decoded("DTSTART") == dt.date(2025, 3, 1)  # overdue: today
    assert ok(db, "reminders", "--ics", str(first), "--todo").stdout == f"2 reminders written to {first}\n"
    assert len(icalendar.Calendar.from_ical(first.read_bytes()).walk("VTODO")) == 2


def test_one_reminder_is_said_in_the_singular(db: Path, tmp_path: Path) -> None:
    ok(db, "followups", "add", "Sam", "ask about the role", "--due", "2025-03-05")
    path = tmp_path / "one.ics"
    assert ok(db, "reminders", "--ics", str(path)).stdout == f"1 reminder written to {path}\n"


def test_goal_list_says_the_due_day_in_words(db: Path) -> None:
    ok(db, "goal", "add", "reach a CFO", "--due", "2025-03-10")
    out = ok(db, "goal", "list").stdout
    assert "Mon 10 Mar 2025" in out
    assert "2025-03-10" not in out


def test_log_still_logs_with_its_options_first(db: Path) -> None:
    assert ok(db, "log", "--with", "Dana", "coffee", "--on", "2025-02-03").stdout == (
        "logged meal with Dana Reyes on Mon 3 Feb 2025 (read from the note's words: --kind to say otherwise)\n"
    )
    assert ok(db, "log", "--with", "Dana", "texted happy birthday").stdout == (  # before: "met"
        "logged message with Dana Reyes on Sat 1 Mar 2025 (read from the note's words: --kind to say otherwise)\n"
    )
    assert (
        ok(db, "log", "--with", "Dana", "texted", "--kind", "call").stdout
        == "logged call with Dana Reyes on Sat 1 Mar 2025\n"
    )
    assert "list" in ok(db, "log", "--help").stdout


def test_the_library_tells_the_relationship_and_the_log() -> None:
    import kithkin

    store = kithkin.memory()
    kithkin.add_person(store, "Alex Morgan")
    kithkin.set_me(store, "Alex")
    kithkin.add_person(store, "Dana Reyes")
    kithkin.log(store, "coffee", with_refs=["Dana"], today=dt.date(2025, 3, 1))
    together = kithkin.relationship(store, "Dana", dt.date(2025, 3, 1))
    assert (together.interaction_count, together.interactions[0].note) == (1, "coffee")
    assert kithkin.log_entries(store, today=dt.date(2025, 3, 1)).total == 1


def test_cadence_off_stops_the_timer(db: Path) -> None:
    ok(db, "cadence", "Dana Reyes", "30d")
    assert "no keep-in-touch timer for Dana Reyes" in ok(db, "cadence", "Dana Reyes", "off").output
    with Store.open(db, create=False) as store:
        assert store.cadence_of(DANA) is None
        assert followups.clear_cadence(store, ref="Dana Reyes") is False  # nothing left to clear


def test_a_refused_value_names_its_field(store: Store) -> None:
    me = store.add_person(Person("Alex Morgan"), SOURCE)
    assert me.id is not None
    store.set_me(me.id)
    store.add_person(Person("Dana Reyes"), SOURCE)
    today = dt.date(2025, 3, 1)
    cases = [
        (lambda: followups.log(store, "x", with_refs=["Dana"], on="2025-00-05", today=today), "on"),
        (lambda: followups.log(store, "x", with_refs=["Nobody Atall"], today=today), "people"),
        (lambda: followups.log(store, "x", with_refs=["Dana"], kind="telepathy", today=today), "kind"),
        (lambda: followups.log(store, "x", with_refs=["Dana"], got="a kidney", today=today), "got"),
        (lambda: followups.set_cadence(store, "2q", ref="Dana"), "every"),
        (lambda: followups.add_goal(store, "lunch", due="2025-02-30", today=today), "due"),
    ]
    for call, field in cases:
        with pytest.raises(KithkinError) as refused:
            call()
        assert refused.value.field == field


# events in the digest ---------------------------------------------------------------------------------------------


def _event(store: Store, name: str, on: FuzzyDate, people: tuple[int, ...]) -> int:
    group = store.ensure_group(GroupKind.EVENT, name, SOURCE, on=on)
    assert group.id is not None
    for pid in people:
        store.affiliate(pid, group, SOURCE)
    return group.id


def test_today_lists_the_events_of_the_next_fortnight_with_who_is_on_their_lists(db: Path) -> None:
    """`today` said nothing of a happy hour two weeks away that the user was invited to; now it lists events dated
    to the day from today to a fortnight ahead, the soonest first, with how many of their guests the user knows."""
    with Store.open(db, create=False) as store:
        store.add_tie(Tie(ME, DANA), SOURCE)
        dinner = _event(store, "Founders dinner", FuzzyDate(2025, 3, 15), (ME, DANA, SAM))  # the fortnight's last day
        talk = _event(store, "Design talk", FuzzyDate(2025, 3, 1), (SAM,))  # today, the user not on its list
        _event(store, "Spring fair", FuzzyDate(2025, 3, 16), (ME, DANA))  # a day too far
        _event(store, "Old meetup", FuzzyDate(2025, 2, 28), (ME, DANA))  # yesterday
        _event(store, "March social", FuzzyDate(2025, 3), (ME, DANA))  # its day unknown: not placed on one
    digest = ok_json(db, "today")
    assert digest["events"] == [
        {"event": {"kind": "event", "name": "Design talk", "id": talk, "aliases": [], "on": "2025-03-01",
                   "place": ""}, "others": 1, "known": 0, "you": False},
        {"event": {"kind": "event", "name": "Founders dinner", "id": dinner, "aliases": [], "on": "2025-03-15",
                   "place": ""}, "others": 2, "known": 1, "you": True},
    ]  # fmt: skip
    text = ok(db, "today").stdout
    assert f"Sat 1 Mar 2025 Design talk (#{talk}) — 1 on its list (none you know), not you" in text
    assert f"Sat 15 Mar 2025 Founders dinner (#{dinner}) — you and 2 others on its list (1 you know)" in text
    for later in ("Spring fair", "Old meetup", "March social"):
        assert later not in text
    assert "; 2 events in the next fortnight" in ok(db, "today", "--notify").stdout


def test_the_ledger_lists_the_most_exchanged_then_the_most_recent_first(db: Path) -> None:
    """Before: people with as many exchanges went by internal id, a list that looked shuffled."""
    ok(db, "log", "--with", "Dana", "lunch", "--gave", "advice", "--on", "2025-01-10")
    ok(db, "log", "--with", "Sam", "coffee", "--got", "intro", "--on", "2025-02-20")
    book = ok_json(db, "ledger")
    assert [(p["person"]["name"], p["last"]) for p in book["people"]] == [
        ("Sam Lee", "2025-02-20"),
        ("Dana Reyes", "2025-01-10"),
    ]


def test_a_declined_invitation_is_not_a_contact_an_event_both_were_on_is(db: Path) -> None:
    """An event dated to the day on both lists counts as being in touch; a calendar's "declined (required)" did
    too: Sam, who said no to the gallery night, was no longer overdue after it."""
    for name in ("Dana", "Sam"):
        ok(db, "cadence", name, "30d")
        ok(db, "log", "--with", name, "lunch", "--on", "2025-01-10")
    with Store.open(db, create=False) as store:
        _event(store, "Happy hour at Dana's", FuzzyDate(2025, 2, 20), (ME, DANA))
        gallery = store.ensure_group(GroupKind.EVENT, "Gallery night", SOURCE, on=FuzzyDate(2025, 2, 25))
        store.affiliate(ME, gallery, SOURCE)
        store.affiliate(SAM, gallery, SOURCE, role="declined (required)")
        party = store.ensure_group(GroupKind.EVENT, "Book launch", SOURCE, on=FuzzyDate(2025, 2, 26))
        store.affiliate(ME, party, SOURCE, role="declined")  # the user said no
        store.affiliate(SAM, party, SOURCE)
    digest = ok_json(db, "today")
    assert [(p["name"], d["last_contact"], d["overdue_days"]) for p, d in digest["overdue"]] == [
        ("Sam Lee", "2025-01-10", 20)
    ]
    # an event counted as contact says so (before: "last contact" of someone never contacted, on a guest list)
    listed = ok(db, "followups", "--days", "30").stdout
    assert (
        "keep in touch (every 30 days; last contact Thu 20 Feb 2025 (both on the list of Happy hour at Dana's))"
        in listed
    )
    assert "keep in touch (every 30 days; last contact Fri 10 Jan 2025)" in listed  # Sam's lunch, logged


def test_a_birthday_after_today_is_refused(db: Path) -> None:
    """ "born 1 Jan 2030 (next Fri 1 Jan 2027)" was said of a birthday typed with the wrong year."""
    assert fails(db, "person", "edit", "Dana", "--birthday", "2030-01-01") == (
        "error: a birthday after today (2025-03-01): '2030-01-01'"
    )
    assert fails(db, "person", "edit", "Dana", "--birthday", "2026").endswith(
        "a birthday after today (2025-03-01): '2026'"
    )
    ok(db, "person", "edit", "Dana", "--birthday", "2025-02-28")  # a baby's
    ok(db, "person", "edit", "Dana", "--birthday", "--12-24")  # no year: any day of the year


def test_a_day_said_from_today_is_read(db: Path) -> None:
    """ "last tuesday" and "in 2 weeks" were refused with "use a year (1998), a month (1998-05) or a day"."""
    ok(db, "log", "coffee", "--with", "Sam", "--on", "last tuesday")  # 2025-03-01 is a Saturday
    ok(db, "followups", "add", "Sam", "send the deck", "--due", "in 2 weeks")
    assert [(i["id"], i["due"]) for i in ok_json(db, "followups", "--days", "30")] == [("f1", "2025-03-15")]
    with Store.open(db, create=False) as store:
        assert store.last_contacts(ME, dt.date(2025, 3, 1)) == {SAM: dt.date(2025, 2, 25)}
    assert fails(db, "followups", "add", "Sam", "x", "--due", "2025-04") == (
        "error: '2025-04' needs a day, like 2024-05-17, 17 May 2024, yesterday, tomorrow, 3 days ago, in 2 weeks, "
        "last friday, next monday"
    )


def test_a_tie_a_log_and_an_affiliation_entered_by_mistake_are_taken_back(db: Path) -> None:
    """The CLI had no way to take back a tie or an affiliation (short of forgetting the person), nor a log."""
    ok(db, "tie", "me", "Dana")
    assert ok(db, "untie", "Dana", "me").stdout == "forgot that Dana Reyes and Alex Morgan know each other\n"
    assert fails(db, "untie", "Dana", "me") == "error: Dana Reyes and Alex Morgan have no tie on record"
    ok(db, "cadence", "Dana", "30d")
    ok(db, "log", "lunch", "--with", "Dana", "--on", "2025-02-20")
    assert "#1  Thu 20 Feb 2025" in ok(db, "log", "list").stdout
    assert due_list(db, "2025-03-01") == []
    assert ok(db, "log", "remove", "#1").stdout == "forgot the meal with Dana Reyes on Thu 20 Feb 2025\n"
    assert due_list(db, "2025-03-01") == [("p2", 0)]  # the timer the wrong log had reset
    assert fails(db, "log", "remove", "1") == "error: no logged interaction #1"
    ok(db, "affiliate", "Dana", "employer", "Qualcomm", "--from", "2001", "--to", "2003")
    ok(db, "affiliate", "Dana", "employer", "Qualcomm", "--from", "2005")
    assert ok(db, "unaffiliate", "Dana", "employer", "qualcomm").stdout == (
        "Dana Reyes: forgot employer Qualcomm (2 periods)\n"
    )
    assert fails(db, "unaffiliate", "Dana", "employer", "Qualcomm") == (
        "error: Dana Reyes has no employer called 'Qualcomm'"
    )


def test_today_says_a_keep_in_touch_due_this_week_is_coming_up(overdue_db: Path) -> None:
    """Today said "Nothing due this week" four days before someone's keep-in-touch was due, which `followups` and
    the reminders file had."""
    ok(overdue_db, "person", "add", "Lena Okafor")
    ok(overdue_db, "cadence", "Lena", "14d")
    ok(overdue_db, "log", "coffee", "--with", "Lena", "--on", "2025-05-22", today="2025-06-01")  # due 5 June
    out = ok(overdue_db, "today", today="2025-06-01").stdout
    coming = section(out, "Coming up:")
    assert any("Lena Okafor: keep in touch (every 14 days" in line and "Thu 5 Jun 2025" in line for line in coming)
    overdue = section(out, "Get back in touch with (the closest and longest overdue first):")
    assert not any("Lena" in line for line in overdue)
