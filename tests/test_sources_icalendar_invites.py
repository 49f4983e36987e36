"""Reading meeting invites: real client exports from tests/data/ics, then edge cases built in tmp_path."""

from __future__ import annotations

import datetime as dt
import pathlib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kithkin.errors import SourceError
from kithkin.sources.icalendar.invites import MAX_BYTES, Attendee, Invite, parse_invites, read_invite
from shared_data import no_hang, sample

LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def _calendar(*events: list[str]) -> bytes:
    """A VCALENDAR holding one VEVENT per list of content lines, CRLF-terminated."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kithkin tests//EN"]
    for number, event in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:event-{number}@example.com", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _write(tmp_path: Path, data: bytes, name: str = "invite.ics") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- real files ---------------------------------------------------------------------------------


def test_google_style_invite_lists_organizer_then_attendees_with_role_and_status() -> None:
    invite = read_invite(sample("recur_instances_finite.ics"))

    assert invite.summary == "Crazy Event Thingy!"
    assert invite.uid == "623c13c0-6c2b-45d6-a12b-c33ad61c4868"
    assert invite.location == "PLACE"
    assert invite.organizer == Attendee("James Lal", "jlal@mozilla.com", "ORGANIZER", "")
    assert invite.attendees == (
        Attendee("James Lal", "jlal@mozilla.com", "ORGANIZER", ""),
        # "CN=Sahaja\r\n  Lal": unfolding removes the newline and one space only.
        Attendee("Sahaja Lal", "calmozilla1@gmail.com", "REQ-PARTICIPANT", "ACCEPTED"),
        Attendee("james@lightsofapollo.com", "james@lightsofapollo.com", "REQ-PARTICIPANT", "NEEDS-ACTION"),
        Attendee("iam.revelation@gmail.com", "iam.revelation@gmail.com", "REQ-PARTICIPANT", "NEEDS-ACTION"),
    )
    assert invite.truncated is False


def test_tzid_with_a_vtimezone_gives_an_aware_start_in_that_zone() -> None:
    invite = read_invite(sample("recur_instances_finite.ics"))

    assert invite.start == dt.datetime(2012, 10, 2, 10, 0, tzinfo=LOS_ANGELES)
    assert isinstance(invite.start, dt.datetime)
    assert invite.start.utcoffset() == dt.timedelta(hours=-7)


def test_outlook_exchange_request_with_custom_timezone_and_quoted_names() -> None:
    invite = read_invite(sample("invalid__tmeher.ics"))

    assert invite.summary == "Now with descriptoin"
    assert invite.location == "Test Location"
    # TZID "Pacific Time (US & Canada), Tijuana" exists only as the file's VTIMEZONE (PDT on 2004-10-11).
    assert invite.start == dt.datetime(2004, 10, 12, 5, 30, tzinfo=dt.UTC)
    assert isinstance(invite.start, dt.datetime)
    assert invite.start.utcoffset() == dt.timedelta(hours=-7)
    assert [(a.name, a.email, a.role) for a in invite.attendees] == [
        ("Meher Tendjoukian", "meher.tendjoukian@verdisoft.com", "ORGANIZER"),
        ("Tendjoukian@yahoo.de", "tendjoukian@yahoo.de", "REQ-PARTICIPANT"),
        ("meher.t@gmail.com", "meher.t@gmail.com", "REQ-PARTICIPANT"),
    ]


def test_every_vcalendar_of_a_mailbox_dump_is_read() -> None:
    invites = parse_invites((sample("valid__incoming.ics")).read_bytes())

    assert len(invites) == 9
    assert [i.summary for i in invites[:3]] == ["Conference", "Pool party", "Phone Conference"]
    assert invites[3].start is None  # a REPLY carries no DTSTART
    assert invites[3].attendees == (
        Attendee("", "a@example.com", "ORGANIZER", ""),
        Attendee("", "b@example.com", "", "ACCEPTED"),
    )


def test_read_invite_picks_the_event_with_most_people_and_merges_the_organizer_listed_twice() -> None:
    invite = read_invite(sample("valid__incoming.ics"))

    # The first three requests tie at six people; the first one wins.
    assert invite.summary == "Conference"
    assert invite.start == dt.datetime(1997, 7, 1, 20, 0, tzinfo=dt.UTC)
    # ORGANIZER:Mailto:B@example.com has no CN; the ATTENDEE line for B supplies it.
    assert invite.organizer == Attendee("B", "b@example.com", "ORGANIZER", "")
    assert [a.email for a in invite.attendees] == [
        "b@example.com",
        "a@example.com",
        "c@example.com",
        "d@example.com",
        "conf_big@example.com",  # written without mailto:
        "e@example.com",
    ]
    assert invite.attendees[1] == Attendee("BIG A", "a@example.com", "CHAIR", "ACCEPTED")


def test_groupwise_room_address_with_a_space_is_kept_by_name_without_an_email() -> None:
    invite = read_invite(sample("invalid__groupwise.ics"))

    assert invite.organizer == Attendee("Jane Doe", "jane.doe@university.edu", "ORGANIZER", "")
    assert invite.attendees[1] == Attendee("CET Meeting Room@university.edu", "", "REQ-PARTICIPANT", "NEEDS-ACTION")
    assert invite.location == "CET Meeting Room"


def test_rfc_6868_escapes_in_a_name_are_decoded() -> None:
    [invite] = parse_invites((sample("calendars__rfc_6868.ics")).read_bytes())

    assert invite.attendees == (Attendee('George Herman "Babe" Ruth', "babe@example.com"),)
    assert (invite.summary, invite.start, invite.uid) == ("", None, "")


def test_unicode_organizer_file_is_a_bare_vevent_and_is_read() -> None:
    """Issue 16: a file that is a bare BEGIN:VEVENT (no VCALENDAR) was "cannot tell which format"."""
    path = sample("events__event_with_unicode_organizer.ics")

    invite = read_invite(path)

    assert invite.organizer == Attendee("Джон Доу", "john.doe@example.org", "ORGANIZER", "")


def test_unicode_organizer_name_survives_when_the_event_is_inside_a_calendar() -> None:
    event = (sample("events__event_with_unicode_organizer.ics")).read_bytes()

    [invite] = parse_invites(b"BEGIN:VCALENDAR\r\n" + event + b"END:VCALENDAR\r\n")

    assert invite.organizer == Attendee("Джон Доу", "john.doe@example.org", "ORGANIZER", "")


def test_blank_tzid_from_exchange_reads_in_the_zone_it_defines() -> None:
    # Exchange 2010 writes "TZID:" (empty) in the VTIMEZONE and "DTSTART;TZID=:…"; icalendar alone refuses it.
    invite = read_invite(sample("valid__blankTzid.ics"))
    assert invite.start is not None
    assert invite.start.utcoffset() == dt.timedelta(0)  # the zone it defines: +0000 all year
    assert (invite.start.date(), invite.start.hour) == (dt.date(2015, 8, 26), 9)
    assert [a.name for a in invite.attendees] == ["Bruce Roberts", "Sam Peter"]


def test_calendar_never_closed_is_a_source_error_instead_of_silently_empty() -> None:
    path = sample("calendars__small_bad_calendar.ics")

    with pytest.raises(SourceError, match="BEGIN:VCALENDAR is never closed") as caught:
        parse_invites(path.read_bytes(), str(path))

    assert caught.value.line == 1
    assert caught.value.path == str(path)


def test_calendar_with_bom_and_no_events_parses_to_nothing_and_cannot_be_briefed() -> None:
    path = sample("calendars__bom_calendar.ics")

    assert parse_invites(path.read_bytes()) == []
    with pytest.raises(SourceError, match="has no VEVENT"):
        read_invite(path)


# --- generated cases ----------------------------------------------------------------------------


def test_no_attendees_is_a_source_error(tmp_path: Path) -> None:
    path = _write(tmp_path, _calendar(["SUMMARY:Dentist", "DTSTART:20240105T090000Z"]))

    with pytest.raises(SourceError, match="has no attendees") as caught:
        read_invite(path)

    assert caught.value.path == str(path)


def test_binary_junk_is_a_source_error_naming_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.ics")

    with pytest.raises(SourceError, match="holds binary data") as caught:
        read_invite(path)

    assert str(caught.value).startswith(f"{path}: is not an iCalendar file")


def test_text_that_is_not_a_calendar_names_what_it_starts_with(tmp_path: Path) -> None:
    path = _write(tmp_path, b"BEGIN:VCARD\r\nFN:Ana Lima\r\nEND:VCARD\r\n", "contact.ics")

    with pytest.raises(SourceError, match="it starts with 'BEGIN:VCARD'"):
        read_invite(path)


def test_empty_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="it is empty"):
        read_invite(_write(tmp_path, b"  \r\n"))


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "gone.ics"

    with pytest.raises(SourceError, match="cannot be read: No such file or directory") as caught:
        read_invite(path)

    assert caught.value.path == str(path)


def test_file_over_20_mb_fails_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.ics"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: reading it would find only NUL bytes

    with pytest.raises(SourceError, match="larger than 20 MB"):
        read_invite(path)


def test_3000_attendees_keep_2000_and_flag_truncation(tmp_path: Path) -> None:
    attendees = [
        f"ATTENDEE;CN=Guest {n};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:guest{n}@example.com"
        for n in range(3000)
    ]
    path = _write(tmp_path, _calendar(["SUMMARY:All hands", "ORGANIZER;CN=Host:mailto:host@example.com", *attendees]))

    with no_hang():
        invite = read_invite(path)

    assert len(invite.attendees) == 2000
    assert invite.truncated is True
    assert invite.attendees[0] == Attendee("Host", "host@example.com", "ORGANIZER", "")
    assert invite.attendees[-1].email == "guest1998@example.com"


def test_truncation_limit_is_adjustable_and_choice_uses_counts_before_truncation(tmp_path: Path) -> None:
    few = [f"ATTENDEE:mailto:few{n}@example.com" for n in range(3)]
    many = [f"ATTENDEE:mailto:many{n}@example.com" for n in range(5)]
    path = _write(tmp_path, _calendar(["SUMMARY:Small", *few], ["SUMMARY:Large", *many]))

    invite = read_invite(path, max_attendees=2)

    assert invite.summary == "Large"
    assert [a.email for a in invite.attendees] == ["many0@example.com", "many1@example.com"]
    assert invite.truncated is True
    with pytest.raises(ValueError, match="at least 1"):
        parse_invites(path.read_bytes(), max_attendees=0)


def test_a_tie_goes_to_the_first_event(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _calendar(
            ["SUMMARY:First", "ATTENDEE:mailto:a@example.com"],
            ["SUMMARY:Second", "ATTENDEE:mailto:b@example.com"],
        ),
    )

    assert read_invite(path).summary == "First"


def test_latin_1_name_is_decoded_instead_of_crashing(tmp_path: Path) -> None:
    data = _calendar(["SUMMARY:Réunion", "ATTENDEE;CN=José Müller:mailto:jose@example.com"])
    path = _write(tmp_path, data.decode("utf-8").encode("latin-1"))

    invite = read_invite(path)

    assert invite.attendees == (Attendee("José Müller", "jose@example.com"),)
    assert invite.summary == "Réunion"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    data = _calendar(["ATTENDEE;CN=Zoë Ng:mailto:zoe@example.com"]).decode("utf-8").encode("utf-16")

    assert parse_invites(data)[0].attendees == (Attendee("Zoë Ng", "zoe@example.com"),)


def test_duplicate_emails_collapse_to_the_first_entry_with_blanks_filled(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _calendar(
            [
                "ATTENDEE;CN=Ana Lima:MAILTO:Ana@Example.COM",
                "ATTENDEE;CN=Bo Chen:mailto:bo@example.com",
                "ATTENDEE;CN=A. Lima;PARTSTAT=ACCEPTED:mailto:ana@example.com",
                "ATTENDEE;CN=Room 4:urn:uuid:7c9e6679",
                "ATTENDEE;CN=room 4:urn:uuid:00000000",
                "ATTENDEE:urn:uuid:no-name-no-email",
            ]
        ),
    )

    invite = read_invite(path)

    assert invite.attendees == (
        Attendee("Ana Lima", "ana@example.com", "", "ACCEPTED"),
        Attendee("Bo Chen", "bo@example.com"),
        Attendee("Room 4", ""),
    )
    assert invite.organizer is None


def test_tzid_america_los_angeles_without_vtimezone_is_timezone_aware(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _calendar(["DTSTART;TZID=America/Los_Angeles:20240115T093000", "ATTENDEE:mailto:a@example.com"]),
    )

    start = read_invite(path).start

    assert isinstance(start, dt.datetime)
    assert start.tzinfo is not None
    assert start == dt.datetime(2024, 1, 15, 9, 30, tzinfo=LOS_ANGELES)
    assert start.utcoffset() == dt.timedelta(hours=-8)


def test_start_is_utc_for_z_a_date_for_all_day_and_naive_when_floating() -> None:
    data = _calendar(
        ["DTSTART:20240115T173000Z"],
        ["DTSTART;VALUE=DATE:20240116"],
        ["DTSTART:20240117T090000"],
        ["DTSTART:not-a-date"],
    )

    starts = [invite.start for invite in parse_invites(data)]

    assert starts == [
        dt.datetime(2024, 1, 15, 17, 30, tzinfo=dt.UTC),
        dt.date(2024, 1, 16),
        dt.datetime(2024, 1, 17, 9, 0),
        None,
    ]
    assert isinstance(starts[2], dt.datetime)
    assert starts[2].tzinfo is None


def test_malformed_line_outside_an_event_is_reported_with_its_line_number() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nTHIS LINE HAS NO COLON\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    with pytest.raises(SourceError, match="is not valid iCalendar") as caught:
        parse_invites(data, "broken.ics")

    assert caught.value.line == 3
    assert str(caught.value).startswith("broken.ics, line 3: ")


def test_line_number_counts_physical_lines_across_folds() -> None:
    data = (
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:A long\n  summary\nATTENDEE:mailto:a@example.com\n"
        b"BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:soon\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR\n"
    )

    with pytest.raises(SourceError) as caught:
        parse_invites(data, "alarm.ics")

    assert caught.value.line == 8  # TRIGGER:soon, after a folded SUMMARY


def test_event_left_open_names_its_begin_line() -> None:
    data = b"BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:Cut\nEND:VCALENDAR\n"

    with pytest.raises(SourceError, match="BEGIN:VEVENT is never closed") as caught:
        parse_invites(data, "cut.ics")

    assert caught.value.line == 3


def test_invites_are_frozen() -> None:
    [invite] = parse_invites(_calendar(["ATTENDEE:mailto:a@example.com"]))

    assert isinstance(invite, Invite)
    with pytest.raises(AttributeError):
        invite.summary = "changed"  # type: ignore[misc]


def test_a_megabyte_line_is_refused_at_once(tmp_path: pathlib.Path) -> None:
    """Found by tests/test_sources_fuzz.py: an RRULE holding a megabyte of junk kept dateutil busy for minutes."""
    path = tmp_path / "x.ics"
    rule = "RRULE:FREQ=WEEKLY;INTE" + "\xff" * (1 << 20) + "RVAL=2"
    path.write_text(
        f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20240101T100000Z\r\n{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with no_hang(60), pytest.raises(SourceError, match="line longer than") as caught:
        read_invite(path)
    assert caught.value.line == 4
