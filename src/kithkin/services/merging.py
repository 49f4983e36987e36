"""`kithkin merges` and `kithkin unmerge`: reviewing proposed merges, and undoing any merge.

A merge never loses anything: the absorbed person's own facts are first given
a record of their own (source ``merge``) holding a snapshot of them, so that
unmerging detaches exactly what they brought. An unmerged pair is remembered
as rejected and is not proposed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kithkin.errors import InputError, about
from kithkin.identity import contact_key, name_key
from kithkin.model import Person
from kithkin.services.paging import MAX_PAGE, check_limit, cut, read_cursor
from kithkin.services.people import resolve_person
from kithkin.sources.records import Membership, Record, record_from_json, record_to_json
from kithkin.store import Store
from kithkin.store.records import Proposal, RecordRow
from kithkin.store.rows import AliasRow, ContactRow, MergeRow, TagRow

MERGE_SOURCE = "merge"


@dataclass(frozen=True)
class ProposalView:
    """A proposal with both people, for review."""

    proposal: Proposal
    a: Person
    b: Person


def proposals(store: Store, status: str = "open") -> list[ProposalView]:
    """Proposed merges, strongest evidence first (``rejected``: those kept apart). Accepted ones are no longer two
    people: :func:`merges_done` lists them, with the other merges."""
    if status not in ("open", "rejected"):
        raise InputError("status is open or rejected (the merges done: kithkin merges --done)", field="status")
    return _views(store, store.proposals(status))


@dataclass(frozen=True)
class MergeDone:
    """A merge not undone: who the two are now, why they were merged, when, and how to undo it."""

    person: Person
    source: str  # where the record merged in came from ("merge": a person of the store, by hand or accepted)
    reason: str
    at: str
    undo: str


def merges_done(store: Store, limit: int = 50) -> list[MergeDone]:
    """The merges done (on import by strong evidence, proposals accepted, by hand), newest first: "merges --status
    accepted" listed nothing, since an accepted proposal's two people are one."""
    log = store.merge_log(limit)
    people = {p.id: p for p in store.get_people(sorted({pid for _, pid, *_ in log}))}
    return [
        MergeDone(people[pid], source, reason, at, f"kithkin unmerge '#{pid}' --record {rid}")
        for _, pid, rid, source, reason, at in log
        if pid in people
    ]


@dataclass(frozen=True)
class ProposalsPage:
    """One page of proposals, strongest evidence first, and the cursor of the next (None on the last)."""

    views: tuple[ProposalView, ...]
    next_cursor: str | None


def proposals_page(store: Store, *, status: str = "open", cursor: str | None = None, limit: int = 50) -> ProposalsPage:
    """Proposed merges one page at a time: ``cursor`` is the ``next_cursor`` of the page before."""
    if status not in ("open", "rejected"):
        raise InputError("status is open or rejected", field="status")
    check_limit(limit, MAX_PAGE, "proposals")
    after = None
    if cursor:
        score, pid = read_cursor(cursor, (float, int))
        after = (float(score), int(pid))
    shown, next_cursor = cut(store.proposals_page(status, after, limit + 1), limit, lambda p: (p.score, p.id))
    return ProposalsPage(tuple(_views(store, shown)), next_cursor)


def _views(store: Store, found: list[Proposal]) -> list[ProposalView]:
    people = {p.id: p for p in store.get_people(sorted({x for p in found for x in (p.a, p.b)}))}
    return [ProposalView(p, people[p.a], people[p.b]) for p in found if p.a in people and p.b in people]


def _snapshot(store: Store, person: Person) -> Record:
    memberships = tuple(
        Membership(a.group.kind, a.group.name, a.role, a.start, a.end, a.group.on)
        for a in store.affiliations_of(person.id or 0)
    )
    return Record(
        key=f"person:{person.id}",
        name=person.name,
        aliases=person.aliases,
        contacts=person.contacts,
        tags=person.tags,
        notes=person.notes,
        # was left out: a merge lost the absorbed person's birthday for good
        birthday=store.birthdays([person.id or 0]).get(person.id or 0, ""),
        memberships=memberships,
    )


def accept_proposal(store: Store, proposal_id: int) -> Person:
    """Merge the two people of a proposal into the one with the lower id; returns them merged."""
    proposal = store.get_proposal(proposal_id)
    if proposal.status != "open":
        raise InputError(f"proposal #{proposal_id} was already {proposal.status}")
    return _merge(store, proposal.a, proposal.b, f"accepted proposal #{proposal_id}: {proposal.reason}")


def merge_pair(store: Store, keep_ref: str, gone_ref: str) -> tuple[Person, Person]:
    """The two people a merge by hand would make one (to show them before asking); refused (field ``other``)
    when ``gone_ref`` names nobody or the same person."""
    keep = resolve_person(store, keep_ref)
    with about("other"):
        gone = resolve_person(store, gone_ref)
        if keep.id == gone.id:
            raise InputError(f"{keep.name} is the same person twice; name two people")
    return keep, gone


def merge_changes(store: Store, keep: Person, gone: Person) -> list[str]:
    """What a merge of ``gone`` into ``keep`` would set aside or change beyond joining the two, in words, to say
    before it is done: a birthday that differs, a keep-in-touch cadence taken over (a merged duplicate's "every 90
    days" replaced "every 30 days (everyone tagged inner-circle)" without a word). Unmerging gives each back."""
    assert keep.id is not None
    assert gone.id is not None
    said: list[str] = []
    born = store.birthdays([keep.id, gone.id])
    if born.get(keep.id) and born.get(gone.id) and born[keep.id] != born[gone.id]:
        said.append(f"the birthdays differ: {keep.name}'s ({born[keep.id]}) is kept, {gone.name}'s "
                    f"({born[gone.id]}) set aside")  # fmt: skip
    mine, theirs = store.cadence_of(keep.id), store.cadence_of(gone.id)
    if theirs is not None and theirs[1] is None and (mine is None or mine[1] is not None):
        was = "no keep-in-touch cadence" if mine is None else f"every {mine[0]} days (everyone tagged {mine[1]})"
        said.append(f"{gone.name}'s keep-in-touch, every {theirs[0]} days, becomes {keep.name}'s (was: {was})")
    elif theirs is not None and theirs[1] is None and mine is not None and mine[0] != theirs[0]:
        said.append(f"{keep.name}'s keep-in-touch, every {mine[0]} days, stays; {gone.name}'s (every "
                    f"{theirs[0]} days) is set aside")  # fmt: skip
    return said


def merge(store: Store, keep_ref: str, gone_ref: str) -> Person:
    """Merge two people the user says are one (``gone_ref`` into ``keep_ref``); undoable with
    :func:`unmerge` like every other merge."""
    keep, gone = merge_pair(store, keep_ref, gone_ref)
    assert keep.id is not None
    assert gone.id is not None
    return _merge(store, keep.id, gone.id, f"merged by hand: {gone.name} is {keep.name}")


def accept_all(store: Store, *, rule: str | None = None) -> list[Person]:
    """Accept every open proposal (or those whose reason contains ``rule``, e.g. "same email"), strongest
    first, in one transaction; a proposal whose people an earlier one already merged is skipped."""
    merged = []
    with store.transaction():
        for proposal in store.proposals("open"):
            if rule is not None and rule.lower() not in proposal.reason.lower():
                continue
            if not store.get_people([proposal.a, proposal.b])[1:]:
                continue  # one of the two is gone already (merged by an earlier proposal)
            merged.append(accept_proposal(store, proposal.id))
    return merged


def _merge(store: Store, keep: int, gone: int, reason: str) -> Person:
    """Merge person ``gone`` into ``keep``, keeping what ``gone`` was as a record of its own (undoable)."""
    with store.transaction():
        absorbed = store.get_person(gone)
        sid = store.source_id(MERGE_SOURCE)
        rid = store.adopt_manual_facts(gone, sid, f"person:{gone}", record_to_json(_snapshot(store, absorbed)))
        kept, born = store.get_person(keep), store.birthdays([keep, gone])
        birthday = born.get(keep) or born.get(gone, "")
        store.join_merged_fields(keep, rid, notes=joined_notes(kept.notes, absorbed.notes), birthday=birthday)
        store.note_merge_moves(gone, keep, rid)
        store.move_person(gone, keep)
        if name_key(absorbed.name) != name_key(store.get_person(keep).name):
            store.add_aliases([AliasRow(keep, absorbed.name, name_key(absorbed.name), sid, rid)])
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        store.add_merge(MergeRow(keep, rid, reason, now))
    return store.get_person(keep)


def joined_notes(kept: str, absorbed: str) -> str:
    """Both people's notes, each once (a merge kept only the first's).

    >>> joined_notes("met at PyCon", ""), joined_notes("", "runs"), joined_notes("a", "b"), joined_notes("ab", "b")
    ('met at PyCon', 'runs', 'a\\n\\nb', 'ab')
    """
    if not absorbed.strip() or absorbed.strip() in kept:
        return kept
    return f"{kept}\n\n{absorbed}" if kept.strip() else absorbed


def undo_command(store: Store, person: Person) -> str:
    """How to undo the latest merge into ``person``: ``kithkin unmerge '#2'`` took the later of two records only,
    and with more it asked for one ("choose one with --record"), so the record is named."""
    rows = [r for r in store.records_of(person.id or 0) if r.source == MERGE_SOURCE]
    return f"kithkin unmerge '#{person.id}' --record {rows[-1].id}" if rows else f"kithkin unmerge '#{person.id}'"


def reject_proposal(store: Store, proposal_id: int) -> Proposal:
    """Keep the two people of a proposal apart, now and in later imports."""
    proposal = store.get_proposal(proposal_id)
    store.set_proposal(proposal.a, proposal.b, "rejected")
    return store.get_proposal(proposal_id)


def records(store: Store, ref: str) -> list[RecordRow]:
    """The records a person is made of, oldest first."""
    return store.records_of(resolve_person(store, ref).id or 0)


def splittable(rows: list[RecordRow]) -> list[RecordRow]:
    """The records (of :func:`records`) that :func:`unmerge` can split off: none for a person made of one.
    A person typed in by hand has no record of their own: a merge into them is still a record to split off."""
    merged_into_typed = len(rows) == 1 and rows[0].source == MERGE_SOURCE
    return rows if len(rows) >= 2 or merged_into_typed else []


def unmerge(store: Store, ref: str, *, source: str | None = None, record: int | None = None) -> Person:
    """Split one record (by id, or the one from ``source``) off a person into a person of its own.

    With neither given and exactly two records, the later one is split off.
    Returns the new person.
    """
    person = resolve_person(store, ref)
    rows = store.records_of(person.id or 0)
    chosen = _choose(person, rows, source, record)
    payload = record_from_json(chosen.payload)
    from_merge = chosen.source == MERGE_SOURCE and chosen.key.startswith("person:")
    with store.transaction():
        sid = store.source_id(chosen.source)
        new = store.detach_record(
            chosen.id,
            name=payload.name,
            name_key=name_key(payload.name),
            notes=payload.notes,
            birthday=payload.birthday,
            source_id=sid,
            former_id=int(chosen.key.removeprefix("person:")) if from_merge else None,
        )
        if chosen.source == MERGE_SOURCE:
            # what the merge moved with them: their other records, follow-ups, goals, cadence, meetings
            store.undo_merge_moves(chosen.id, person.id or 0, new)
        # Values the merge had found on both people were kept once; give the split-off person theirs back.
        store.add_contacts(
            [
                ContactRow(new, c.kind.value, c.value, contact_key(c.kind.value, c.value), c.label, sid, chosen.id)
                for c in payload.contacts
                if contact_key(c.kind.value, c.value)
            ],
        )
        store.add_tags([TagRow(new, t, sid, chosen.id) for t in payload.tags])
        store.drop_alias_of_self(new)
        if from_merge:  # what they typed is theirs again, no record to split off ("Split off" was offered still)
            store.drop_record(chosen.id)
        store.set_proposal(person.id or 0, new, "rejected", "unmerged")
    return store.get_person(new)


def _choose(person: Person, rows: list[RecordRow], source: str | None, record: int | None) -> RecordRow:
    listing = "; ".join(f"#{r.id} from {r.source}" for r in rows)
    merged_into_typed = len(rows) == 1 and rows[0].source == MERGE_SOURCE
    if not splittable(rows):
        raise InputError(f"{person.name} is made of one record only: there is nothing to unmerge")
    if record is not None:
        matches = [r for r in rows if r.id == record]
    elif source is not None:
        # the whole label ("linkedin:Basic_LinkedInDataExport.zip") or its format alone ("linkedin")
        matches = [r for r in rows if r.source == source] or [r for r in rows if r.source.split(":")[0] == source]
    else:
        matches = rows[-1:] if len(rows) == 2 or merged_into_typed else []
        if not matches:
            raise InputError(f"{person.name} is made of {len(rows)} records ({listing}): choose one with --record")
    if len(matches) != 1:
        raise InputError(f"choose one of {person.name}'s records: {listing}", field="record")
    return matches[0]
