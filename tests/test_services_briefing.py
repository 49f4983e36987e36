"""Briefings say only what is true: who declined is not coming, the event briefed is not common ground with
its own guests, and someone you have met is never "not met yet"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kithkin import report, services
from kithkin.model import FuzzyDate, GroupKind
from kithkin.services import briefing, followups
from kithkin.store import Store

INVITE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:dinner-1@example.com
DTSTAMP:20300101T000000Z
DTSTART:20300510T180000Z
SUMMARY:Founders dinner
ORGANIZER;CN=Me Myself:mailto:me@example.com
ATTENDEE;CN=Ann Able;PARTSTAT=ACCEPTED:mailto:ann@example.com
ATTENDEE;CN=Bob Bold;PARTSTAT=DECLINED:mailto:bob@example.com
END:VEVENT
END:VCALENDAR
"""


def _people(store: Store) -> None:
    for name, email in (
        ("Me Myself", "me@example.com"),
        ("Ann Able", "ann@example.com"),
        ("Bob Bold", "bob@example.com"),
    ):
        services.add_person(store, name, emails=[email])
    services.set_me(store, "Me Myself")


def test_who_declined_is_not_briefed_and_the_event_is_not_common_ground(store: Store, tmp_path: Path) -> None:
    _people(store)
    invite = tmp_path / "dinner.ics"
    invite.write_text(INVITE, encoding="utf-8")
    for name in ("me", "Ann", "Bob"):  # as an import of the same invitation would have it
        services.affiliate(store, name, "event", "Founders dinner", start="2030-05-10")
    view = briefing.brief(store, invite=invite, today=dt.date(2030, 5, 1))
    assert [e.person.name for e in view.entries] == ["Ann Able"]
    assert all("Founders dinner" not in item.sentence for item in view.entries[0].ground.items)


def test_someone_you_have_met_is_never_not_met_yet(store: Store) -> None:
    _people(store)
    followups.log(store, "coffee", with_refs=["Ann"], today=dt.date(2030, 3, 2))
    view = briefing.brief(store, people=["Ann Able", "Bob Bold"], today=dt.date(2030, 5, 1))
    text = report.markdown(view)
    assert "not met" not in text
    assert "you were last in touch on Sat 2 Mar 2030" in text


def test_an_event_the_user_is_not_on_and_past_ones_say_so_and_who_declined_is_no_guest(store: Store) -> None:
    """Before: "42 other attendees" of an event the user was not invited to, no word that an event was over, a
    follow-up eight days late "due Thu 10 Dec", and a guest who declined (as a calendar import records it) briefed."""
    _people(store)
    services.add_person(store, "Cy Calm", emails=["cy@example.com"])
    dinner = store.ensure_group(GroupKind.EVENT, "Founders dinner", "test", on=FuzzyDate(2030, 5, 10))
    for name, role in (("Ann Able", "required"), ("Bob Bold", "declined (required)"), ("Cy Calm", "optional")):
        store.affiliate(services.resolve_person(store, name).id or 0, dinner, "test", role=role)
    services.tie(store, "me", "Ann Able")
    followups.add_followup(store, "Ann Able", "send the deck", due="2030-04-20", today=dt.date(2030, 4, 1))

    ahead = briefing.brief(store, event="Founders dinner", today=dt.date(2030, 5, 1))
    assert [e.person.name for e in ahead.entries] == ["Ann Able", "Cy Calm"]  # not Bob, who declined
    assert (ahead.you, ahead.past) == (False, False)
    text = report.markdown(ahead)
    assert "Founders dinner — Fri 10 May 2030: 2 people on its list, not you: 1 you know, 1 on file with no tie" in text
    assert "Follow-up overdue since Sat 20 Apr 2030 (11 days): send the deck" in text

    after = briefing.brief(store, event="Founders dinner", today=dt.date(2030, 5, 11))
    assert after.past
    assert "Founders dinner — Fri 10 May 2030 (past): 2 people on its list, not you" in report.markdown(after)
    store.affiliate(store.me().id or 0, dinner, "test", role="organizer")  # type: ignore[union-attr]
    mine = briefing.brief(store, event="Founders dinner", today=dt.date(2030, 5, 1))
    assert mine.you
    assert "Founders dinner — Fri 10 May 2030: 2 other attendees: 1 you know, 1 on file" in report.markdown(mine)


def test_an_invitation_keeps_its_own_time_zone(store: Store, tmp_path: Path) -> None:
    """Before: an 18:00 in Los Angeles read "Fri 11 Oct 2030, 01:00 UTC" on a machine in UTC — a Thursday evening
    event put on the Friday; its zone was lost when the briefing kept the start as text."""
    _people(store)
    invite = tmp_path / "santa-clara.ics"
    invite.write_text(
        INVITE.replace("DTSTART:20300510T180000Z", "DTSTART;TZID=America/Los_Angeles:20301010T180000"),
        encoding="utf-8",
    )
    view = briefing.brief(store, invite=invite, today=dt.date(2030, 5, 1))
    assert view.when == "2030-10-10T18:00:00-07:00[America/Los_Angeles]"
    assert "Founders dinner — Thu 10 Oct 2030, 18:00 PDT" in report.markdown(view)


def test_the_host_and_a_speaker_are_named_as_such(store: Store, tmp_path: Path) -> None:
    """The briefing of "Happy hour at Robert's" named Robert as one guest among the others."""
    _people(store)
    services.add_person(store, "Cy Calm", emails=["cy@example.com"])
    party = store.ensure_group(GroupKind.EVENT, "Happy hour", "test", on=FuzzyDate(2030, 5, 10))
    for name, role in (("Ann Able", "host"), ("Bob Bold", "speaker"), ("Cy Calm", ""), ("me", "")):
        store.affiliate(services.resolve_person(store, name).id or 0, party, "test", role=role)
    view = briefing.brief(store, event="Happy hour", today=dt.date(2030, 5, 1))
    assert {e.person.name: e.part for e in view.entries} == {"Ann Able": "host", "Bob Bold": "speaker", "Cy Calm": ""}
    text = report.markdown(view)
    assert "## Ann Able (the host)" in text
    assert "## Bob Bold (a speaker)" in text
    invite = tmp_path / "dinner.ics"  # an invitation's organizer is its host
    invite.write_text(INVITE.replace("ORGANIZER;CN=Me Myself:mailto:me@", "ORGANIZER;CN=Cy Calm:mailto:cy@"))
    assert {e.person.name: e.part for e in briefing.brief(store, invite=invite).entries} == {
        "Cy Calm": "host", "Ann Able": ""
    }  # fmt: skip
