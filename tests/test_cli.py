"""The `kithkin` command line, end to end: every test drives the Typer app on a fresh SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from kithkin.cli import app
from kithkin.store import Store

runner = CliRunner()


def run(db: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Invoke ``kithkin --db DB ARGS…`` and return the result (whatever the exit code)."""
    return runner.invoke(app, ["--db", str(db), *args], input=input, env=env)


def ok(db: Path, *args: str, input: str | None = None) -> Result:
    """Invoke a command that must succeed."""
    result = run(db, *args, input=input)
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.output
    return result


def ok_json(db: Path, *args: str) -> Any:
    """Invoke a command with ``--json`` that must succeed, and parse its stdout."""
    return json.loads(ok(db, *args, "--json").stdout)


def fails(db: Path, *args: str, code: int = 1) -> Result:
    """Invoke a command that must fail calmly: the given exit code, a message, no traceback."""
    result = run(db, *args)
    assert result.exit_code == code, result.output
    # A clean exit (typer.Exit / a usage error), not an exception escaping the command.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.stderr.strip(), "the error should be explained on stderr"
    return result


def count_people(db: Path) -> int:
    with Store.open(db, create=False) as store:
        return store.count_people()


def count_ties(db: Path) -> int:
    with Store.open(db, create=False) as store:
        return store.count_ties()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A fresh, initialised store file."""
    path = tmp_path / "kithkin.sqlite"
    ok(path, "init")
    return path


@pytest.fixture
def people(db: Path) -> Path:
    """A store with Michael Brennan and two Danas."""
    ok(db, "person", "add", "Michael Brennan", "--email", "michael@example.com", "--tag", "work", "--alias", "Mike")
    ok(db, "person", "add", "Dana Reyes", "--email", "dana@example.com", "--note", "product lead at ServiceNow")
    ok(db, "person", "add", "Dana Rivers", "--email", "rivers@example.com")
    return db


# --- init ---------------------------------------------------------------------------------------


def test_init_creates_an_empty_store_and_says_where(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "mine.sqlite"
    result = ok(path, "init")
    assert path.exists()
    assert str(path) in result.stdout
    assert "0 people" in result.stdout
    assert count_people(path) == 0


def test_init_twice_keeps_what_is_there(db: Path) -> None:
    ok(db, "person", "add", "Dana Reyes")
    result = ok(db, "init")
    assert "1 person)" in result.stdout
    assert count_people(db) == 1


# --- person add / show / list / search ----------------------------------------------------------


def test_person_add_then_show_json_round_trips_every_field(db: Path) -> None:
    added = ok_json(
        db,
        "person",
        "add",
        "Michael  Brennan",
        "--email",
        "michael@example.com",
        "--email",
        "mb@work.example.com",
        "--phone",
        "+1 619 555 0100",
        "--tag",
        "work",
        "--tag",
        "surf",
        "--alias",
        "Mike",
        "--note",
        "met at SDSU orientation",
    )
    assert added["id"] == 1
    assert added["name"] == "Michael Brennan"  # inner whitespace collapsed

    view = ok_json(db, "person", "show", "Michael Brennan")
    person = view["person"]
    assert person["id"] == 1
    assert person["name"] == "Michael Brennan"
    assert person["aliases"] == ["Mike"]
    assert sorted((c["kind"], c["value"]) for c in person["contacts"]) == [
        ("email", "mb@work.example.com"),
        ("email", "michael@example.com"),
        ("phone", "+1 619 555 0100"),
    ]
    assert sorted(person["tags"]) == ["surf", "work"]
    assert person["notes"] == "met at SDSU orientation"
    assert person["is_me"] is False
    assert view["affiliations"] == []
    assert view["ties"] == []


@pytest.mark.parametrize("ref", ["Michael Brennan", "michael brennan", "Mich", "Mike", "michael@example.com", "#1"])
def test_person_show_accepts_every_kind_of_reference(people: Path, ref: str) -> None:
    assert ok_json(people, "person", "show", ref)["person"]["name"] == "Michael Brennan"


def test_person_show_plain_text_lists_contacts_and_tags(people: Path) -> None:
    out = ok(people, "person", "show", "Michael").stdout
    assert "Michael Brennan" in out
    assert "michael@example.com" in out
    assert "work" in out
    assert "Mike" in out


def test_person_list_json_is_in_name_order(people: Path) -> None:
    found = ok_json(people, "person", "list")
    assert [p["name"] for p in found] == ["Dana Reyes", "Dana Rivers", "Michael Brennan"]
    assert [p["id"] for p in found] == [2, 3, 1]


def test_person_list_filters_by_tag_and_pages(people: Path) -> None:
    assert [p["name"] for p in ok_json(people, "person", "list", "--tag", "work")] == ["Michael Brennan"]
    assert [p["name"] for p in ok_json(people, "person", "list", "--limit", "1", "--offset", "1")] == ["Dana Rivers"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dan rey", ["Dana Reyes"]),
        ("DANA R", ["Dana Reyes", "Dana Rivers"]),
        ("dana", ["Dana Reyes", "Dana Rivers"]),
        ("mik", ["Michael Brennan"]),  # an alias
        ("servicen", ["Dana Reyes"]),  # a word in the notes
        ("zebra", []),
    ],
)
def test_person_search_matches_word_prefixes(people: Path, text: str, expected: list[str]) -> None:
    assert sorted(p["name"] for p in ok_json(people, "person", "search", text)) == expected


def test_person_search_without_json_says_when_nobody_matches(people: Path) -> None:
    assert "nobody matches" in ok(people, "person", "search", "zebra").stdout
    assert "Dana Reyes" in ok(people, "person", "search", "dan rey").stdout


def test_person_add_of_an_existing_name_is_refused_unless_new(people: Path) -> None:
    ok(people, "affiliate", "Michael", "employer", "Intuit")
    result = fails(people, "person", "add", "michael  brennan")
    assert result.stderr.strip().splitlines() == [
        "error: Michael Brennan (#1, Intuit) is already in your network: "
        "pass --new to add a second person of the same name"
    ]
    assert count_people(people) == 3
    assert "matches" not in ok(people, "person", "show", "Michael Brennan").stdout
    added = ok_json(people, "person", "add", "Michael Brennan", "--new")
    assert added["id"] == 4
    assert count_people(people) == 4


@pytest.fixture
def affiliated(people: Path) -> Path:
    """``people`` with employers, a school with an alias, and a phone number."""
    ok(people, "affiliate", "Dana Reyes", "employer", "ServiceNow", "--from", "2016")
    ok(people, "affiliate", "Dana Rivers", "employer", "Intuit", "--from", "2010", "--to", "2015")
    ok(people, "affiliate", "Michael", "school", "San Diego State University", "--alias", "SDSU")
    ok(people, "person", "edit", "Dana Rivers", "--add-phone", "+1 415 555 0100")
    return people


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("intuit", ["Dana Rivers"]),  # a (past) employer
        ("servicenow", ["Dana Reyes"]),  # an employer, and the notes: once
        ("SDSU", ["Michael Brennan"]),  # a school's alias
        ("san diego", ["Michael Brennan"]),  # the start of a school's name
        ("rivers@example.com", ["Dana Rivers"]),  # an email
        ("michael@", ["Michael Brennan"]),  # the start of an email
        ("415-555-0100", ["Dana Rivers"]),  # a phone number as typed differently
    ],
)
def test_person_search_finds_employers_schools_emails_and_phones(
    affiliated: Path, text: str, expected: list[str]
) -> None:
    assert [p["name"] for p in ok_json(affiliated, "person", "search", text)] == expected


def test_person_search_ranks_names_before_groups(affiliated: Path) -> None:
    ok(affiliated, "person", "add", "Intuit Jones")
    assert [p["name"] for p in ok_json(affiliated, "person", "search", "intuit")] == ["Intuit Jones", "Dana Rivers"]


# --- person edit / remove -----------------------------------------------------------------------


def test_person_edit_renames(people: Path) -> None:
    edited = ok_json(people, "person", "edit", "Dana Rivers", "--name", "Dana  Rivera")
    assert edited["name"] == "Dana Rivera"
    assert ok_json(people, "person", "show", "Dana Rivera")["person"]["id"] == 3
    fails(people, "person", "show", "Dana Rivers")


def test_person_edit_adds_and_removes_emails_and_tags(people: Path) -> None:
    ok(people, "person", "edit", "Dana Reyes", "--add-email", "dana@servicenow.example.com", "--add-tag", "product")
    person = ok_json(people, "person", "show", "Dana Reyes")["person"]
    assert sorted(c["value"] for c in person["contacts"]) == ["dana@example.com", "dana@servicenow.example.com"]
    assert person["tags"] == ["product"]

    ok(people, "person", "edit", "Dana Reyes", "--remove-email", "DANA@example.com", "--remove-tag", "product")
    person = ok_json(people, "person", "show", "Dana Reyes")["person"]
    assert [c["value"] for c in person["contacts"]] == ["dana@servicenow.example.com"]
    assert person["tags"] == []
    # The new email finds her; the removed one does not.
    assert ok_json(people, "person", "show", "dana@servicenow.example.com")["person"]["id"] == 2
    fails(people, "person", "show", "dana@example.com")


def test_person_edit_rejects_a_bad_email_and_changes_nothing(people: Path) -> None:
    result = fails(people, "person", "edit", "Dana Reyes", "--name", "Someone Else", "--add-email", "not-an-email")
    assert "not-an-email" in result.stderr
    assert ok_json(people, "person", "show", "#2")["person"]["name"] == "Dana Reyes"


def test_person_remove_with_yes_deletes_the_person_and_their_ties(people: Path) -> None:
    ok(people, "tie", "Michael", "Dana Rivers")
    assert count_ties(people) == 1
    result = ok(people, "person", "remove", "Dana Rivers", "--yes")
    assert "Dana Rivers" in result.stdout
    assert count_people(people) == 2
    assert count_ties(people) == 0
    assert "no person matches" in fails(people, "person", "show", "Dana Rivers").stderr


def test_person_remove_asks_and_keeps_the_person_when_told_no(people: Path) -> None:
    result = run(people, "person", "remove", "Dana Rivers", input="n\n")
    assert result.exit_code == 1, result.output
    assert "Forget Dana Rivers" in result.output
    assert count_people(people) == 3
    result = ok(people, "person", "remove", "Dana Rivers", input="y\n")
    assert count_people(people) == 2


# --- me -----------------------------------------------------------------------------------------


def test_me_sets_and_shows_who_you_are(people: Path) -> None:
    result = fails(people, "me")
    assert "kithkin me NAME" in result.stderr

    assert "Michael Brennan (#1)" in ok(people, "me", "Mike").stdout
    assert "you are Michael Brennan (#1)" in ok(people, "me").stdout
    assert ok_json(people, "me")["id"] == 1
    assert ok_json(people, "person", "show", "me")["person"]["is_me"] is True

    ok(people, "me", "Dana Reyes")  # only one person is ever "me"
    flags = {p["name"]: p["is_me"] for p in ok_json(people, "person", "list")}
    assert flags == {"Dana Reyes": True, "Dana Rivers": False, "Michael Brennan": False}


# --- affiliate / groups -------------------------------------------------------------------------


def groups_by_name(db: Path, *args: str) -> dict[str, dict[str, Any]]:
    return {row["group"]["name"]: row for row in ok_json(db, "group", "list", *args)}


def test_affiliate_records_role_years_and_alias(people: Path) -> None:
    result = ok(
        people,
        "affiliate",
        "Michael",
        "school",
        "San Diego State University",
        "--role",
        "Marketing",
        "--from",
        "1998",
        "--to",
        "2002",
        "--alias",
        "SDSU",
    )
    assert "San Diego State University" in result.stdout
    (aff,) = ok_json(people, "person", "show", "Michael")["affiliations"]
    assert aff["group"]["kind"] == "school"
    assert aff["group"]["name"] == "San Diego State University"
    assert aff["group"]["aliases"] == ["SDSU"]
    assert aff["role"] == "Marketing"
    assert aff["start"] == "1998"
    assert aff["end"] == "2002"


def test_affiliating_by_alias_lands_on_the_same_group(people: Path) -> None:
    ok(people, "affiliate", "Michael", "school", "San Diego State University", "--role", "Marketing")
    ok(people, "affiliate", "Michael", "school", "San Diego State University", "--from", "1998", "--alias", "SDSU")
    ok(people, "affiliate", "Dana Reyes", "school", "SDSU", "--role", "Computer Science", "--from", "1999-09")
    schools = groups_by_name(people, "--kind", "school")
    assert list(schools) == ["San Diego State University"]
    assert schools["San Diego State University"]["members"] == 2
    (aff,) = ok_json(people, "person", "show", "Dana Reyes")["affiliations"]
    assert aff["group"]["name"] == "San Diego State University"
    assert aff["start"] == "1999-09"
    assert aff["end"] is None


def test_group_alias_lets_another_name_find_the_group(people: Path) -> None:
    ok(people, "affiliate", "Michael", "school", "San Diego State University")
    found = ok_json(people, "group", "alias", "school", "San Diego State University", "SDSU", "San Diego State")
    assert set(found["aliases"]) == {"SDSU", "San Diego State"}
    ok(people, "affiliate", "Dana Reyes", "school", "san diego state")
    ok(people, "affiliate", "Dana Rivers", "school", "sdsu")
    schools = groups_by_name(people, "--kind", "school")
    assert list(schools) == ["San Diego State University"]
    assert schools["San Diego State University"]["members"] == 3


def test_group_alias_for_an_unknown_group_is_a_user_error(people: Path) -> None:
    result = fails(people, "group", "alias", "school", "Nowhere U", "NU")
    assert "Nowhere U" in result.stderr


def test_group_list_by_kind_and_in_size_order(people: Path) -> None:
    ok(people, "affiliate", "Michael", "employer", "Intuit", "--role", "Brand Director", "--from", "2011")
    ok(people, "affiliate", "Dana Reyes", "employer", "ServiceNow")
    ok(people, "affiliate", "Dana Rivers", "employer", "ServiceNow")
    ok(people, "affiliate", "Dana Rivers", "interest", "hiking")
    rows = ok_json(people, "group", "list", "--kind", "employer")
    assert [(r["group"]["name"], r["members"]) for r in rows] == [("ServiceNow", 2), ("Intuit", 1)]
    assert {r["group"]["kind"] for r in ok_json(people, "group", "list")} == {"employer", "interest"}
    assert "ServiceNow" in ok(people, "group", "list").stdout


def test_affiliate_with_an_unknown_kind_is_a_user_error(people: Path) -> None:
    result = fails(people, "affiliate", "Michael", "club", "Rotary")
    assert "club" in result.stderr
    assert "school" in result.stderr  # lists the kinds that exist


# --- tie ----------------------------------------------------------------------------------------


def test_tie_appears_in_both_profiles(people: Path) -> None:
    result = ok(
        people, "tie", "Michael", "Dana Reyes", "--how", "met at a friend's happy hour", "--since", "2019", "-c", "4"
    )
    assert "Michael Brennan and Dana Reyes know each other" in result.stdout
    ties = ok_json(people, "person", "show", "Michael")["ties"]
    assert len(ties) == 1
    tie, other = ties[0]
    assert (tie["a"], tie["b"]) == (1, 2)
    assert tie["how"] == "met at a friend's happy hour"
    assert tie["since"] == "2019"
    assert tie["closeness"] == 4
    assert other["name"] == "Dana Reyes"
    ((back, me),) = ok_json(people, "person", "show", "Dana Reyes")["ties"]
    assert back == tie
    assert me["name"] == "Michael Brennan"


def test_tie_again_updates_rather_than_duplicates(people: Path) -> None:
    ok(people, "tie", "Dana Reyes", "Michael", "--how", "colleagues")
    ok(people, "tie", "Michael", "Dana Reyes", "--closeness", "2", "--introduced-by", "Dana Rivers")
    assert count_ties(people) == 1
    ((tie, _),) = ok_json(people, "person", "show", "Michael")["ties"]
    assert tie["how"] == "colleagues"
    assert tie["closeness"] == 2
    assert tie["introduced_by"] == 3
    # who introduced them is said on the profile (it was kept and shown nowhere but in `common`)
    assert "colleagues; introduced by Dana Rivers" in ok(people, "person", "show", "Michael").stdout
    assert ok_json(people, "person", "show", "Michael")["introducers"] == {"3": "Dana Rivers"}


def test_tie_with_oneself_is_a_user_error(people: Path) -> None:
    result = fails(people, "tie", "Michael", "Mike")
    assert "themselves" in result.stderr
    assert count_ties(people) == 0


@pytest.mark.parametrize("closeness", ["0", "6", "-1"])
def test_closeness_out_of_range_is_refused(people: Path, closeness: str) -> None:
    result = fails(people, "tie", "Michael", "Dana Reyes", "--closeness", closeness, code=2)
    assert "--closeness" in result.stderr
    assert count_ties(people) == 0


# --- summary ------------------------------------------------------------------------------------


def test_summary_json_counts_everything(people: Path) -> None:
    empty = ok_json(people, "summary")
    assert (empty["people"], empty["ties"], empty["affiliations"], empty["me"]) == (3, 0, 0, None)

    ok(people, "me", "Michael")
    ok(people, "affiliate", "Michael", "school", "San Diego State University", "--alias", "SDSU")
    ok(people, "affiliate", "Dana Reyes", "school", "SDSU")
    ok(people, "affiliate", "Dana Reyes", "employer", "ServiceNow")
    ok(people, "tie", "me", "Dana Reyes")
    view = ok_json(people, "summary")
    assert view["people"] == 3
    assert view["ties"] == 1
    assert view["affiliations"] == 3
    assert view["me"]["name"] == "Michael Brennan"
    assert view["groups"]["school"] == 1
    assert view["groups"]["employer"] == 1
    assert view["groups"]["event"] == 0
    assert view["top_groups"]["school"] == [["San Diego State University", 2]]
    assert "3 people" in ok(people, "summary").stdout


# --- user mistakes ------------------------------------------------------------------------------


def test_unknown_person_is_reported_with_suggestions(people: Path) -> None:
    result = fails(people, "person", "show", "Dana Reyse")
    assert "no person matches 'Dana Reyse'" in result.stderr
    assert "did you mean Dana Reyes" in result.stderr
    assert result.stdout == ""


def test_unknown_person_in_a_write_changes_nothing(people: Path) -> None:
    fails(people, "tie", "Michael", "Nobody Atall")
    fails(people, "affiliate", "Nobody Atall", "school", "SDSU")
    assert count_ties(people) == 0
    assert ok_json(people, "group", "list") == []


@pytest.mark.parametrize(
    "args",
    [
        ("person", "show", "Dana"),
        ("person", "remove", "Dana", "--yes"),
        ("person", "edit", "Dana", "--add-tag", "x"),
        ("tie", "Michael", "Dana"),
        ("affiliate", "Dana", "employer", "ServiceNow"),
        ("me", "Dana"),
    ],
)
def test_ambiguous_name_lists_candidates_and_changes_nothing(people: Path, args: tuple[str, ...]) -> None:
    before = ok_json(people, "summary")
    result = fails(people, *args)
    message = result.stderr
    assert "'Dana' matches 2 people" in message
    assert "Dana Reyes (#2)" in message
    assert "Dana Rivers (#3)" in message
    after = ok_json(people, "summary")
    assert after == before
    assert count_people(people) == 3
    assert all(p["tags"] == [] for p in ok_json(people, "person", "search", "dana"))


def test_ambiguous_name_candidates_show_current_employer(people: Path) -> None:
    ok(people, "affiliate", "#2", "employer", "ServiceNow", "--from", "2016")
    assert "Dana Reyes (#2, ServiceNow)" in fails(people, "person", "show", "Dana").stderr


def test_bad_date_is_a_user_error_and_records_nothing(people: Path) -> None:
    result = fails(people, "affiliate", "Michael", "school", "San Diego State University", "--from", "19x8")
    assert "19x8" in result.stderr
    assert ok_json(people, "person", "show", "Michael")["affiliations"] == []
    assert ok_json(people, "group", "list") == []
    assert "19x8" in fails(people, "tie", "Michael", "Dana Reyes", "--since", "19x8").stderr
    assert count_ties(people) == 0


def test_impossible_calendar_date_is_a_user_error(people: Path) -> None:
    result = fails(people, "affiliate", "Michael", "employer", "Intuit", "--from", "2023-02-30")
    assert "2023-02-30" in result.stderr


def test_end_before_start_is_refused_and_leaves_no_new_group(people: Path) -> None:
    result = fails(people, "affiliate", "Michael", "school", "UCLA", "--from", "2002", "--to", "1998")
    assert "before the start" in result.stderr
    assert ok_json(people, "person", "show", "Michael")["affiliations"] == []
    assert ok_json(people, "group", "list") == []  # the group made on the way was rolled back


def test_dates_of_different_precision_in_one_year_are_accepted(people: Path) -> None:
    # FuzzyDate orders 2002 < 2002-06, so this end is not before its start.
    ok(people, "affiliate", "Dana Reyes", "employer", "Qualcomm", "--from", "2002", "--to", "2002-06")
    (aff,) = ok_json(people, "person", "show", "Dana Reyes")["affiliations"]
    assert (aff["start"], aff["end"]) == ("2002", "2002-06")


def test_a_month_end_within_a_day_start_never_crashes(people: Path) -> None:
    result = run(people, "affiliate", "Dana Reyes", "employer", "Qualcomm", "--from", "2002-05-17", "--to", "2002-05")
    # Accepting it or calling it end-before-start are both fine; a traceback is not.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output


READING_COMMANDS = [
    ("summary",),
    ("summary", "--json"),
    ("person", "list"),
    ("person", "show", "Dana"),
    ("person", "search", "dana"),
    ("group", "list"),
    ("me",),
]


@pytest.mark.parametrize("args", READING_COMMANDS)
def test_reading_a_missing_store_says_so_and_creates_nothing(tmp_path: Path, args: tuple[str, ...]) -> None:
    missing = tmp_path / "nowhere" / "missing.sqlite"
    result = fails(missing, *args)
    assert "no store at" in result.stderr
    assert str(missing) in result.stderr
    assert "kithkin init" in result.stderr
    assert result.stdout == ""
    assert not missing.exists()
    assert not missing.parent.exists()


def test_a_file_that_is_not_a_store_is_a_user_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite at all, just some bytes " * 100)
    result = fails(junk, "summary")
    assert "not a kithkin store" in result.stderr


def test_kithkin_db_environment_variable_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "from-env.sqlite"
    env = {"KITHKIN_DB": str(path)}
    result = runner.invoke(app, ["init"], env=env)
    assert result.exit_code == 0, result.output
    assert path.exists()
    result = runner.invoke(app, ["person", "add", "Dana Reyes"], env=env)
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["person", "list", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert [p["name"] for p in json.loads(result.stdout)] == ["Dana Reyes"]
    assert count_people(path) == 1


def test_db_option_wins_over_the_environment(tmp_path: Path) -> None:
    from_env, from_option = tmp_path / "env.sqlite", tmp_path / "option.sqlite"
    result = run(from_option, "person", "add", "Dana Reyes", env={"KITHKIN_DB": str(from_env)})
    assert result.exit_code == 0, result.output
    assert count_people(from_option) == 1
    assert not from_env.exists()


def test_missing_store_named_by_the_environment_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "env-missing.sqlite"
    result = runner.invoke(app, ["summary"], env={"KITHKIN_DB": str(path)})
    assert result.exit_code == 1, result.output
    assert "no store at" in result.stderr
    assert not path.exists()


# --- help ---------------------------------------------------------------------------------------


def command_paths() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command in the tree, as (path of names, click command)."""
    root = typer.main.get_command(app)

    def walk(path: tuple[str, ...], command: Any) -> Iterator[tuple[tuple[str, ...], Any]]:
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk((*path, name), sub)

    yield from walk((), root)


ALL_COMMANDS = [path for path, _ in command_paths()]


def test_the_command_tree_is_the_documented_one() -> None:
    assert set(ALL_COMMANDS) >= {
        (),
        ("init",),
        ("demo",),
        ("me",),
        ("affiliate",),
        ("tie",),
        ("summary",),
        ("person",),
        ("person", "add"),
        ("person", "show"),
        ("person", "edit"),
        ("person", "list"),
        ("person", "search"),
        ("person", "remove"),
        ("group",),
        ("group", "list"),
        ("group", "alias"),
    }


def test_every_command_has_help_text() -> None:
    missing = [" ".join(path) or "kithkin" for path, command in command_paths() if not (command.help or "").strip()]
    assert missing == []


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "kithkin")
def test_help_option_works_for_every_command(path: tuple[str, ...]) -> None:
    first_words = " ".join(dict(command_paths())[path].help.split()[:5])
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout
    assert first_words in " ".join(result.stdout.split())


def test_lists_cut_short_say_so(tmp_path: Path) -> None:
    """Before: `person list` ended at its 50th name and `find` at its 25th row with nothing to say there were
    more."""
    db = tmp_path / "k.sqlite"
    for n in range(4):
        ok(db, "person", "add", f"Person {n}")
        ok(db, "affiliate", f"Person {n}", "employer", "Acme", "--from", "2020")
    listed = ok(db, "person", "list", "-n", "3").stdout
    assert "… and more: --offset 3 for the next 3" in listed
    assert "and more" not in ok(db, "person", "list", "-n", "4").stdout
    found = ok(db, "find", "--employer", "Acme", "-n", "2").stdout
    assert "(the best 2 of 4 who match: -n 8 for more)" in found
    assert "who match" not in ok(db, "find", "--employer", "Acme", "-n", "4").stdout  # all four: not cut
    assert "who match" not in ok(db, "find", "--employer", "Acme", "-n", "5").stdout
    mine = ok(db, "find", "--shares-with", "Person 0", "-n", "1").stdout  # no filter: the total is not known
    assert "(the best 1; there may be more: -n 4 for more)" in mine


def test_a_tie_cannot_start_in_the_future_nor_be_introduced_by_one_of_its_two(people: Path) -> None:
    """Before: `tie me Dana --since 2030` was stored and shown as "since 2030", and Dana could introduce herself."""
    before = count_ties(people)
    future = fails(people, "tie", "Dana Reyes", "Michael", "--since", "2030")
    assert "a tie cannot start after today (" in future.stderr
    assert "): '2030'" in future.stderr
    itself = fails(people, "tie", "Dana Reyes", "Michael", "--introduced-by", "Dana Reyes")
    assert "the introducer is someone else than the two who know each other" in itself.stderr
    assert count_ties(people) == before
    ok(people, "tie", "Dana Reyes", "Michael", "--since", "2025")


def test_the_user_is_not_treated_as_one_of_their_contacts(people: Path) -> None:
    """Before: `cadence me 7d` ("keep in touch with me every 7 days"), `log add --with me` and, on `person show
    me`, "in the last year you did 0 things for them" were all said of the user."""
    ok(people, "me", "Michael")
    assert "is you: keep in touch with someone else" in fails(people, "cadence", "me", "7d").stderr
    assert "is you: log who else took part" in fails(people, "log", "add", "lunch", "--with", "me").stderr
    shown = ok(people, "person", "show", "me").stdout
    assert "for them" not in shown
    assert "Keeping in touch" not in shown
    assert "for them" in ok(people, "person", "show", "Dana Reyes").stdout
    ok(people, "cadence", "Dana Reyes", "30d")


def test_an_email_already_someones_is_refused_to_a_new_person(people: Path) -> None:
    """Before: `person add 'Zed X' -e dana@example.com` was accepted, and the address then named nobody ("matches
    2 people … use a fuller name, an email or #id")."""
    before = count_people(people)
    said = fails(people, "person", "add", "Zed X", "--email", "Dana@Example.com").stderr
    assert "Dana@Example.com is already Dana Reyes's (#2)" in said
    assert count_people(people) == before
    assert "Dana Reyes" in ok(people, "person", "show", "dana@example.com").stdout


def test_a_bare_number_is_the_person_with_that_id(tmp_path: Path) -> None:
    """ "person show 9" said "'9' matches 41 people: X account 95981463 …" (names starting with 9)."""
    db = tmp_path / "k.sqlite"
    ok(db, "person", "add", "Ann Able")
    ok(db, "person", "add", "X account 2777")
    assert ok(db, "person", "show", "2").stdout.startswith("X account 2777  · #2")
    assert ok(db, "person", "show", "1").stdout.startswith("Ann Able  · #1")
