"""Identity resolution and saving, on record streams, into real SQLite files.

The format parsers have their own tests; here the records are written by hand
so each merge rule can be checked on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

from kithkin.errors import SourceError
from kithkin.model import Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.services.merging import accept_proposal, reject_proposal, unmerge
from kithkin.services.resolving import Importer, ImportReport
from kithkin.sources.records import ME, Item, Link, Meeting, Membership, Record
from kithkin.store import Store

TODAY = dt.date(2026, 11, 20)


def email(value: str) -> Contact:
    return Contact(ContactKind.EMAIL, value)


def phone(value: str) -> Contact:
    return Contact(ContactKind.PHONE, value)


def run(store: Store, items: Iterable[Item], source: str = "test:file") -> ImportReport:
    report = ImportReport("file", "test", source)
    with store.transaction():
        Importer(store, report, TODAY).run(items)
    return report


def dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = {}
    for table in store.data_tables():
        if table != "meta":
            tables[table] = list(store.table_rows(table)[1])
    return tables


QUALCOMM = Membership(GroupKind.EMPLOYER, "Qualcomm", role="Engineer")


def test_strong_keys_merge_across_sources_and_keep_both_values(store: Store) -> None:
    run(store, [Record("a", "Dana Reyes", contacts=(email("Dana@Example.com"), phone("(619) 555-0100")))], "vcard:a")
    report = run(store, [Record("b", "D. Reyes", contacts=(phone("+1 619 555 0100"),), tags=("climbing",))], "csv:b")
    assert (report.added, report.merged) == (0, 1)
    assert "same phone +1 619 555 0100" in report.merges[0]
    [pid] = store.people_named("dana reyes")
    person = store.get_person(pid)
    assert person.name == "Dana Reyes"
    assert "D. Reyes" in person.aliases
    assert person.tags == ("climbing",)
    assert len(store.records_of(pid)) == 2


def test_reimport_is_idempotent_and_a_newer_export_updates_only_what_changed(store: Store) -> None:
    first = [
        Record("u1", "Ann Lee", contacts=(email("ann@x.org"),), memberships=(QUALCOMM,)),
        Record("u2", "Bo Chen", contacts=(email("bo@x.org"),)),
    ]
    run(store, first)
    before = dump(store)
    again = run(store, first)
    assert (again.added, again.merged, again.updated, again.unchanged) == (0, 0, 0, 2)
    assert dump(store) == before
    newer = [Record("u1", "Ann Lee", contacts=(email("ann@new.org"),), memberships=(QUALCOMM,)), first[1]]
    report = run(store, newer)
    assert (report.updated, report.unchanged) == (1, 1)
    [pid] = store.people_named("ann lee")
    assert store.get_person(pid).emails == ("ann@new.org",)


def test_similar_name_and_shared_employer_only_proposes(store: Store) -> None:
    run(store, [Record("1", "Dana Reyes", memberships=(QUALCOMM,))], "a:1")
    report = run(store, [Record("2", "Diana Reyes", memberships=(QUALCOMM,))], "b:2")
    assert report.added == 1
    assert report.merged == 0
    assert report.proposals == 1
    [proposal] = store.proposals()
    assert "Qualcomm" in proposal.reason
    assert store.count_people() == 2


def test_a_name_alone_never_merges_and_common_names_are_not_proposed(store: Store) -> None:
    run(store, [Record(str(i), "John Smith", line=i) for i in range(8)])
    assert store.count_people() == 8
    assert store.proposals() == [] or all(p.score <= 0.5 for p in store.proposals())


def test_accept_then_unmerge_restores_both_people(store: Store) -> None:
    run(store, [Record("1", "Dana Reyes", contacts=(email("dana@a.com"),), memberships=(QUALCOMM,))], "a:1")
    run(store, [Record("2", "Diana Reyes", contacts=(email("diana@b.com"),), memberships=(QUALCOMM,))], "b:2")
    [proposal] = store.proposals()
    kept = accept_proposal(store, proposal.id)
    assert store.count_people() == 1
    assert set(kept.emails) == {"dana@a.com", "diana@b.com"}
    restored = unmerge(store, f"#{kept.id}", source="b:2")
    assert store.count_people() == 2
    assert restored.name == "Diana Reyes"
    assert restored.emails == ("diana@b.com",)
    assert store.get_person(kept.id or 0).emails == ("dana@a.com",)
    # Unmerged people are not proposed again.
    run(store, [Record("3", "Diana Reyes", memberships=(QUALCOMM,))], "c:3")
    assert all({p.a, p.b} != {kept.id, restored.id} for p in store.proposals())


def test_reject_keeps_the_pair_apart(store: Store) -> None:
    run(store, [Record("1", "Dana Reyes", memberships=(QUALCOMM,))], "a:1")
    run(store, [Record("2", "Diana Reyes", memberships=(QUALCOMM,))], "b:2")
    [proposal] = store.proposals()
    reject_proposal(store, proposal.id)
    assert store.proposals() == []
    assert store.proposals("rejected")[0].id == proposal.id


def test_links_become_ties_with_the_user_and_meetings_interactions(store: Store) -> None:
    items: list[Item] = [
        Record(ME, "Michael Brennan", is_me=True, memberships=(QUALCOMM,)),
        Record("ann", "Ann Lee", contacts=(email("ann@x.org"),)),
        Link(ME, "ann", how="LinkedIn connection", since=FuzzyDate(2020, 1, 16)),
        Meeting("uid-1/2026-11-01", dt.date(2026, 11, 1), "Standup", (ME, "ann")),
        Meeting("uid-1/2027-01-01", dt.date(2027, 1, 1), "Standup", (ME, "ann")),
    ]
    report = run(store, items)
    me = store.me()
    assert me is not None
    assert me.name == "Michael Brennan"
    [ann] = store.people_named("ann lee")
    tie = store.get_tie(min(ann, me.id or 0), max(ann, me.id or 0))
    assert tie is not None
    assert tie.how == "LinkedIn connection"
    assert tie.since == FuzzyDate(2020, 1, 16)
    assert (report.ties, report.meetings) == (1, 1)
    assert run(store, items).meetings == 0


def test_a_bad_record_rolls_back_the_whole_import(store: Store) -> None:
    run(store, [Record("1", "Ann Lee")])
    before = dump(store)

    def items() -> Iterable[Item]:
        yield Record("2", "Bo Chen", contacts=(email("bo@x.org"),))
        raise SourceError("contacts.vcf", "card without END:VCARD", 12, "END")

    with pytest.raises(SourceError, match=r"contacts\.vcf, line 12, field END"):
        run(store, items())
    assert dump(store) == before


# -- never merge two different people on their own (issue 14) ---------------------------------------------------


def test_a_shared_phone_with_names_that_disagree_is_a_proposal_not_a_merge(store: Store) -> None:
    report = run(
        store,
        [
            Record("1", "Ann Smith", contacts=(email("ann@smith.example"), phone("+1 619 555 0147"))),
            Record("2", "Bob Smith", contacts=(email("bob@smith.example"), phone("+1 619 555 0147"))),
        ],
        "vcard:family.vcf",
    )
    assert (report.added, report.merged, report.proposals) == (2, 0, 1)


def test_a_shared_phone_between_people_whose_emails_differ_is_a_proposal(store: Store) -> None:
    run(store, [Record("1", "Sam Lee", contacts=(email("sam@home.example"), phone("+1 619 555 0147")))], "vcard:a")
    report = run(
        store, [Record("2", "Sam Lee", contacts=(email("sam@work.example"), phone("+1 619 555 0147")))], "vcard:b"
    )
    assert (report.added, report.merged, report.proposals) == (1, 0, 1)


@pytest.mark.parametrize("number", ["123456", "+1 555 555 5555", "0000000000", "112"])
def test_short_or_placeholder_numbers_merge_nobody(store: Store, number: str) -> None:
    report = run(
        store,
        [Record("1", "Ann Able", contacts=(phone(number),)), Record("2", "Ann Able", contacts=(phone(number),))],
        "vcard:placeholders.vcf",
    )
    assert report.merged == 0
    assert store.count_people() == 2


def test_a_role_address_shared_by_thousands_is_no_identity_and_costs_no_more_than_its_rows(store: Store) -> None:
    rows = [Record(str(n), f"Member {n:04d} Person", contacts=(email("info@acme.example"),)) for n in range(3000)]
    report = run(store, rows, "directory:acme.csv")
    assert (report.added, report.merged, report.proposals) == (3000, 0, 0)
