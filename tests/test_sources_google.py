"""Google Contacts CSV: fixtures with Google's real headers (tests/data/google), then malformed files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kithkin.errors import SourceError
from kithkin.model import Contact, ContactKind, GroupKind
from kithkin.sources import csv_rows, google, linkedin
from kithkin.sources.records import Item, Membership, Notice, Record
from shared_data import OWN, sample

DATA = OWN / "google"
CURRENT_HEADER = (DATA / "contacts_current.csv").read_text(encoding="utf-8").splitlines()[0]


def records(items: list[Item]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def notices(items: list[Item]) -> list[Notice]:
    return [item for item in items if isinstance(item, Notice)]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(text, encoding="utf-8")
    return path


# --- the current export ---------------------------------------------------------------------------


def test_current_export_reads_every_field_kithkin_keeps() -> None:
    dana = records(list(google.parse(DATA / "contacts_current.csv")))[0]

    assert dana == Record(
        key="dana.reyes@example.com",
        name="Dana Reyes",
        line=2,
        aliases=("Dee",),
        contacts=(
            Contact(ContactKind.EMAIL, "dana.reyes@example.com", "Work"),
            Contact(ContactKind.EMAIL, "dana@work.example", "Work"),
            Contact(ContactKind.EMAIL, "dee@example.org", "Home"),
            Contact(ContactKind.PHONE, "(619) 555-0100", "Mobile"),
            Contact(ContactKind.URL, "https://www.linkedin.com/in/dana-reyes/", "Profile"),
        ),
        tags=("Friends", "starred"),
        notes='Met at PyCon 2019.\nLikes climbing, "bouldering" mostly.',
        birthday="1980-04-15",
        memberships=(
            Membership(GroupKind.EMPLOYER, "Qualcomm", "Staff Engineer"),
            Membership(GroupKind.PLACE, "San Diego"),
        ),
    )


def test_current_export_other_rows_and_notices() -> None:
    items = list(google.parse(DATA / "contacts_current.csv"))
    jose, acme, dana_again = records(items)[1:]

    # Dana's quoted note and formatted address each hold a newline, so José starts on line 5.
    assert (jose.key, jose.name, jose.line, jose.birthday) == (
        "name:jose maria nunez",
        "José María Núñez",
        5,
        "--04-15",
    )
    assert jose.contacts == (
        Contact(ContactKind.PHONE, "+34 91 123 45 67", "Work"),
        Contact(ContactKind.PHONE, "+34 600 000 000", "Work"),
    )
    assert jose.memberships == (
        Membership(GroupKind.EMPLOYER, "Núñez, Ortiz & Co."),
        Membership(GroupKind.PLACE, "Madrid"),
    )
    assert jose.tags == ("Book club",)
    # No person name: the organization names the contact; the system group is no tag.
    assert (acme.key, acme.name, acme.tags) == ("name:acme plumbing", "Acme Plumbing", ())
    # Same name, no email: the second key is numbered.
    assert (dana_again.key, dana_again.name) == ("name:dana reyes", "Dana Reyes")
    assert [n.message for n in notices(items)] == [
        "photo links not taken (they point at Google's servers): 1",
        "contacts with no name, named by their organisation: 1",
    ]


# --- the older export ---------------------------------------------------------------------------


def test_legacy_export_reads_name_groups_and_numbered_organizations() -> None:
    sam, li = records(list(google.parse(DATA / "contacts_legacy.csv")))

    assert sam == Record(
        key="sam@example.net",
        name="Sam O'Neil",
        line=2,
        aliases=("Sammy", "Sam Brennan"),
        contacts=(
            Contact(ContactKind.EMAIL, "sam@example.net", "Home"),
            Contact(ContactKind.PHONE, "+44 20 7946 0958", "Mobile"),
        ),
        tags=("Neighbours",),
        notes='Neighbour, "the" gardener',
        birthday="1975-11-30",
        memberships=(Membership(GroupKind.EMPLOYER, "Kew Gardens", "Curator"),),
    )
    assert (li.key, li.name, li.tags) == ("li.wei@example.com", "Li Wei", ("starred", "Colleagues"))
    assert li.contacts == (Contact(ContactKind.EMAIL, "LI.WEI@Example.com", "Work"),)
    assert li.memberships == (
        Membership(GroupKind.EMPLOYER, "Example Ltd", "CTO"),
        Membership(GroupKind.EMPLOYER, "Side Project"),
    )


def test_sniff_knows_both_headers_and_leaves_linkedin_alone() -> None:
    assert google.sniff((DATA / "contacts_current.csv").read_text(encoding="utf-8"), "contacts.csv")
    assert google.sniff((DATA / "contacts_legacy.csv").read_text(encoding="utf-8"), "google.csv")
    connections = sample("six-hops__Connections.csv").read_text()
    assert not google.sniff(connections, "Connections.csv")
    assert not linkedin.sniff((DATA / "contacts_legacy.csv").read_text(encoding="utf-8"), "google.csv")


# --- malformed files ------------------------------------------------------------------------------


def test_unknown_columns_are_one_notice_each_with_counts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Name,Favourite Colour,E-mail 1 - Value,Pager 1 - Value\nAda,green,ada@x.org,\nBo,blue,,\nCy,,,555\n",
    )

    items = list(google.parse(path))

    assert [r.name for r in records(items)] == ["Ada", "Bo", "Cy"]
    assert notices(items) == [
        Notice('column "Favourite Colour" is not read (2 rows have a value)', 1),
        Notice('column "Pager 1 - Value" is not read (1 row has a value)', 1),
    ]


def test_a_header_without_any_name_column_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Nickname,E-mail 1 - Value\nDee,dee@x.org\n")

    with pytest.raises(SourceError) as caught:
        list(google.parse(path))
    assert (caught.value.line, caught.value.field) == (1, "First Name")


@pytest.mark.parametrize(
    ("birthday", "reason"), [("15/04/1980", "cannot read the birthday"), ("--02-30", "not a real day")]
)
def test_a_bad_birthday_names_line_and_field(tmp_path: Path, birthday: str, reason: str) -> None:
    path = write(tmp_path, f"Name,Birthday\nAda,1815-12-10\nBo,{birthday}\n")

    with pytest.raises(SourceError, match=reason) as caught:
        list(google.parse(path))
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(path), 3, "Birthday")


def test_leap_day_and_year_only_birthdays_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Birthday\nAda,--02-29\nBo,1980\n")

    assert [r.birthday for r in records(list(google.parse(path)))] == ["--02-29", "1980"]


def test_rows_with_nothing_to_name_are_counted(tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Labels,Notes\n,* myContacts,just a note\n\nAda,,\n")

    items = list(google.parse(path))

    assert [r.name for r in records(items)] == ["Ada"]
    assert [n.message for n in notices(items)] == ["contacts with no name, email or phone skipped: 1"]


def test_binary_junk_and_a_hundred_thousand_columns_fail_fast(tmp_path: Path) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    with pytest.raises(SourceError, match="binary"):
        list(google.parse(junk))

    wide = write(tmp_path, "Name," + ",".join(f"c{i}" for i in range(100_000)) + "\n")
    with pytest.raises(SourceError, match=r"line 1: 100,001 columns"):
        list(google.parse(wide))


def test_an_unclosed_quote_is_reported_not_swallowed(tmp_path: Path) -> None:
    path = write(tmp_path, 'Name,Notes\nAda,"never closed\n' + "more\n" * 3)

    # The one CSV reader is strict (as the directory's always was): the quote that never closes is named
    # by its line, rather than the rest of the file read into one cell.
    with pytest.raises(SourceError, match=r"contacts\.csv, line 2: not valid CSV"):
        list(google.parse(path))


# --- property: CSV round trip ---------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from([",", '"', "\n", "\r", " ", "ü", "李"])
    ),
    max_size=12,
).filter(lambda text: ":::" not in text)
_EMAIL = st.from_regex(r"[a-z0-9._]{1,8}@[a-z]{1,6}\.(com|org)", fullmatch=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_TEXT, _TEXT, _TEXT, _EMAIL), min_size=1, max_size=8))
def test_names_emails_and_companies_survive_a_csv_round_trip(
    tmp_path: Path, rows: list[tuple[str, str, str, str]]
) -> None:
    header = next(csv.reader([CURRENT_HEADER]))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for first, last, company, email in rows:
        cells = dict.fromkeys(header, "")
        cells.update({"First Name": first, "Last Name": last, "Organization Name": company, "E-mail 1 - Value": email})
        writer.writerow(cells.values())
    path = write(tmp_path, buffer.getvalue())

    people = records(list(google.parse(path)))

    expected = [
        (csv_rows.clean_name(first, last) or csv_rows.clean_name(company) or email, email, csv_rows.clean_name(company))
        for first, last, company, email in rows
    ]
    got = [(r.name, r.contacts[0].value, r.memberships[0].name if r.memberships else "") for r in people]
    assert got == expected


def test_rows_named_by_their_email_or_organisation_say_so(tmp_path: Path) -> None:
    """Before: a row with no name became a person called "dana@x.org" (or "Globex") and the import said nothing."""
    path = write(
        tmp_path,
        "Name,E-mail 1 - Value,Organization 1 - Name\n,dana@x.org,\n,bo@y.org,\n,,Globex\nAda,ada@z.org,Initech\n",
    )

    items = list(google.parse(path))

    assert [r.name for r in records(items)] == ["dana@x.org", "bo@y.org", "Globex", "Ada"]
    assert sorted(n.message for n in notices(items)) == [
        "contacts with no name, named by their email or phone: 2",
        "contacts with no name, named by their organisation: 1",
    ]
