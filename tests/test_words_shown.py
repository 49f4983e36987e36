"""Every sentence true, every entered fact visible (issues 13/16 follow-ups), at the command line.

An interaction's kind reads as words ("introduction made") wherever a person reads it, while data, JSON and
exports keep the value ("intro-made"); an event's day reads as the app says dates, in the tense the day calls
for; an event's place (an invitation's LOCATION) is said in briefings and beside the event.
"""

from __future__ import annotations

import json
import pathlib

import pytest
from typer.testing import CliRunner

from kithkin.cli import app

runner = CliRunner()
TODAY = "2026-12-05"
#: A meetup a week ahead of TODAY, held at a place the invitation names, with the user and Ana Lima.
MEETUP = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:meetup-1\nSUMMARY:Tech meetup\n"
    "DTSTART:20261212T180000Z\nLOCATION:Impact Hub\\, Oakland\n"
    "ORGANIZER;CN=Michael Brennan:mailto:michael@example.com\n"
    "ATTENDEE;PARTSTAT=ACCEPTED;CN=Ana Lima:mailto:ana@example.com\n"
    "END:VEVENT\nEND:VCALENDAR\n"
)


def kithkin(db: pathlib.Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"KITHKIN_TODAY": TODAY})
    assert result.exit_code == 0, result.output
    return result.output


def build(folder: pathlib.Path) -> pathlib.Path:
    """A store with the user, Ana Lima (to whom the user made an introduction) and the coming meetup."""
    path = folder / "k.db"
    kithkin(path, "person", "add", "Michael Brennan", "--email", "michael@example.com")
    kithkin(path, "me", "Michael Brennan")
    kithkin(path, "person", "add", "Ana Lima", "--email", "ana@example.com")
    note = "introduced her to a designer"
    kithkin(path, "log", "add", note, "-w", "Ana Lima", "--kind", "intro-made", "--on", "2026-11-30")
    calendar = folder / "meetup.ics"
    calendar.write_text(MEETUP.replace("\n", "\r\n"), encoding="utf-8")
    kithkin(path, "import", str(calendar))
    return path


@pytest.fixture
def db(tmp_path: pathlib.Path) -> pathlib.Path:
    return build(tmp_path)


def test_an_interaction_kind_reads_as_words_and_stays_a_value_in_json(db: pathlib.Path) -> None:
    listed = kithkin(db, "log", "list")
    assert "introduction made" in listed
    assert "intro-made" not in listed
    shown = kithkin(db, "person", "show", "Ana Lima")
    assert "Mon 30 Nov 2026  introduction made — introduced her to a designer" in shown
    as_json = json.loads(kithkin(db, "log", "list", "--json"))
    assert [entry["kind"] for entry, _people in as_json["entries"]] == ["intro-made"]


def test_logging_says_the_kind_in_words(db: pathlib.Path) -> None:
    said = kithkin(db, "log", "add", "she introduced me to a recruiter", "-w", "Ana Lima", "--kind", "intro-received")
    assert "logged introduction received with Ana Lima on Sat 5 Dec 2026" in said


def test_a_coming_event_is_coming_up_with_its_day_in_words_and_its_place(db: pathlib.Path) -> None:
    shown = kithkin(db, "person", "show", "Ana Lima")
    assert "Tech meetup — coming up on 12 Dec 2026 at Impact Hub, Oakland" in shown
    assert "2026-12-12" not in shown


def test_a_past_event_is_its_day_without_a_tense(db: pathlib.Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "person", "show", "Ana Lima"], env={"KITHKIN_TODAY": "2027-01-05"})
    assert result.exit_code == 0, result.output
    assert "Tech meetup — 12 Dec 2026 at Impact Hub, Oakland" in result.output


def test_the_briefing_on_an_event_says_where_it_is(db: pathlib.Path) -> None:
    briefing = kithkin(db, "brief", "--event", "Tech meetup", "--format", "markdown")
    # Ana is in the contacts with no tie: not one "you know" (before: "1 other attendee, 1 you know of")
    assert (
        "Tech meetup — Sat 12 Dec 2026 at Impact Hub, Oakland: 1 other attendee: none you know, "
        "1 on file with no tie to you" in briefing
    )
    # The tie line says what is known: they were last in touch (an introduction is not a meeting).
    assert "No tie recorded; you were last in touch on Mon 30 Nov 2026 (introduction made)." in briefing


def test_the_briefing_on_an_invitation_says_where_it_is(db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    invite = tmp_path / "invite.ics"
    invite.write_text(MEETUP.replace("\n", "\r\n"), encoding="utf-8")
    briefing = kithkin(db, "brief", str(invite), "--format", "markdown")
    assert " at Impact Hub, Oakland: " in briefing.splitlines()[2]


def test_an_import_says_by_name_whom_a_record_joined(db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    card = tmp_path / "ana.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ana L.\nEMAIL:ana@example.com\nEND:VCARD\n", encoding="utf-8")
    said = kithkin(db, "import", str(card))
    assert "Ana L. (line 1) → Ana Lima (#2): same email ana@example.com" in said


def test_the_list_of_events_says_when_and_where_each_is(db: pathlib.Path) -> None:
    listed = runner.invoke(
        app, ["--db", str(db), "group", "list", "--kind", "event"], env={"KITHKIN_TODAY": TODAY, "COLUMNS": "200"}
    )
    assert listed.exit_code == 0, listed.output
    assert "Tech meetup" in listed.output
    assert "coming up on 12 Dec 2026 at Impact Hub, Oakland" in listed.output
