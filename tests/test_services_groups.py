"""Group resolution end to end (issue 15): every "Done when" sentence, typed as written, on real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cli_support import ok, runner
from kithkin.cli import app
from kithkin.errors import InputError
from kithkin.model import GroupKind, Person
from kithkin.services import groups
from kithkin.store import Store, migrations


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "kithkin.sqlite"
    ok(path, "init")
    for name in ("Michael", "Tom"):
        ok(path, "person", "add", name)
        ok(path, "affiliate", name, "place", "San Diego")
    return path


def _members(db: Path, kind: GroupKind) -> dict[str, int]:
    with Store.open(db, create=False) as store:
        return {g.name: n for g, n in store.list_groups(kind)}


def _overlap_ranked_above_the_city(output: str) -> None:
    lines = output.splitlines()
    school = next(i for i, line in enumerate(lines) if "San Diego State University" in line)
    city = next(i for i, line in enumerate(lines) if "connected to San Diego" in line)
    assert "Marketing" in lines[school]
    assert "overlapping 1999–2002" in lines[school]
    assert school < city


def test_the_seed_scenario_typed_as_written(db: Path) -> None:
    ok(db, "affiliate", "Michael", "school", "San Diego State University", "--role", "Marketing",
       "--from", "1998", "--to", "2002")  # fmt: skip
    said = ok(db, "affiliate", "Tom", "school", "SDSU", "--role", "Marketing", "--from", "1999", "--to", "2003")
    assert "San Diego State University" in said.output  # told which school SDSU was read as
    assert _members(db, GroupKind.SCHOOL) == {"San Diego State University": 2}
    _overlap_ranked_above_the_city(ok(db, "common", "Michael", "Tom").output)


def _import_michaels_education(db: Path, tmp_path: Path) -> None:
    """Michael's LinkedIn Education.csv, which writes the campus with its university system."""
    education = tmp_path / "Education.csv"
    education.write_text(
        "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
        "San Diego State University-California State University,1998,2002,,Marketing,\n",
        encoding="utf-8",
    )
    ok(db, "import", str(education))


def test_the_same_after_linkedin_education_csv(db: Path, tmp_path: Path) -> None:
    ok(db, "me", "Michael")
    _import_michaels_education(db, tmp_path)
    ok(db, "affiliate", "Tom", "school", "SDSU", "--role", "Marketing", "--from", "1999", "--to", "2003")
    assert list(_members(db, GroupKind.SCHOOL).values()) == [2]
    _overlap_ranked_above_the_city(ok(db, "common", "Michael", "Tom").output)


def test_a_vcard_org_sdsu_is_the_known_san_diego_state(db: Path, tmp_path: Path) -> None:
    # A vCard's ORG is an employer: the same institution as an employer already known by its full name.
    ok(db, "affiliate", "Michael", "employer", "San Diego State University", "--role", "Lecturer")
    card = tmp_path / "tom.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Cole\r\nEMAIL:dana@example.com\r\nORG:SDSU\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    report = ok(db, "import", str(card), "--json").stdout
    assert "SDSU → San Diego State University" in report
    assert _members(db, GroupKind.EMPLOYER) == {"San Diego State University": 2}
    assert "San Diego State University" in ok(db, "common", "Michael", "Dana Cole").output


def test_the_scenario_after_linkedin_education_and_a_vcard_org_sdsu(tmp_path: Path) -> None:
    # The done-when, end to end on a fresh store: Michael's LinkedIn Education.csv writes the
    # campus with its system, Tom's card says ORG:SDSU, then the scenario's commands as typed.
    db = tmp_path / "scenario.sqlite"
    ok(db, "init")
    ok(db, "person", "add", "Michael")
    ok(db, "me", "Michael")
    _import_michaels_education(db, tmp_path)
    card = tmp_path / "tom.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tom\r\nORG:SDSU\r\nEND:VCARD\r\n", encoding="utf-8")
    assert "SDSU → San Diego State University" in ok(db, "import", str(card), "--json").stdout
    for name in ("Michael", "Tom"):
        ok(db, "affiliate", name, "place", "San Diego")
    ok(db, "affiliate", "Michael", "school", "San Diego State University", "--role", "Marketing",
       "--from", "1998", "--to", "2002")  # fmt: skip
    ok(db, "affiliate", "Tom", "school", "SDSU", "--role", "Marketing", "--from", "1999", "--to", "2003")

    assert _members(db, GroupKind.SCHOOL) == {"San Diego State University": 2}
    # Tom's ORG is where he works, not where he studied: an employer, under the institution's name.
    assert _members(db, GroupKind.EMPLOYER) == {"San Diego State University": 1}
    with Store.open(db, create=False) as store:
        employer = store.find_group(GroupKind.EMPLOYER, "SDSU")
        assert employer is not None
        assert employer.name == "San Diego State University"
    common = ok(db, "common", "Michael", "Tom").output
    _overlap_ranked_above_the_city(common)
    # SDSU is named only as another name of the school, never as a place of its own.
    assert [line for line in common.splitlines() if "SDSU" in line] == [
        "other names of these groups: San Diego State University = "
        "San Diego State University-California State University, SDSU"
    ]
    assert "Tom" in ok(db, "find", "--employer", "SDSU").output


def test_an_employer_acronym_is_an_institution_only_when_someone_here_studied_there(db: Path, tmp_path: Path) -> None:
    # 'UPS' is also the University of Puget Sound's domain, 'SAS' the Singapore American School's: an acronym
    # alone says nothing; a school someone in the store went to does.
    card = tmp_path / "ann.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nORG:UPS\r\nEND:VCARD\r\n", encoding="utf-8")
    ok(db, "import", str(card))
    assert _members(db, GroupKind.EMPLOYER) == {"UPS": 1}
    ok(db, "affiliate", "Michael", "school", "San Diego State University")
    said = ok(db, "affiliate", "Tom", "employer", "SDSU")
    assert "'SDSU' is 'San Diego State University': SDSU is the acronym of" in said.output
    assert _members(db, GroupKind.EMPLOYER) == {"UPS": 1, "San Diego State University": 1}


def test_an_email_domain_never_overrides_a_stated_school(db: Path) -> None:
    ok(db, "affiliate", "Michael", "school", "San Diego State University")
    ok(db, "person", "add", "Ann", "--email", "ann@sdsu.edu")
    ok(db, "affiliate", "Ann", "school", "UCLA")
    ok(db, "person", "add", "Bo", "--email", "bo@sdsu.edu")
    said = ok(db, "affiliate", "Bo", "school", "University of San Diego")
    assert "group merges" in said.output  # asked, not decided by the address
    assert _members(db, GroupKind.SCHOOL) == {
        "San Diego State University": 1,
        "UCLA": 1,
        "University of San Diego": 1,
    }
    shown = ok(db, "person", "show", "Ann").output
    assert "UCLA" in shown
    assert "a guess" not in shown  # the hint is only for people who state no school or employer


def test_find_employer_nestwise_finds_nestwise_inc(db: Path) -> None:
    ok(db, "affiliate", "Tom", "employer", "Nestwise, Inc.", "--role", "Engineer")
    found = ok(db, "find", "--employer", "Nestwise").output
    assert "Tom" in found
    assert "Nestwise, Inc." in found


def test_qualcomm_variants_are_one_employer(db: Path, tmp_path: Path) -> None:
    ok(db, "affiliate", "Michael", "employer", "Qualcomm")
    ok(db, "affiliate", "Tom", "employer", "QUALCOMM Incorporated")
    members = tmp_path / "members.csv"
    members.write_text("name,email,employer\nAnn Lee,ann@example.com,Qualcomm Inc.\n", encoding="utf-8")
    ok(db, "import", str(members))
    assert _members(db, GroupKind.EMPLOYER) == {"Qualcomm": 3}


def test_a_close_school_is_proposed_then_merged_and_unmerged(db: Path) -> None:
    ok(db, "affiliate", "Michael", "school", "University of California, San Diego")
    said = ok(db, "affiliate", "Tom", "school", "University of San Diego")
    assert "group merges" in said.output  # a proposal, not a merge
    assert _members(db, GroupKind.SCHOOL) == {
        "University of California, San Diego": 1,
        "University of San Diego": 1,
    }
    assert "University of San Diego" in ok(db, "group", "merges").output

    ok(db, "group", "merge", "University of California, San Diego", "University of San Diego")
    assert _members(db, GroupKind.SCHOOL) == {"University of California, San Diego": 2}
    assert "University of San Diego" in ok(db, "group", "list").output  # its name is now an alias
    assert "no group merges to review" in ok(db, "group", "merges").output

    ok(db, "group", "unmerge", "University of San Diego")
    assert _members(db, GroupKind.SCHOOL) == {
        "University of California, San Diego": 1,
        "University of San Diego": 1,
    }
    assert "no group merges to review" in ok(db, "group", "merges").output
    with Store.open(db, create=False) as store:
        usd = store.find_group(GroupKind.SCHOOL, "University of San Diego")
        assert usd is not None
        assert usd.id is not None
        assert [store.get_person(p).name for p in store.members(usd.id)] == ["Tom"]
        # Undone once, not proposed again.
        assert store.group_proposals() == []


def test_an_import_counts_its_group_proposals(db: Path, tmp_path: Path) -> None:
    ok(db, "affiliate", "Michael", "school", "University of California, San Diego")
    ok(db, "me", "Tom")
    education = tmp_path / "Education.csv"
    education.write_text(
        "School Name,Start Date,End Date,Notes,Degree Name,Activities\nUniversity of San Diego,2001,2005,,,\n",
        encoding="utf-8",
    )
    assert '"group_proposals": 1' in ok(db, "import", str(education), "--json").stdout
    assert "University of San Diego" in ok(db, "group", "merges").output
    with Store.open(db, create=False) as store:
        proposal = store.group_proposals()[0].id
    ok(db, "group", "reject", str(proposal))
    assert "no group merges to review" in ok(db, "group", "merges").output


def test_an_email_at_a_university_is_shown_as_a_guess_never_stored(db: Path) -> None:
    ok(db, "person", "add", "Ann", "--email", "ann@sdsu.edu")
    shown = ok(db, "person", "show", "Ann").output
    assert "probably at San Diego State University (from ann@sdsu.edu) — a guess" in shown
    with Store.open(db, create=False) as store:
        assert store.list_groups(GroupKind.SCHOOL) == []
        assert store.db.execute("SELECT count(*) FROM affiliations WHERE person_id = 3").fetchone() == (0,)


def _schema_eight_file(path: Path) -> None:
    """A store as schema 8 wrote it: three spellings of one employer, a school and its acronym as two schools."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.upgrade(conn, target=8)
    conn.executescript(
        """
        INSERT INTO sources VALUES (1, 'old import', '2025-01-01T00:00:00+00:00');
        INSERT INTO people VALUES (1, 'Michael', 'michael', '', 0, 1, '');
        INSERT INTO people VALUES (2, 'Tom', 'tom', '', 0, 1, '');
        INSERT INTO people VALUES (3, 'Ann', 'ann', '', 0, 1, '');
        INSERT INTO groups VALUES (1, 'employer', 'Qualcomm', NULL, 1);
        INSERT INTO groups VALUES (2, 'employer', 'QUALCOMM Incorporated', NULL, 1);
        INSERT INTO groups VALUES (3, 'employer', 'Qualcomm Inc.', NULL, 1);
        INSERT INTO groups VALUES (4, 'school', 'San Diego State University', NULL, 1);
        INSERT INTO groups VALUES (5, 'school', 'SDSU', NULL, 1);
        INSERT INTO group_aliases VALUES ('employer', 'qualcomm', 'Qualcomm', 1, 1);
        INSERT INTO group_aliases VALUES ('employer', 'qualcomm incorporated', 'QUALCOMM Incorporated', 2, 1);
        INSERT INTO group_aliases VALUES ('employer', 'qualcomm inc', 'Qualcomm Inc.', 3, 1);
        INSERT INTO group_aliases VALUES ('school', 'san diego state university', 'San Diego State University', 4, 1);
        INSERT INTO group_aliases VALUES ('school', 'sdsu', 'SDSU', 5, 1);
        INSERT INTO affiliations VALUES (1, 1, 1, 'Engineer', '2010', NULL, 1, NULL);
        INSERT INTO affiliations VALUES (2, 2, 2, 'Marketing', '2012', '2015', 1, NULL);
        INSERT INTO affiliations VALUES (3, 3, 3, '', NULL, NULL, 1, NULL);
        INSERT INTO affiliations VALUES (4, 1, 4, 'Marketing', '1998', '2002', 1, NULL);
        INSERT INTO affiliations VALUES (5, 2, 5, 'Marketing', '1999', '2003', 1, NULL);
        INSERT INTO ties VALUES (1, 2, 'work', NULL, NULL, 3, 2, 1, NULL);
        """
    )
    conn.close()


def test_schema_step_9_resolves_an_older_store_losing_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _schema_eight_file(path)
    with Store.open(path) as store:
        assert store.schema_version == migrations.latest_version() >= 9
        # Same normal form: one employer, the others' names its aliases; every affiliation kept.
        employers = {g.name: (set(g.aliases), n) for g, n in store.list_groups(GroupKind.EMPLOYER)}
        assert employers == {"Qualcomm": ({"QUALCOMM Incorporated", "Qualcomm Inc."}, 3)}
        rows = store.db.execute("SELECT id, person_id, role FROM affiliations ORDER BY id").fetchall()
        assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
        assert store.db.execute("SELECT via_group_id FROM ties").fetchall() == [(1,)]
        # An acronym is only proposed by the migration, never merged.
        assert len(store.list_groups(GroupKind.SCHOOL)) == 2
        proposals = store.group_proposals()
        assert [(p.keep, p.other) for p in proposals] == [(4, 5)]
        assert "acronym" in proposals[0].reason
        # Each merge is logged and undoable.
        assert sorted(m.gone_name for m in store.group_merges()) == ["QUALCOMM Incorporated", "Qualcomm Inc."]
        back = groups.unmerge_group(store, "QUALCOMM Incorporated")
        assert back.id == 2
        assert store.members(2) == [2]
        assert store.db.execute("SELECT via_group_id FROM ties").fetchall() == [(2,)]
        assert store.find_group(GroupKind.EMPLOYER, "QUALCOMM Incorporated") == store.get_group(2)


def test_group_merge_moves_everything_and_unmerge_puts_it_back(store: Store) -> None:
    a = store.ensure_group(GroupKind.COMMUNITY, "Bay Runners", "t")
    b = store.ensure_group(GroupKind.COMMUNITY, "Trail Club", "t")
    assert a.id is not None
    assert b.id is not None
    pid = store.add_person(Person(name="Ann"), "t").id
    assert pid is not None
    store.affiliate(pid, b, "t")
    before = store.affiliations_of(pid)
    merge = store.merge_groups(a.id, b.id, "by hand")
    assert store.members(a.id) == [pid]
    assert store.get_group(a.id).aliases == ("Trail Club",)
    store.unmerge_groups(merge.id)
    assert store.affiliations_of(pid) == before
    assert store.get_group(a.id).aliases == ()
    with pytest.raises(InputError, match="already undone"):
        store.unmerge_groups(merge.id)


def test_a_name_read_as_a_known_group_is_undone_like_a_merge(db: Path, tmp_path: Path) -> None:
    ok(db, "affiliate", "Michael", "school", "San Diego State University", "--role", "Marketing")
    ok(db, "affiliate", "Tom", "school", "SDSU", "--role", "Marketing")
    assert "SDSU" in ok(db, "group", "merges", "--log").output
    ok(db, "group", "unmerge", "SDSU")
    assert _members(db, GroupKind.SCHOOL) == {"San Diego State University": 1, "SDSU": 1}

    ok(db, "affiliate", "Michael", "employer", "Qualcomm")
    members = tmp_path / "members.csv"
    members.write_text("name,email,employer\nAnn Lee,ann@example.com,QUALCOMM Inc.\n", encoding="utf-8")
    ok(db, "import", str(members))
    assert _members(db, GroupKind.EMPLOYER) == {"Qualcomm": 2}
    ok(db, "group", "unmerge", "QUALCOMM Inc.")
    assert _members(db, GroupKind.EMPLOYER) == {"Qualcomm": 1, "QUALCOMM Inc.": 1}


def test_remove_an_affiliation_keeps_the_group(db: Path) -> None:
    ok(db, "affiliate", "Tom", "school", "San Diego State University", "--from", "2001")
    with Store.open(db, create=False) as store:
        tom = store.affiliations_of(2)
        school = next(a for a in tom if a.group.kind is GroupKind.SCHOOL)
        assert school.id is not None
        gone = groups.remove_affiliation(store, "Tom", school.id)
        assert (gone.group.name, str(gone.start)) == ("San Diego State University", "2001")
        assert [a.group.name for a in store.affiliations_of(2)] == ["San Diego"]
        assert store.find_group(GroupKind.SCHOOL, "San Diego State University") is not None
        with pytest.raises(InputError, match="has no affiliation") as again:
            groups.remove_affiliation(store, "Tom", school.id)
        assert again.value.field == "affiliation"


@pytest.mark.parametrize(
    ("kind", "name", "start", "end", "field"),
    [("club", "Chess", None, None, "kind"), ("school", " ", None, None, "name"),
     ("school", "SDSU", "2001-13", None, "start"), ("school", "SDSU", "2005", "2001", "end")],
)  # fmt: skip
def test_a_refused_affiliation_names_its_field(
    db: Path, kind: str, name: str, start: str | None, end: str | None, field: str
) -> None:
    with Store.open(db, create=False) as store:
        before = store.revision
        with pytest.raises(InputError) as refused:
            groups.affiliate_resolved(store, "Tom", kind, name, start=start, end=end)
        assert refused.value.field == field
        assert store.revision == before


def test_a_period_that_starts_after_today_is_refused_an_event_is_not(tmp_path: Path) -> None:
    """A job starting in March read "Both have worked at Qualcomm, at different times (Jun 2001–now and Mar
    2027–now)"; school years ahead were spoken of in the past. Ties already refused a start after today."""
    import datetime as dt

    from kithkin import services
    from kithkin.services import common_ground

    today = dt.date(2026, 12, 18)
    with Store.open(tmp_path / "k.sqlite") as store:
        services.add_person(store, "Uma Reyes")
        services.add_person(store, "Bob Lee")
        with pytest.raises(InputError, match=r"2027-03 is after today \(2026-12-18\): record it once it has begun"):
            groups.affiliate(store, "Uma", "employer", "Qualcomm", start="2027-03", today=today)
        with pytest.raises(InputError) as refused:
            groups.affiliate(store, "Uma", "school", "Future U", start="2030", end="2034", today=today)
        assert refused.value.field == "start"
        assert store.affiliations_of(1) == []  # nothing written
        party = groups.affiliate(store, "Uma", "event", "Spring fair", start="2027-03-20", today=today)
        assert party.group.on is not None
        # the role a search asks for matches a degree written after the field ("Marketing, BA")
        groups.affiliate(store, "Bob", "school", "SDSU", role="Marketing, BA", start="1995", end="1999", today=today)
        query = common_ground.FindQuery(school="SDSU", role="marketing")
        assert [f.person.name for f in common_ground.find(store, query, today=today)] == ["Bob Lee"]


def test_an_event_attended_far_from_its_day_is_refused_and_a_second_period_is_said(db: Path) -> None:
    """ "attended on 2023-05-01" was taken for PyCon US 2024 (17 May 2024); a second, contradicting period at one
    school was added without a word."""
    ok(db, "affiliate", "Michael", "event", "PyCon US 2024", "--from", "2024-05-17")
    refused = runner.invoke(
        app, ["--db", str(db), "affiliate", "Tom", "event", "PyCon US 2024", "--from", "2023-05-01"]
    )
    assert refused.exit_code == 1
    assert "PyCon US 2024 was on 2024-05-17, not 2023-05-01" in refused.stderr
    ok(db, "affiliate", "Tom", "event", "PyCon US 2024", "--from", "2024-05-18")  # the second day
    ok(db, "affiliate", "Tom", "school", "SDSU", "--from", "1997", "--to", "2001")
    again = ok(db, "affiliate", "Tom", "school", "SDSU", "--from", "1997", "--to", "2000")
    assert "Tom also has 1997–2001 at SDSU: both are kept" in again.stderr + again.stdout


def test_one_fact_from_two_sources_is_one_row_and_removing_it_removes_both(tmp_path: Path) -> None:
    """A person merged from several vCards listed "IBM — Money Counter (Accounting)" twice (one row a source)."""
    from kithkin import services

    with Store.open(tmp_path / "k.sqlite") as store:
        person = services.add_person(store, "John Doe")
        ibm = store.ensure_group(GroupKind.EMPLOYER, "IBM", "vcard:a.vcf")
        store.affiliate(person.id or 0, ibm, "vcard:a.vcf", role="Money Counter (Accounting)")
        store.affiliate(person.id or 0, ibm, "vcard:b.vcf", role="Money Counter")
        with store.transaction():  # as an import of a second card writes it: the same fact, another source
            store.db.execute(
                "INSERT INTO affiliations(person_id, group_id, role, source_id) VALUES (?, ?, ?, ?)",
                (person.id, ibm.id, "Money Counter (Accounting)", store.source_id("vcard:b.vcf")),
            )
        shown = services.profile(store, "John Doe").affiliations
        assert [(a.role, a.source) for a in shown] == [
            ("Money Counter (Accounting)", "vcard:a.vcf; vcard:b.vcf"),
            ("Money Counter", "vcard:b.vcf"),
        ]
        groups.remove_affiliation(store, "John Doe", shown[0].id or 0)
        assert [a.role for a in store.affiliations_of(person.id or 0)] == ["Money Counter"]
        with store.transaction():  # a copy from another source again: unaffiliate takes every row, once each
            store.db.execute(
                "INSERT INTO affiliations(person_id, group_id, role, source_id) VALUES (?, ?, ?, ?)",
                (person.id, ibm.id, "Money Counter", store.source_id("vcard:a.vcf")),
            )
        assert [a.role for a in groups.unaffiliate(store, "John Doe", "employer", "IBM")] == ["Money Counter"]
        assert store.affiliations_of(person.id or 0) == []
