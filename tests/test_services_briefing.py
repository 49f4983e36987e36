"""Briefings say only what is true: who declined is not coming, the event briefed is not common ground with
its own guests, and someone you have met is never "not met yet"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kithkin import report, services
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
