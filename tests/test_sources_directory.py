"""Member directories: CSV in any delimiter, JSON, JSON Lines; mappings; hostile files."""

from __future__ import annotations

import json
import pathlib
import resource

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kithkin.errors import InputError, SourceError
from kithkin.model import Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.sources import directory, jsonstream
from kithkin.sources.records import Item, Membership, Notice, Record
from shared_data import OWN

DATA = OWN / "directory"


def records(items: list[Item]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def notices(items: list[Item]) -> list[str]:
    return [item.message for item in items if isinstance(item, Notice)]


def by_name(items: list[Item]) -> dict[str, Record]:
    return {r.name: r for r in records(items)}


# -- CSV ------------------------------------------------------------------------------------------


def test_alumni_csv_maps_headers_by_name() -> None:
    items = list(directory.parse(DATA / "alumni.csv", community="SDSU Alumni"))
    people = by_name(items)
    assert list(people) == ["Dana Reyes", "Okafor, Chidi", "Mei Tanaka", "Sam Berg"]
    dana = people["Dana Reyes"]
    assert dana.key == "member:A-001"
    assert dana.line == 2
    assert dana.contacts == (Contact(ContactKind.EMAIL, "dana.reyes@example.org"),)
    assert dana.memberships == (
        Membership(GroupKind.SCHOOL, "San Diego State University", role="Computer Science", end=FuzzyDate(2001)),
        Membership(GroupKind.EMPLOYER, "Qualcomm", role="Engineer"),
        Membership(GroupKind.PLACE, "San Diego"),
        Membership(GroupKind.INTEREST, "hiking"),
        Membership(GroupKind.INTEREST, "jazz"),
        Membership(GroupKind.COMMUNITY, "SDSU Alumni"),
    )
    chidi = people["Okafor, Chidi"]
    assert Contact(ContactKind.URL, "https://www.linkedin.com/in/chidi-okafor/") in chidi.contacts
    assert [m.name for m in chidi.memberships if m.kind is GroupKind.INTEREST] == ["chess", "go"]
    mei = people["Mei Tanaka"]
    assert mei.line == 4
    assert mei.memberships[0] == Membership(GroupKind.SCHOOL, "UC Berkeley", end=FuzzyDate(2010))
    assert Membership(GroupKind.EMPLOYER, "Illumina", role="Scientist, R&D") in mei.memberships
    sam = people["Sam Berg"]
    assert sam.key == "sam@example.org"
    assert sam.memberships == (Membership(GroupKind.COMMUNITY, "SDSU Alumni"),)


def test_alumni_csv_reports_mapping_unknown_columns_and_skipped_rows() -> None:
    said = notices(list(directory.parse(DATA / "alumni.csv")))
    assert said[0] == (
        'columns matched by name: id = "Member ID", name = "Full Name", email = "E-mail", '
        'graduation_year = "Class Year", major = "Major", school = "School", employer = "Company", '
        'title = "Job Title", city = "City", interests = "Interests", linkedin = "LinkedIn"'
    )
    assert 'column "Favorite Color" is not read (2 rows have a value)' in said
    assert said[-1] == "1 row with neither a name nor an email skipped"


def test_semicolon_cp1252_chamber_list() -> None:
    items = list(directory.parse(DATA / "chamber.csv", community="Chula Vista Chamber"))
    zoe, bo = records(items)
    assert zoe.name == "Zoë Lima"
    assert zoe.key == "zoe@example.com"
    assert Membership(GroupKind.EMPLOYER, "Café Lima", role="Owner") in zoe.memberships
    assert Membership(GroupKind.PLACE, "Chula Vista") in zoe.memberships
    assert bo.memberships[0] == Membership(GroupKind.EMPLOYER, "Chen & Sons", role="CFO")
    assert 'column "Member Since" is not read (2 rows have a value)' in notices(items)


def test_tab_separated_attendees_join_first_and_last_and_disambiguate_keys() -> None:
    items = records(list(directory.parse(DATA / "attendees.tsv")))
    assert [(r.name, r.key) for r in items] == [
        ("Ana Lima", "ana@example.com"),
        ("Bo Chen", "bo@example.com"),
        ("Ana Lima", "name:ana lima"),
    ]
    again = records(list(directory.parse(DATA / "attendees.tsv")))
    assert [r.key for r in again] == [r.key for r in items]


def test_same_name_twice_gets_hash_two(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Name,City\nAna Lima,Lima\nAna  Lima,Cusco\nAna Lima,Quito\n", encoding="utf-8")
    assert [r.key for r in records(list(directory.parse(path)))] == [
        "name:ana lima",
        "name:ana lima#2",
        "name:ana lima#3",
    ]


def test_name_from_email_when_the_name_is_missing(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Name,Email\n,jo.ann_smith@example.org\n", encoding="utf-8")
    [record] = records(list(directory.parse(path)))
    assert (record.name, record.key) == ("Jo Ann Smith", "jo.ann_smith@example.org")


def test_class_year_without_school_goes_on_the_community(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Name,Class of\nDana Reyes,Class of 2001\n", encoding="utf-8")
    [record] = records(list(directory.parse(path, community="Alumni")))
    assert record.memberships == (Membership(GroupKind.COMMUNITY, "Alumni", role="class of 2001"),)
    items = list(directory.parse(path))
    assert records(items)[0].memberships == ()
    assert "1 graduation year not kept: no school column (give --community)" in notices(items)


# -- mappings -------------------------------------------------------------------------------------


def test_mapping_file_names_unguessable_columns() -> None:
    mapping = directory.load_mapping(DATA / "mapping.txt")
    assert mapping == {"name": "Member", "email": "Mail Address", "graduation_year": "Yr"}
    items = list(directory.parse(DATA / "mapped.csv", mapping=mapping))
    [dana] = records(items)
    assert (dana.name, dana.key) == ("Dana Reyes", "dana@example.org")
    assert notices(items) == [
        'column "Unit" is not read (1 row has a value)',
        "1 graduation year not kept: no school column (give --community)",
    ]


def test_mapping_naming_a_missing_column_fails_on_line_1(tmp_path: pathlib.Path) -> None:
    with pytest.raises(SourceError) as caught:
        list(directory.parse(DATA / "alumni.csv", mapping={"email": "Email Adress"}))
    assert (caught.value.line, caught.value.field) == (1, "Email Adress")
    assert str(DATA / "alumni.csv") in str(caught.value)


def test_mapping_is_matched_loosely_and_wins_over_guesses() -> None:
    items = list(directory.parse(DATA / "alumni.csv", mapping={"name": "full name", "notes": "favorite-color"}))
    assert by_name(items)["Dana Reyes"].notes == "teal"
    assert not any("Favorite Color" in n for n in notices(items))


def test_mapping_file_errors_name_the_line(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "m.txt"
    bad.write_text("name = Member\nemial = Mail\n", encoding="utf-8")
    with pytest.raises(SourceError, match="unknown field 'emial'") as caught:
        directory.load_mapping(bad)
    assert caught.value.line == 2
    bad.write_text("name Member\n", encoding="utf-8")
    with pytest.raises(SourceError, match="expected field = column") as caught:
        directory.load_mapping(bad)
    assert caught.value.line == 1
    good = tmp_path / "m.json"
    good.write_text('{"email": "E-mail", "graduation year": "Yr"}', encoding="utf-8")
    assert directory.load_mapping(good) == {"email": "E-mail", "graduation_year": "Yr"}
    good.write_text('{"email": 3}', encoding="utf-8")
    with pytest.raises(SourceError, match="field"):
        directory.load_mapping(good)


def test_mapping_flags() -> None:
    assert directory.parse_mapping_flags(["email=E-mail Address", "id = No."]) == {
        "email": "E-mail Address",
        "id": "No.",
    }
    with pytest.raises(InputError, match="field=column"):
        directory.parse_mapping_flags(["email"])
    with pytest.raises(InputError, match="unknown field 'mail'"):
        directory.parse_mapping_flags(["mail=E-mail"])
    with pytest.raises(InputError, match="unknown field"):
        list(directory.parse(DATA / "alumni.csv", mapping={"mail": "E-mail"}))


# -- errors ---------------------------------------------------------------------------------------


def test_bad_graduation_year_names_line_and_field_after_streaming_earlier_rows() -> None:
    items = directory.parse(DATA / "bad_year.csv")
    first = next(items)
    while not isinstance(first, Record):
        first = next(items)
    assert first.name == "Dana Reyes"  # yielded before the bad row is read: the parser streams
    with pytest.raises(SourceError, match="graduation year 'nineteen ninety-eight'") as caught:
        list(items)
    assert (caught.value.line, caught.value.field) == (3, "Class Year")  # the file's column, not "graduation_year"


def test_no_name_or_email_column(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Company,City\nAcme,Lima\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no column holds a name or an email") as caught:
        list(directory.parse(path))
    assert caught.value.line == 1


def test_a_million_columns_fails_fast(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("Name" + ",c" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="columns; at most 1,000") as caught:
        list(directory.parse(path))
    assert caught.value.line == 1


def test_huge_line_and_binary_are_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("Name,Email\n" + "x" * (3 << 20) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="line longer than") as caught:
        list(directory.parse(path))
    assert caught.value.line == 2
    blob = tmp_path / "blob.csv"
    blob.write_bytes(b"Name,Email\x00\x01\x02" * 100)
    with pytest.raises(SourceError, match="binary"):
        list(directory.parse(blob))


def test_unclosed_quote_is_reported(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Name,Email\n"Dana Reyes,d@x.org\n', encoding="utf-8")
    with pytest.raises(SourceError, match="not valid CSV: unexpected end of data") as caught:
        list(directory.parse(path))
    assert caught.value.line == 2


# -- JSON -----------------------------------------------------------------------------------------


def test_json_object_with_one_member_array() -> None:
    items = list(directory.parse(DATA / "members.json", community="Example Alumni"))
    dana, chidi = records(items)
    assert (dana.key, dana.name, dana.line) == ("member:17", "Dana Reyes", 6)
    assert (chidi.key, chidi.line) == ("member:18", 8)
    assert chidi.contacts == ()
    assert Membership(GroupKind.COMMUNITY, "Example Alumni", role="class of 1998") in chidi.memberships
    assert Membership(GroupKind.INTEREST, "jazz") in dana.memberships
    assert Membership(GroupKind.PLACE, "Oakland") in chidi.memberships
    assert 'key "address" holds nested objects, which are not read (1 member)' in notices(items)


def test_json_lines() -> None:
    items = list(directory.parse(DATA / "members.jsonl"))
    dana, chidi = records(items)
    assert (dana.line, chidi.line) == (1, 3)
    assert dana.key == "dana.reyes@example.org"
    assert 'column "Shoe Size" is not read (1 row has a value)' in notices(items)


def test_json_array_bigger_than_the_window_keeps_lines(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "big.json"
    members = [{"name": f"Member {i}", "email": f"m{i}@example.org", "bio": "x" * (i % 300)} for i in range(12_000)]
    path.write_text("[\n" + ",\n".join(json.dumps(m) for m in members) + "\n]\n", encoding="utf-8")
    assert path.stat().st_size > 2 * jsonstream.MAX_JSON_VALUE
    got = records(list(directory.parse(path)))
    assert len(got) == 12_000
    assert [r.line for r in got[:3]] == [2, 3, 4]
    assert got[-1].line == 12_001
    assert got[7_777].notes == "x" * (7_777 % 300)


def test_truncated_json_names_a_line(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[\n{"name": "Dana"},\n{"name": "Bo"', encoding="utf-8")
    with pytest.raises(SourceError, match=r"not valid JSON|never closed") as caught:
        list(directory.parse(path))
    assert caught.value.line == 3


def test_json_elements_must_be_objects(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"name": "Dana"},\n 7]', encoding="utf-8")
    with pytest.raises(SourceError, match="element 2 is not an object") as caught:
        list(directory.parse(path))
    assert caught.value.line == 2
    path.write_text('{"count": 3}', encoding="utf-8")
    with pytest.raises(SourceError, match="no array of member objects"):
        list(directory.parse(path))


def test_deeply_nested_json_is_a_clear_error(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('[{"name": ' + "[" * 100_000 + "]" * 100_000 + "}]", encoding="utf-8")
    with pytest.raises(SourceError, match="nested too deeply"):
        list(directory.parse(path))
    lines = tmp_path / "deep.jsonl"
    lines.write_text('{"name": "a"}\n{"name": ' + "[" * 50_000 + "]" * 50_000 + "}\n", encoding="utf-8")
    with pytest.raises(SourceError, match="nested too deeply") as caught:
        list(directory.parse(lines))
    assert caught.value.line == 2


def test_one_huge_json_value_is_refused_without_reading_it_all(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text('[{"name": "' + "x" * (5 << 20) + '"}]', encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SourceError, match="larger than 1 MiB; export the directory as CSV or JSON Lines"):
        list(directory.parse(path))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 64 * 1024  # KiB: far below 10x the file


def test_many_distinct_json_keys_are_capped(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "keys.jsonl"
    path.write_text("\n".join(json.dumps({"name": f"n{i}", f"k{i}": 1}) for i in range(1_500)), encoding="utf-8")
    with pytest.raises(SourceError, match="more than 1,000 different keys"):
        list(directory.parse(path))


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(names.filter(lambda s: s.split() != []), min_size=1, max_size=20),
    indent=st.sampled_from([None, 1, 4]),
)
def test_json_round_trip_property(
    tmp_path_factory: pytest.TempPathFactory, people: list[str], indent: int | None
) -> None:
    path = tmp_path_factory.mktemp("prop") / "m.json"
    path.write_text(json.dumps({"members": [{"Full Name": p} for p in people]}, indent=indent), encoding="utf-8")
    got = records(list(directory.parse(path)))
    assert [r.name for r in got] == [" ".join(p.split()) for p in people]
    lines = path.read_text(encoding="utf-8").split("\n")
    for record in got:
        assert "{" in lines[record.line - 1]


# -- detection ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "claimed"),
    [("alumni.csv", True), ("chamber.csv", True), ("attendees.tsv", True), ("members.json", True)],
)
def test_sniff_real_fixtures(name: str, claimed: bool) -> None:
    from kithkin.sources import reading

    assert directory.sniff(reading.head(DATA / name), name) is claimed


def test_sniff_refuses_prose() -> None:
    assert not directory.sniff("Dear Dana,\nthanks for lunch.\n", "letter.txt")
