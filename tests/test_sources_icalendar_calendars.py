"""Calendar import: people per email, one event group per series, meetings per past occurrence."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from kithkin.errors import SourceError
from kithkin.model import Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.sources.icalendar import calendars
from kithkin.sources.records import Item, Meeting, Membership, Notice, Record
from shared_data import no_hang, sample

TODAY = dt.date(2024, 6, 1)


def split(items: list[Item]) -> tuple[dict[str, Record], list[Meeting], list[str]]:
    records = {i.key: i for i in items if isinstance(i, Record)}
    meetings = [i for i in items if isinstance(i, Meeting)]
    notices = [i.message for i in items if isinstance(i, Notice)]
    return records, meetings, notices


def event(on: dt.date, summary: str, role: str = "", place: str = "", about: str = "") -> Membership:
    return Membership(GroupKind.EVENT, summary, role=role, on=FuzzyDate.from_date(on), place=place, about=about)


def write_ics(tmp_path: pathlib.Path, body: str, extra: str = "") -> pathlib.Path:
    path = tmp_path / "cal.ics"
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{extra}{body}END:VCALENDAR\n"
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    return path


# -- real samples ---------------------------------------------------------------------------------


def test_zimbra_series_with_rdates_is_one_group_and_five_meetings() -> None:
    records, meetings, notices = split(list(calendars.parse(sample("recur_instances_finite.ics"), until=TODAY)))
    assert {k: r.name for k, r in records.items()} == {
        "mailto:jlal@mozilla.com": "James Lal",
        "mailto:calmozilla1@gmail.com": "Sahaja Lal",  # CN folded mid-word
        "mailto:james@lightsofapollo.com": "James",  # CN was the email: the local part, readable
        "mailto:iam.revelation@gmail.com": "Iam Revelation",
    }
    first = dt.date(2012, 10, 2)
    crazy = {"place": "PLACE", "about": "IAM FOO"}  # LOCATION and DESCRIPTION, kept (issue 16)
    assert records["mailto:jlal@mozilla.com"].memberships == (
        event(first, "Crazy Event Thingy!", "organizer", **crazy),
    )
    assert records["mailto:calmozilla1@gmail.com"].memberships == (event(first, "Crazy Event Thingy!", **crazy),)
    assert records["mailto:calmozilla1@gmail.com"].contacts == (Contact(ContactKind.EMAIL, "calmozilla1@gmail.com"),)
    assert records["mailto:calmozilla1@gmail.com"].line == 26
    # First Tuesdays Oct–Dec 2012 plus the two RDATEs, all at 10:00 Los Angeles time.
    days = ["2012-10-02", "2012-11-05", "2012-11-06", "2012-11-10", "2012-12-04"]
    assert [m.on.isoformat() for m in meetings] == days
    uid = "623c13c0-6c2b-45d6-a12b-c33ad61c4868"
    assert [m.key for m in meetings] == [f"{uid}/{d}" for d in days]
    assert meetings[0].people == (
        "mailto:jlal@mozilla.com",
        "mailto:calmozilla1@gmail.com",
        "mailto:james@lightsofapollo.com",
        "mailto:iam.revelation@gmail.com",
    )
    assert {m.title for m in meetings} == {"Crazy Event Thingy!"}
    assert notices == []


def test_until_cuts_the_series() -> None:
    items = list(calendars.parse(sample("recur_instances_finite.ics"), until=dt.date(2012, 11, 6)))
    _, meetings, _ = split(items)
    assert [m.on for m in meetings] == [dt.date(2012, 10, 2), dt.date(2012, 11, 5), dt.date(2012, 11, 6)]


def test_two_rrules_weekly_mondays_and_every_sunday() -> None:
    records, meetings, _ = split(list(calendars.parse(sample("multiple_rrules.ics"), until=TODAY)))
    assert set(records) == {"mailto:frashed@mozilla.com", "mailto:jlal@mozilla.com"}
    days = [m.on for m in meetings]
    # 18 Mondays from 2012-03-26 and 18 Sundays from 2012-04-01, the last on 2012-07-29 (11:00 PDT,
    # before UNTIL 2012-07-30 06:59:59 UTC).
    assert len(days) == 36
    assert sum(d.weekday() == 0 for d in days) == 18
    assert sum(d.weekday() == 6 for d in days) == 18
    assert (days[0], days[-1]) == (dt.date(2012, 3, 26), dt.date(2012, 7, 29))


def test_open_ended_weekday_series_keeps_the_latest_500() -> None:
    until = dt.date(2013, 1, 1)
    records, meetings, notices = split(list(calendars.parse(sample("valid__Standup.ics"), until=until)))
    [ben] = records.values()
    assert (ben.key, ben.name) == ("mailto:ben.fortuna@example.com", "Ben Fortuna")
    assert ben.memberships == (event(dt.date(2009, 3, 10), "Standup", "organizer"),)
    weekdays = [
        dt.date(2009, 3, 10) + dt.timedelta(days=n)
        for n in range((until - dt.date(2009, 3, 10)).days + 1)
        if (dt.date(2009, 3, 10) + dt.timedelta(days=n)).weekday() < 5
    ]
    assert len(weekdays) == 996
    assert [m.on for m in meetings] == weekdays[-500:]
    assert notices == ['"Standup" (996 occurrences): only the latest 500 up to 2013-01-01 are logged as meetings']


def test_lotus_rdate_periods_in_a_file_defined_zone() -> None:
    records, meetings, _ = split(list(calendars.parse(sample("valid__calconnect2.ics"), until=TODAY)))
    chair = records["mailto:icalchair@coffeebean.com"]
    assert chair.name == "iCal Chair/CoffeeBean"
    assert chair.memberships == (event(dt.date(2005, 4, 11), "5 day daily repeating meeting", "organizer"),)
    assert [m.on.day for m in meetings] == [11, 12, 13, 14, 15]


def test_same_uid_twice_takes_the_higher_sequence_and_skips_the_room() -> None:
    records, meetings, _ = split(list(calendars.parse(sample("valid__classify.ics"), until=TODAY)))
    assert {k: r.name for k, r in records.items()} == {
        "mailto:a@example.com": "BIG A",
        "mailto:b@example.com": "B",
        "mailto:c@example.com": "C",
        "mailto:d@example.com": "Hal",
        "mailto:e@example.com": "E",
    }
    assert records["mailto:a@example.com"].memberships == (event(dt.date(1996, 7, 1), "Conference", "organizer"),)
    [meeting] = meetings
    assert (meeting.on, meeting.title) == (dt.date(1996, 7, 1), "Conference")
    assert len(meeting.people) == 5


def test_itip_mailbox_uses_replies_for_declines() -> None:
    records, meetings, notices = split(list(calendars.parse(sample("valid__incoming.ics"), until=TODAY)))
    assert set(records) == {f"mailto:{c}@example.com" for c in "abcdexy"}
    assert records["mailto:y@example.com"].name == "Y"
    [meeting] = meetings
    assert meeting.title == "Pool party"  # SEQUENCE 2, the later of the two
    assert meeting.on == dt.date(1997, 7, 1)
    assert "2 events with neither a title nor a date: their people kept, no event group" in notices
    assert records["mailto:y@example.com"].memberships == ()


def test_alarm_attendee_is_not_a_guest() -> None:
    assert list(calendars.parse(sample("daily_recur.ics"), until=TODAY)) == []


def test_a_malformed_sample_names_the_line() -> None:
    name = "calendars__small_bad_calendar.ics"
    with pytest.raises(SourceError) as caught:
        list(calendars.parse(sample(name), until=TODAY))
    assert caught.value.line == 1
    assert name in str(caught.value)


def test_exchange_blank_tzid_sample_reads_on_its_local_day() -> None:
    people, _, _ = split(list(calendars.parse(sample("valid__blankTzid.ics"), until=TODAY)))
    assert sorted(r.name for r in people.values()) == ["Bruce Roberts", "Sam Peter"]
    days = {m.on for r in people.values() for m in r.memberships}
    assert days == {FuzzyDate.from_date(dt.date(2015, 8, 26))}


def test_a_bare_vevent_is_read() -> None:
    """Issue 16: a file that is a bare BEGIN:VEVENT (no VCALENDAR) was "cannot tell which format"."""
    path = sample("events__event_with_unicode_organizer.ics")
    assert calendars.sniff(path.read_text(encoding="utf-8"), path.name)
    people, _, _ = split(list(calendars.parse(path, until=TODAY)))
    email = Contact(ContactKind.EMAIL, "john.doe@example.org")
    assert [(r.name, r.contacts) for r in people.values()] == [("Джон Доу", (email,))]


def test_not_a_calendar(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "x.ics"
    path.write_text("BEGIN:VCARD\nFN:A\nEND:VCARD\n")
    with pytest.raises(SourceError, match="expected BEGIN:VCALENDAR"):
        list(calendars.parse(path, until=TODAY))


# -- hand-built cases -----------------------------------------------------------------------------

LA_LATE = """BEGIN:VEVENT
UID:late-1
SUMMARY:Late dinner
DTSTART;TZID=America/Los_Angeles:20240301T233000
ORGANIZER;CN=Ana Lima:mailto:ana@example.com
ATTENDEE;CN=Bo Chen;PARTSTAT=ACCEPTED:mailto:bo@example.com
ATTENDEE;CN=Cy Diaz;PARTSTAT=DECLINED:mailto:cy@example.com
ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@example.com
ATTENDEE;CUTYPE=GROUP;CN=Team:mailto:team@example.com
END:VEVENT
BEGIN:VEVENT
UID:allday-1
SUMMARY:Offsite
DTSTART;VALUE=DATE:20240310
ATTENDEE;CN=Bo C.:mailto:BO@example.com
ATTENDEE;CUTYPE=GROUP:mailto:team@example.com
END:VEVENT
BEGIN:VEVENT
UID:utc-1
SUMMARY:Breakfast
DTSTART:20240302T073000Z
ATTENDEE:mailto:dee.dee_ramone@example.com
END:VEVENT
BEGIN:VEVENT
UID:future-1
SUMMARY:Launch
DTSTART:20300101T120000Z
ATTENDEE;CN=Bo Chen:mailto:bo@example.com
END:VEVENT
"""


def test_local_days_declines_rooms_lists_and_one_record_per_person(tmp_path: pathlib.Path) -> None:
    path = write_ics(tmp_path, LA_LATE, "X-WR-TIMEZONE:America/Los_Angeles\n")
    records, meetings, notices = split(list(calendars.parse(path, until=TODAY)))
    assert set(records) == {
        "mailto:ana@example.com",
        "mailto:bo@example.com",
        "mailto:cy@example.com",
        "mailto:dee.dee_ramone@example.com",
    }
    bo = records["mailto:bo@example.com"]
    assert bo.name == "Bo Chen"
    assert bo.aliases == ("Bo C.",)
    assert bo.memberships == (
        event(dt.date(2024, 3, 1), "Late dinner"),  # 23:30 in Los Angeles, 07:30 UTC the next day
        event(dt.date(2024, 3, 10), "Offsite"),
        event(dt.date(2030, 1, 1), "Launch"),
    )
    assert records["mailto:cy@example.com"].memberships == (event(dt.date(2024, 3, 1), "Late dinner", "declined"),)
    # A UTC time in a calendar that says it lives in Los Angeles: the Los Angeles day.
    assert records["mailto:dee.dee_ramone@example.com"].memberships == (event(dt.date(2024, 3, 1), "Breakfast"),)
    assert records["mailto:dee.dee_ramone@example.com"].name == "Dee Dee Ramone"
    by_key = {m.key: m for m in meetings}
    assert set(by_key) == {"late-1/2024-03-01", "allday-1/2024-03-10", "utc-1/2024-03-01"}
    assert by_key["late-1/2024-03-01"].people == ("mailto:ana@example.com", "mailto:bo@example.com")
    assert notices == [
        "team@example.com is a mailing list (CUTYPE=GROUP) on 2 events; its members are unknown, so skipped"
    ]


SERIES = """BEGIN:VEVENT
UID:weekly-1
SUMMARY:Book club
DTSTART;TZID=Europe/Berlin:20240102T190000
RRULE:FREQ=WEEKLY;COUNT=6
EXDATE;TZID=Europe/Berlin:20240109T190000
ORGANIZER;CN=Ana Lima:mailto:ana@example.com
ATTENDEE;CN=Bo Chen:mailto:bo@example.com
END:VEVENT
BEGIN:VEVENT
UID:weekly-1
RECURRENCE-ID;TZID=Europe/Berlin:20240116T190000
SUMMARY:Book club
DTSTART;TZID=Europe/Berlin:20240117T190000
ORGANIZER;CN=Ana Lima:mailto:ana@example.com
ATTENDEE;CN=Bo Chen;PARTSTAT=DECLINED:mailto:bo@example.com
ATTENDEE;CN=Cy Diaz:mailto:cy@example.com
END:VEVENT
"""


def test_exdate_and_moved_occurrence(tmp_path: pathlib.Path) -> None:
    path = write_ics(tmp_path, SERIES)
    records, meetings, _ = split(list(calendars.parse(path, until=dt.date(2024, 1, 31))))
    assert [m.on.isoformat() for m in meetings] == ["2024-01-02", "2024-01-17", "2024-01-23", "2024-01-30"]
    moved = meetings[1]
    assert moved.people == ("mailto:ana@example.com", "mailto:cy@example.com")  # Bo declined this one
    assert meetings[0].people == ("mailto:ana@example.com", "mailto:bo@example.com")
    # One group for the series, dated by its first occurrence, for everyone ever invited.
    assert records["mailto:cy@example.com"].memberships == (event(dt.date(2024, 1, 2), "Book club"),)
    assert records["mailto:bo@example.com"].memberships == (event(dt.date(2024, 1, 2), "Book club"),)


def test_a_daily_series_of_decades_is_capped_quickly(tmp_path: pathlib.Path) -> None:
    body = (
        "BEGIN:VEVENT\nUID:spam\nSUMMARY:Ping\nDTSTART:19900101T090000Z\nRRULE:FREQ=DAILY\n"
        "ATTENDEE:mailto:bot@example.com\nEND:VEVENT\n"
    )
    with no_hang():
        _, meetings, notices = split(list(calendars.parse(write_ics(tmp_path, body), until=dt.date(2020, 3, 1))))
    assert len(meetings) == calendars.MAX_OCCURRENCES
    assert meetings[-1].on == dt.date(2020, 3, 1)
    assert notices == [
        '"Ping" (more than 5,000 occurrences): only the latest 500 up to 2020-03-01 are logged as meetings'
    ]


@pytest.mark.parametrize("every", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_a_series_more_often_than_daily_logs_its_first_occurrence_at_once(tmp_path: pathlib.Path, every: str) -> None:
    body = (
        f"BEGIN:VEVENT\nUID:spam\nSUMMARY:Ping\nDTSTART:20200101T000000Z\nRRULE:FREQ={every}\n"
        "ATTENDEE:mailto:bot@example.com\nEND:VEVENT\n"
    )
    with no_hang():  # walking every second since 2020 took minutes and gigabytes
        _, meetings, notices = split(list(calendars.parse(write_ics(tmp_path, body), until=dt.date(2026, 3, 1))))
    assert [m.on for m in meetings] == [dt.date(2020, 1, 1)]
    assert notices == [
        'cannot expand the recurrence of "Ping" (it repeats more often than daily); only its first occurrence is logged'
    ]


def test_bad_dtstart_is_an_error_and_a_bad_rrule_keeps_the_first_occurrence(tmp_path: pathlib.Path) -> None:
    body = "BEGIN:VEVENT\nUID:x\nSUMMARY:X\nDTSTART:tomorrow\nATTENDEE:mailto:a@example.com\nEND:VEVENT\n"
    with pytest.raises(SourceError, match="DTSTART") as caught:
        list(calendars.parse(write_ics(tmp_path, body), until=TODAY))
    assert caught.value.line == 7
    body = (
        "BEGIN:VEVENT\nUID:y\nSUMMARY:Y\nDTSTART:20240101T100000Z\nRRULE:FREQ=SOMETIMES\n"
        "ATTENDEE:mailto:a@example.com\nEND:VEVENT\n"
    )
    items = list(calendars.parse(write_ics(tmp_path, body), until=TODAY))
    meetings = [i for i in items if isinstance(i, Meeting)]
    assert [m.on for m in meetings] == [dt.date(2024, 1, 1)]  # the rule is broken: its first occurrence only
    notes = [i.message for i in items if isinstance(i, Notice)]
    assert any(n.startswith('cannot expand the recurrence of "Y" (line 8:') for n in notes)


def test_cut_short_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "cut.ics"
    path.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nATTENDEE:mailto:a@example.com\n", encoding="utf-8")
    with pytest.raises(SourceError, match="never closed") as caught:
        list(calendars.parse(path, until=TODAY))
    assert caught.value.line == 2


def test_sniff() -> None:
    assert calendars.sniff("\ufeffBEGIN:VCALENDAR\r\n", "x.txt")
    assert not calendars.sniff("Name,Email\n", "x.ics")


def test_count_limited_series_of_long_events_expand_at_once(tmp_path: pathlib.Path) -> None:
    """Issue 16: a 2 KB calendar repeating FREQ=WEEKLY;COUNT=2 and FREQ=MONTHLY;COUNT=2;INTERVAL=2;BYMONTHDAY=10
    ran for minutes: walking past the last occurrence towards year 9999, 15 minutes at a time while an
    occurrence (here one lasting years) overlapped the window."""
    body = (
        "BEGIN:VEVENT\nUID:w\nSUMMARY:Weekly\nDTSTART:20240102T100000Z\nDTEND:20440102T100000Z\n"
        "RRULE:FREQ=WEEKLY;COUNT=2\nORGANIZER:mailto:me@example.com\nATTENDEE;CN=Bo:mailto:bo@example.com\n"
        "END:VEVENT\nBEGIN:VEVENT\nUID:m\nSUMMARY:Monthly\nDTSTART;VALUE=DATE:20240110\nDTEND;VALUE=DATE:20340110\n"
        "RRULE:FREQ=MONTHLY;COUNT=2;INTERVAL=2;BYMONTHDAY=10\nORGANIZER:mailto:me@example.com\n"
        "ATTENDEE;CN=Cy:mailto:cy@example.com\nEND:VEVENT\n"
    )
    with no_hang(60):  # more than six minutes before
        records, meetings, notices = split(list(calendars.parse(write_ics(tmp_path, body), until=dt.date(2026, 12, 5))))
    assert [(m.key, m.people) for m in meetings] == [
        ("w/2024-01-02", ("mailto:me@example.com", "mailto:bo@example.com")),
        ("w/2024-01-09", ("mailto:me@example.com", "mailto:bo@example.com")),
        ("m/2024-01-10", ("mailto:me@example.com", "mailto:cy@example.com")),
        ("m/2024-03-10", ("mailto:me@example.com", "mailto:cy@example.com")),
    ]
    assert records["mailto:bo@example.com"].memberships == (event(dt.date(2024, 1, 2), "Weekly"),)
    assert notices == []


def test_an_event_that_ends_before_it_starts_is_kept(tmp_path: pathlib.Path) -> None:
    """Issue 16: a Google Calendar export was refused whole because one event ends before it starts."""
    body = (
        "BEGIN:VEVENT\nUID:a\nSUMMARY:Backwards\nDTSTART:20240110T100000Z\nDTEND:20240110T090000Z\n"
        "ATTENDEE;CN=Bo:mailto:bo@example.com\nATTENDEE;CN=Me:mailto:me@example.com\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nSUMMARY:Backwards weekly\nDTSTART:20240111T100000Z\nDTEND:20240111T090000Z\n"
        "RRULE:FREQ=WEEKLY;COUNT=2\nATTENDEE;CN=Cy:mailto:cy@example.com\nATTENDEE;CN=Me:mailto:me@example.com\n"
        "END:VEVENT\nBEGIN:VEVENT\nUID:c\nSUMMARY:Fine\nDTSTART:20240112T100000Z\nDTEND:20240112T110000Z\n"
        "ATTENDEE;CN=Di:mailto:di@example.com\nATTENDEE;CN=Me:mailto:me@example.com\nEND:VEVENT\n"
    )
    records, meetings, _ = split(list(calendars.parse(write_ics(tmp_path, body), until=TODAY)))
    assert {"mailto:bo@example.com", "mailto:cy@example.com", "mailto:di@example.com"} <= records.keys()
    assert {m.key for m in meetings} >= {"a/2024-01-10", "b/2024-01-11", "c/2024-01-12"}


def test_email_alarm_recipients_are_not_guests_and_a_declined_attendee_is_not_present(tmp_path: pathlib.Path) -> None:
    """Issue 16: email-alarm recipients were taken for attendees; a DECLINED attendee counted as present."""
    body = (
        "BEGIN:VEVENT\nUID:a\nSUMMARY:Review\nDTSTART:20240110T100000Z\n"
        "ORGANIZER;CN=Ana:mailto:ana@example.com\nATTENDEE;PARTSTAT=ACCEPTED;CN=Bo:mailto:bo@example.com\n"
        "ATTENDEE;PARTSTAT=DECLINED;CN=Cy:mailto:cy@example.com\n"
        "BEGIN:VALARM\nACTION:EMAIL\nTRIGGER:-PT15M\nSUMMARY:Soon\nDESCRIPTION:Soon\n"
        "ATTENDEE:mailto:reminders@example.com\nEND:VALARM\nEND:VEVENT\n"
    )
    records, meetings, _ = split(list(calendars.parse(write_ics(tmp_path, body), until=TODAY)))
    assert sorted(records) == ["mailto:ana@example.com", "mailto:bo@example.com", "mailto:cy@example.com"]
    assert records["mailto:cy@example.com"].memberships == (event(dt.date(2024, 1, 10), "Review", "declined"),)
    assert [m.people for m in meetings] == [("mailto:ana@example.com", "mailto:bo@example.com")]


def test_a_calendar_zone_name_too_long_for_a_file_is_no_zone(tmp_path: pathlib.Path) -> None:
    """Found by tests/test_sources_fuzz.py: X-WR-TIMEZONE:America/xxx… (300 characters) raised OSError."""
    body = "BEGIN:VEVENT\nUID:a\nSUMMARY:A\nDTSTART:20240110T100000Z\nATTENDEE:mailto:a@example.com\nEND:VEVENT\n"
    path = write_ics(tmp_path, body, "X-WR-TIMEZONE:America/" + "x" * 300 + "\n")
    records, _, _ = split(list(calendars.parse(path, until=TODAY)))
    assert list(records) == ["mailto:a@example.com"]
