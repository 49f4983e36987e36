"""LinkedIn export: real fixture files from tests/data/linkedin, then folders, archives and hostile files."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kithkin.errors import SourceError
from kithkin.model import Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.sources import csv_rows, linkedin
from kithkin.sources.records import ME, Item, Link, Membership, Notice, Record
from shared_data import OWN, sample

PREAMBLE = 'Notes:\n"When exporting your connection data, you may notice that some of the data is missing."\n\n'
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
EDUCATION = (
    "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
    "San Diego State University,2000,2004,,BS Computer Science,Chess club\n"
)


def records(items: list[Item]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def links(items: list[Item]) -> list[Link]:
    return [item for item in items if isinstance(item, Link)]


def notices(items: list[Item]) -> list[str]:
    return [item.message for item in items if isinstance(item, Notice)]


def write(tmp_path: Path, text: str, name: str = "Connections.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def export_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "Basic_LinkedInDataExport_11-25-2026"
    folder.mkdir()
    shutil.copy(sample("CareerManager__Connections.csv"), folder / "Connections.csv")
    shutil.copy(sample("CareerManager__Positions.csv"), folder / "Positions.csv")
    shutil.copy(sample("CareerManager__Profile.csv"), folder / "Profile.csv")
    write(folder, EDUCATION, "Education.csv")
    return folder


# --- real files ---------------------------------------------------------------------------------


def test_connections_with_preamble_give_records_and_dated_links() -> None:
    items = list(linkedin.parse(sample("six-hops__Connections.csv")))

    people = records(items)
    assert [(r.key, r.name, r.line) for r in people] == [
        ("linkedin.com/in/priya-sharma-1", "Priya Sharma", 5),
        ("linkedin.com/in/rahul-iyer", "Rahul Iyer", 6),
        ("linkedin.com/in/priya-sharma-2", "Priya Sharma", 7),
        ("linkedin.com/in/anita-rao", "Anita Rao", 8),
    ]
    assert people[1].contacts == (
        Contact(ContactKind.URL, "https://www.linkedin.com/in/rahul-iyer"),
        Contact(ContactKind.EMAIL, "rahul@example.com"),
    )
    # The quoted company keeps its text; an empty company gives no employer.
    assert people[2].memberships == (Membership(GroupKind.EMPLOYER, "Razorpay Software Pvt Ltd", "Product Manager"),)
    assert people[3].memberships == ()
    assert links(items)[0] == Link(ME, "linkedin.com/in/priya-sharma-1", "LinkedIn connection", FuzzyDate(2021, 3, 12))
    assert [link.b for link in links(items)] == [r.key for r in people]
    # The last row has only a date: skipped, and said so once.
    assert notices(items) == ["connections without a name skipped (LinkedIn hides some members): 1"]


def test_url_key_drops_case_slash_and_tracking_query_but_contact_stays_as_given() -> None:
    people = {r.name: r for r in records(list(linkedin.parse(sample("people__Connections.csv"))))}

    assert people["Carol Test"].key == "linkedin.com/in/carol-test"
    assert people["Carol Test"].contacts == (
        Contact(ContactKind.URL, "https://www.linkedin.com/in/carol-test?trk=abc"),
    )
    assert people["Bob Sample"].key == "linkedin.com/in/bob-sample"
    assert people["Élodie Accent"].memberships == (Membership(GroupKind.EMPLOYER, "Accent SA", "Partner"),)
    assert people["Nobody Nourl"].key == "name:nobody nourl"
    assert people["Alice Example"].contacts[1] == Contact(ContactKind.EMAIL, "Alice@Example.com")


def test_an_extra_column_is_one_notice_with_its_count() -> None:
    items = list(linkedin.parse(sample("people__Connections.csv")))

    extra = [item for item in items if isinstance(item, Notice)]
    assert extra == [Notice('column "Extra Column" is not read (1 row has a value)', 4)]
    assert len(records(items)) == 7


def test_connection_without_url_is_keyed_by_name() -> None:
    people = records(list(linkedin.parse(sample("CareerManager__Connections.csv"))))

    assert [r.key for r in people] == ["linkedin.com/in/ada-lovelace", "linkedin.com/in/john-doe", "name:ghost"]
    assert people[2].memberships == (Membership(GroupKind.EMPLOYER, "NoUrl Inc", "Unknown"),)


def test_positions_file_alone_is_the_user_with_employer_place_and_months() -> None:
    [me] = list(linkedin.parse(sample("CareerManager__Positions.csv")))

    assert me == Record(
        ME,
        "",
        2,
        memberships=(
            Membership(
                GroupKind.EMPLOYER, "Analytical Engines", "Mathematician", FuzzyDate(2020, 1), FuzzyDate(2022, 1)
            ),
            Membership(GroupKind.PLACE, "London", "", FuzzyDate(2020, 1), FuzzyDate(2022, 1)),
        ),
        is_me=True,
    )


# --- folders and archives -------------------------------------------------------------------------


def test_export_folder_gives_one_me_record_first_then_the_connections(tmp_path: Path) -> None:
    items = list(linkedin.parse(export_folder(tmp_path)))

    me = items[0]
    assert isinstance(me, Record)
    assert (me.key, me.name, me.is_me) == (ME, "James Rothering", True)
    assert me.memberships == (
        Membership(GroupKind.EMPLOYER, "Analytical Engines", "Mathematician", FuzzyDate(2020, 1), FuzzyDate(2022, 1)),
        Membership(GroupKind.PLACE, "London", "", FuzzyDate(2020, 1), FuzzyDate(2022, 1)),
        Membership(
            GroupKind.SCHOOL, "San Diego State University", "BS Computer Science", FuzzyDate(2000), FuzzyDate(2004)
        ),
    )
    assert [r.name for r in records(items)[1:]] == ["Ada Lovelace", "John Doe", "Ghost"]
    assert len(links(items)) == 3


def test_export_zip_reads_the_same_as_the_folder(tmp_path: Path) -> None:
    folder = export_folder(tmp_path)
    archive = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for file in sorted(folder.iterdir()):
            z.write(file, f"{folder.name}/{file.name}")
        z.writestr("Invitations.csv", "From,To\n")

    from_zip = list(linkedin.parse(archive))

    assert records(from_zip) == records(list(linkedin.parse(folder)))
    assert links(from_zip) == links(list(linkedin.parse(folder)))
    assert "other files in the archive not read: 1" in notices(from_zip)


def test_zip_member_with_dotdot_is_not_read_and_nothing_is_written_outside(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../evil/Connections.csv", HEADER + "Eve,Evil,,,,,01 Jan 2020\n")
        z.writestr("Profile.csv", "First Name,Last Name\nJames,Rothering\n")

    items = list(linkedin.parse(archive))

    assert [r.name for r in records(items)] == ["James Rothering"]
    assert "archive member '../../evil/Connections.csv' points outside the archive; not read" in notices(items)
    assert not (tmp_path.parent / "evil").exists()


def test_zip_member_over_the_size_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", HEADER + "A,B,,,,,\n" * 20_000)  # 180 KB that packs into ~1 KB
    monkeypatch.setattr(linkedin, "MAX_MEMBER_BYTES", 100_000)

    with pytest.raises(SourceError, match=r"bomb\.zip:Connections\.csv: 180,069 bytes unpacked; at most 100,000"):
        list(linkedin.parse(archive))


def test_a_broken_zip_is_a_source_error(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", HEADER + "Ada,Lovelace,,,,,16 Jan 2020\n" * 200)
    data = bytearray(buffer.getvalue())
    data[60:90] = b"\xff" * 30  # corrupt the compressed stream, keep the directory
    archive.write_bytes(bytes(data))

    with pytest.raises(SourceError, match=r"export\.zip"):
        list(linkedin.parse(archive))


def test_errors_inside_an_archive_name_the_member(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Connections.csv", PREAMBLE + HEADER + "Ada,Lovelace,,,,,someday\n")

    items = list(linkedin.parse(archive))
    assert [r.name for r in records(items)] == ["Ada Lovelace"]
    (skipped,) = [i for i in items if isinstance(i, Notice) and i.unreadable]
    assert (skipped.line, skipped.said) == (5, "Connected On: cannot read the date 'someday'; left out, the "
                                            "rest of the row kept")  # fmt: skip
    assert skipped.message == "Connected On: cannot read the date 'someday'"  # what --strict fails with


def test_records_stream_before_the_rest_of_the_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, PREAMBLE + HEADER + "Ada,Lovelace,,,,,16 Jan 2020\n" * 1000 + "Bo,Chen,,,,,not a date\n")
    items = linkedin.parse(path)

    # The first record arrives although the file ends with a bad row: nothing is collected first.
    first = next(items)
    assert isinstance(first, Record)
    assert (first.name, first.line) == ("Ada Lovelace", 5)
    rest = list(items)
    assert [n.line for n in rest if isinstance(n, Notice) and n.unreadable] == [1005]


# --- shapes of the header -----------------------------------------------------------------------


def test_without_preamble_and_in_another_column_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Connected On,Company,Last Name,First Name,Position\n16 Jan 2020,Analytical Engines,Lovelace,Ada,Countess\n",
    )

    items = list(linkedin.parse(path))

    assert items == [
        Record(
            "name:ada lovelace",
            "Ada Lovelace",
            2,
            memberships=(Membership(GroupKind.EMPLOYER, "Analytical Engines", "Countess"),),
        ),
        Link(ME, "name:ada lovelace", "LinkedIn connection", FuzzyDate(2020, 1, 16)),
    ]


def test_same_name_without_url_gets_a_numbered_key(tmp_path: Path) -> None:
    path = write(tmp_path, PREAMBLE + HEADER + "Dana,Dup,,,,,\nDana,Dup,,,,,\nDana , Dup,,,,,\n")

    assert [r.key for r in records(list(linkedin.parse(path)))] == [
        "name:dana dup",
        "name:dana dup#2",
        "name:dana dup#3",
    ]


def test_email_is_the_key_when_there_is_no_url(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "Ada,Lovelace,,Ada@Example.COM,,,\n")

    [record] = records(list(linkedin.parse(path)))
    assert record.key == "ada@example.com"


def test_profile_gives_name_maiden_alias_headline_place_and_handles(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "First Name,Last Name,Maiden Name,Birth Date,Headline,Geo Location,Twitter Handles,Websites\n"
        'Dana,Reyes,Ortiz,Apr 15,Engineer at Qualcomm,"San Diego, California",[danar],'
        '"[PERSONAL:https://dana.example.org,COMPANY:https://qualcomm.example]"\n',
        "Profile.csv",
    )

    [me] = list(linkedin.parse(path))

    assert me == Record(
        ME,
        "Dana Reyes",
        2,
        aliases=("Dana Ortiz",),
        contacts=(
            Contact(ContactKind.HANDLE, "danar", "twitter"),
            Contact(ContactKind.URL, "https://dana.example.org"),
            Contact(ContactKind.URL, "https://qualcomm.example"),
        ),
        notes="Engineer at Qualcomm",
        birthday="--04-15",
        memberships=(Membership(GroupKind.PLACE, "San Diego"),),
        is_me=True,
    )


# --- malformed and hostile files ----------------------------------------------------------------


def test_missing_first_name_column_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, PREAMBLE + "Last Name,URL,Email Address,Company,Position,Connected On\nLovelace,,,,,\n")

    with pytest.raises(SourceError) as caught:
        list(linkedin.parse(path))
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(path), 4, "First Name")


def test_missing_school_name_in_education(tmp_path: Path) -> None:
    path = write(tmp_path, "Start Date,End Date,Degree Name\n2000,2004,BS\n", "Education.csv")

    with pytest.raises(SourceError, match=r'line 1, field School Name: no "School Name" column'):
        list(linkedin.parse(path))


@pytest.mark.parametrize(
    ("row", "field"),
    [("Ada,Lovelace,,,,,2020/13/45", "Connected On"), ("Ada,Lovelace,,,,,16 Janvier 2020", "Connected On")],
)
def test_unknown_date_names_line_and_field(tmp_path: Path, row: str, field: str) -> None:
    path = write(tmp_path, PREAMBLE + HEADER + "Bo,Chen,,,,,01 Mar 2019\n" + row + "\n")

    items = list(linkedin.parse(path))
    assert [r.name for r in records(items)] == ["Bo Chen", "Ada Lovelace"]
    (skipped,) = [i for i in items if isinstance(i, Notice) and i.unreadable]
    assert skipped.line == 6
    assert skipped.message.startswith(f"{field}: cannot read the date")


def test_bad_started_on_in_positions_is_left_out_with_a_notice(tmp_path: Path) -> None:
    path = write(tmp_path, "Company Name,Title,Started On\nAcme,Engineer,Q3 2020\n", "Positions.csv")

    items = list(linkedin.parse(path))
    (me,) = records(items)
    assert me.memberships == (Membership(GroupKind.EMPLOYER, "Acme", "Engineer"),)
    assert [(n.line, n.unreadable) for n in items if isinstance(n, Notice)] == [(2, True)]


def test_finished_on_present_is_a_position_not_ended(tmp_path: Path) -> None:
    """Issue 16: a LinkedIn Positions.csv with Finished On = "Present" was refused."""
    header = "Company Name,Title,Description,Location,Started On,Finished On\n"
    path = write(tmp_path, header + 'Acme,Engineer,,"Berlin, Germany",Jan 2020,Present\n', "Positions.csv")

    items = list(linkedin.parse(path))
    (me,) = records(items)
    assert me.memberships[0] == Membership(GroupKind.EMPLOYER, "Acme", "Engineer", FuzzyDate(2020, 1), None)
    assert not [n for n in items if isinstance(n, Notice)]


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00\xff\xfe" + bytes(range(256)) * 40)

    with pytest.raises(SourceError, match="binary"):
        list(linkedin.parse(path))


def test_a_hundred_thousand_columns_fail_fast(tmp_path: Path) -> None:
    path = write(tmp_path, ",".join(f"c{i}" for i in range(100_000)) + "\n")

    with pytest.raises(SourceError, match=r"100,000 columns"):
        list(linkedin.parse(path))


def test_a_line_over_one_mebibyte_fails(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "Ada," + "x" * (1 << 21) + "\n")

    with pytest.raises(SourceError, match=r"line 2: line longer than"):
        list(linkedin.parse(path))


def test_a_csv_that_is_not_linkedin_has_no_header(tmp_path: Path) -> None:
    path = write(tmp_path, "just,some\nnumbers,here\n", "Connections.csv")

    with pytest.raises(SourceError, match="no header row found"):
        list(linkedin.parse(path))


def test_folder_without_export_files(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"no Connections\.csv"):
        list(linkedin.parse(tmp_path))


def test_sniff_tells_linkedin_files_from_google_contacts() -> None:
    assert linkedin.sniff((sample("six-hops__Connections.csv")).read_text(), "Connections.csv")
    assert linkedin.sniff((sample("CareerManager__Profile.csv")).read_text(), "Profile.csv")
    assert linkedin.sniff(EDUCATION, "Education.csv")
    google = (OWN / "google" / "contacts_current.csv").read_text()
    assert not linkedin.sniff(google, "contacts.csv")


# --- property: what a CSV writer writes, the parser reads back ------------------------------------

_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from([",", '"', "\n", "\r", " ", "é", "名"]),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(_TEXT, _TEXT, _TEXT, st.from_regex(r"[a-z0-9.]{1,8}@[a-z]{1,6}\.org", fullmatch=True)),
        min_size=1,
        max_size=8,
    )
)
def test_names_emails_and_companies_survive_a_csv_round_trip(
    tmp_path: Path, rows: list[tuple[str, str, str, str]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["First Name", "Last Name", "Email Address", "Company", "Connected On"])
    for first, last, company, email in rows:
        writer.writerow([first, last, email, company, "16 Jan 2020"])
    path = tmp_path / "Connections.csv"
    path.write_text(PREAMBLE + buffer.getvalue(), encoding="utf-8")

    people = records(list(linkedin.parse(path)))

    expected = [
        (csv_rows.clean_name(first, last), email, csv_rows.clean_name(company))
        for first, last, company, email in rows
        if csv_rows.clean_name(first, last)
    ]
    assert [(r.name, r.contacts[0].value, r.memberships[0].name if r.memberships else "") for r in people] == expected
