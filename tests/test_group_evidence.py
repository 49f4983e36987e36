"""Evidence beyond the name (issue 15): close groups merge when their members prove them one, on real SQLite.

Typed through the CLI as a user would (Typer's runner, a real store file): the same education imported
twice under two names, a school's addresses, a transfer between two schools, and an undo.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_support import ok
from kithkin.model import GroupKind
from kithkin.resolution.evidence import Member, Side, weigh
from kithkin.store import Store


def _schools(db: Path) -> dict[str, int]:
    with Store.open(db, create=False) as store:
        return {g.name: n for g, n in store.list_groups(GroupKind.SCHOOL)}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "kithkin.sqlite"
    ok(path, "init")
    for name in ("Dee Lee", "Sam Roe", "Ann Park"):
        ok(path, "person", "add", name)
    return path


def test_one_person_at_both_over_the_same_years_merges_and_undoes(db: Path) -> None:
    ok(db, "affiliate", "Sam Roe", "school", "University of Michigan", "--from", "2009", "--to", "2013")
    ok(db, "affiliate", "Dee Lee", "school", "University of Michigan", "--from", "2010", "--to", "2014")
    # The same education again, as IPEDS and LinkedIn write the flagship: by name alone only a question.
    said = ok(
        db, "affiliate", "Dee Lee", "school", "University of Michigan-Ann Arbor", "--from", "2010", "--to", "2014"
    )
    assert "Dee Lee belongs to both over the same years (2010–2014)" in said.output
    assert _schools(db) == {"University of Michigan": 2}
    log = ok(db, "group", "merges", "--log").output
    assert "University of Michigan-Ann Arbor" in log
    assert "proved" in log

    ok(db, "group", "unmerge", "University of Michigan-Ann Arbor")
    assert _schools(db) == {"University of Michigan": 2, "University of Michigan-Ann Arbor": 1}


def test_a_transfer_to_a_close_campus_stays_a_question(db: Path) -> None:
    ok(db, "affiliate", "Dee Lee", "school", "University of Michigan", "--from", "2010", "--to", "2012")
    said = ok(db, "affiliate", "Dee Lee", "school", "University of Michigan-Flint", "--from", "2013", "--to", "2015")
    assert "group merges" in said.output  # asked: one person, but one school after the other
    scanned = ok(db, "group", "merges", "--scan").output
    assert "merged" not in scanned
    assert "University of Michigan-Flint" in scanned
    assert _schools(db) == {"University of Michigan": 1, "University of Michigan-Flint": 1}


def test_the_scan_merges_a_proposal_the_members_addresses_prove(db: Path) -> None:
    ok(db, "affiliate", "Sam Roe", "school", "San Diego State University")
    for who in ("Lia Neri", "Ugo Sala"):
        ok(db, "person", "add", who)
        ok(db, "affiliate", who, "school", "Diego State")  # no address yet: only a question
    assert "Diego State" in ok(db, "group", "merges").output
    assert _schools(db) == {"San Diego State University": 1, "Diego State": 2}
    ok(db, "person", "edit", "Lia Neri", "--add-email", "lia@sdsu.edu")  # a later import brings addresses
    ok(db, "person", "edit", "Ugo Sala", "--add-email", "ugo@mail.sdsu.edu", "--add-email", "ugo@gmail.com")
    scanned = ok(db, "group", "merges", "--scan").output
    assert "merged 'Diego State'" in scanned
    assert "'San Diego State University' is sdsu.edu" in scanned
    assert _schools(db) == {"San Diego State University": 3}
    ok(db, "group", "unmerge", "Diego State")
    assert _schools(db) == {"San Diego State University": 1, "Diego State": 2}


def test_a_shared_city_is_only_said_never_proof() -> None:
    usd = Side(1, "school", "University of San Diego", (Member(1, 2001, 2005),), place="San Diego")
    ucsd = Side(2, "school", "University of California San Diego", (Member(2, 2001, 2005),), place="San Diego")
    weight = weigh(usd, ucsd)
    assert weight is not None
    assert (weight.proof, weight.reason) == (False, "both are in San Diego")


def test_addresses_prove_only_when_most_are_at_the_institution() -> None:
    sdsu = Side(1, "school", "San Diego State University", ())
    mixed = Side(2, "school", "Diego State", (
        Member(5, None, None, ("a@sdsu.edu",)), Member(6, None, None, ("b@ucsd.edu",)),
        Member(7, None, None, ("c@ucsd.edu",)),
    ))  # fmt: skip
    assert weigh(sdsu, mixed) is None
    mostly = Side(2, "school", "Diego State", (*mixed.members, Member(8, None, None, ("d@sdsu.edu",)),
                                                           Member(9, None, None, ("e@sdsu.edu",))))  # fmt: skip
    weight = weigh(sdsu, mostly)
    assert weight is not None
    assert weight.proof
    assert "sdsu.edu" in weight.reason


def test_a_domain_that_names_two_institutions_proves_nothing() -> None:
    # swot lists Palmer's West campus under palmer.edu: an address there does not tell the two apart.
    west = Side(1, "school", "Palmer College of Chiropractic West", ())
    main = Side(2, "school", "Palmer College of Chiropractic", (Member(5, None, None, ("a@palmer.edu",)),))
    assert weigh(west, main) is None


def test_addresses_never_overrule_a_name_that_is_another_institution() -> None:
    sdsu = Side(1, "school", "San Diego State University", ())
    usd = Side(2, "school", "University of San Diego", (Member(5, None, None, ("bo@sdsu.edu",)),))
    assert weigh(sdsu, usd) is None
