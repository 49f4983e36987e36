"""Warm introductions: the strongest chains of real ties to someone (or to anyone at an organisation), who
should introduce you, and a request and a note to forward, drafted for you to edit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kithkin.common_ground import CommonGround
from kithkin.errors import InputError
from kithkin.introductions import Chain, draft_note, draft_request, join_draft, split_draft
from kithkin.model import Group, GroupKind, Person, Tie
from kithkin.network.paths import Path, best_paths, cost_matrix, reachable
from kithkin.services.common_ground import compare, compare_many
from kithkin.services.groups import find_group
from kithkin.services.people import resolve_person
from kithkin.services.snapshot import Snapshot, snapshot
from kithkin.store import Store


@dataclass(frozen=True)
class Hop:
    """One tie along a path, with what shows it is real."""

    a: Person
    b: Person
    tie: Tie | None
    strength: float
    last_contact: dt.date | None


@dataclass(frozen=True)
class PathView:
    people: tuple[Person, ...]
    strength: float
    hops: tuple[Hop, ...]


@dataclass(frozen=True)
class Introductions:
    """`kithkin path`: the best paths, who should introduce, a draft request; or why there is none."""

    source: Person
    target: str
    paths: tuple[PathView, ...]
    draft: str
    nearest: tuple[tuple[Person, CommonGround], ...] = ()
    #: A short note for the introducer to forward to the target, so that they can say yes first.
    note: str = ""


def introductions(
    store: Store,
    source_ref: str,
    *,
    target_ref: str | None = None,
    at: str | None = None,
    kind: str | None = None,
    k: int = 3,
    today: dt.date | None = None,
) -> Introductions:
    """The strongest distinct paths from ``source_ref`` to a person, or to anyone at an organisation/school."""
    if (target_ref is None) == (at is None):
        raise InputError("name a person, or --at an organisation or school")
    day = today or dt.date.today()
    source = resolve_person(store, source_ref)
    assert source.id is not None
    snap = snapshot(store, today=day)
    group: Group | None = None
    if target_ref is not None:
        target = resolve_person(store, target_ref)
        assert target.id is not None
        if target.id == source.id:
            raise InputError("that is the same person")
        targets, label = [snap.index(target.id)], target.name
    else:
        assert at is not None
        group = find_group(store, at, kind)
        everyone = [p for p in store.members(group.id or 0) if p != source.id]
        if not everyone:
            raise InputError(f"nobody else in your network is at {group.name}")
        # Those there now (a row with no end, or ending after this year: an open end is read as next year): a
        # way in through someone who left in 2001 is not one. Before, the first path led to a former employee
        # and nothing said so. With no one there now, those who were, said as such.
        now = set(store.affiliated([group.id or 0], start=day.year + 1, now=day.year + 1))
        there = [p for p in everyone if p in now]
        targets = [snap.index(p) for p in there or everyone]
        label = f"someone at {group.name}" if there else f"someone who {_used_to(group)} {group.name}"
    costs = cost_matrix(len(snap.ids), snap.a, snap.b, snap.strength)
    paths = best_paths(costs, snap.index(source.id), targets, k)
    found = _direct_first(snap, costs, source.id, targets, paths, anyone=group is not None)
    if not found:
        return Introductions(source, label, (), "", _nearest(store, snap, costs, source, targets, day))
    views = tuple(_view(store, snap, costs, p.nodes, p.strength, day) for p in found)
    best = views[0]
    if len(best.people) == 2:  # no one to ask: no request to draft
        return Introductions(source, label, views, "")
    ground = compare(store, source, best.people[-1], today=day)
    shared = next((item.we for item in ground.items if item.kind is not None), None)
    # The request goes to the introducer: never tell them about an event they were at themselves ("we both
    # attended your happy hour"); a school or employer they share is still worth saying (leaving those out too
    # dropped "we were colleagues at Qualcomm, overlapping 2002–2008" for "we both went to SDSU, at different times").
    introducer = best.people[1].id or 0
    theirs = {a.group.id for a in store.affiliations_of(introducer)}
    to_introducer = next(
        (item.we for item in ground.items
         if item.group is not None and (item.group.kind is not GroupKind.EVENT or item.group.id not in theirs)),
        None,
    )  # fmt: skip
    where = _where(store, best.people[-1], group, day) if group is not None else ""
    return Introductions(source, label, views, _draft(best, to_introducer, where), note=_note(best, shared))


def _direct_first(
    snap: Snapshot,
    costs: sp.csr_array,
    source: int,
    targets: list[int],
    found: list[Path],
    *,
    anyone: bool,
) -> list[Path]:
    """The paths with someone the source knows directly first — however weak that tie, no introduction is needed
    (before, a stronger two-step path to a friend of 1997's came first, with a request to be introduced); to
    ``anyone`` at a group, no longer path to someone known directly (a way in through Jorge to Jamie, whom the
    source knows), while to one person the other paths stay, as other ways to them."""
    me = snap.index(source)
    known = set(costs.indices[costs.indptr[me] : costs.indptr[me + 1]].tolist()) & set(targets)  # ties in the row
    if known and not any(len(p.nodes) == 2 for p in found):
        nearest = min(known, key=lambda t: (costs[me, t], t))
        found = [Path((me, nearest), float(np.exp(-costs[me, nearest]))), *found]
    direct = [p for p in found if len(p.nodes) == 2]
    return direct + [p for p in found if len(p.nodes) > 2 and not (anyone and p.nodes[-1] in known)]


def _where(store: Store, target: Person, group: Group, day: dt.date) -> str:
    """How the request says where the person is: "at Salesforce" only while they are there (a row with no end,
    or one ending after this year); of someone who left, "who used to work at Salesforce" ("who went to" a
    school, "who was at" anything else). Before, "I'd love to meet Dana Reyes at Salesforce" of someone who
    left in 2016."""
    rows = [a for a in store.affiliations_of(target.id or 0) if a.group.id == group.id]
    if not rows or any(a.end is None or a.end.year > day.year for a in rows):
        return f" at {group.name}"
    return f", who {_used_to(group)} {group.name}"


def _used_to(group: Group) -> str:
    """Of someone no longer at ``group``: "used to work at" an employer, "went to" a school, "was at" the rest."""
    return {GroupKind.EMPLOYER: "used to work at", GroupKind.SCHOOL: "went to"}.get(group.kind, "was at")


def _view(
    store: Store, snap: Snapshot, costs: sp.csr_array, nodes: tuple[int, ...], strength: float, day: dt.date
) -> PathView:
    """People along a path, each hop with its tie, its strength (from the cost matrix) and, for the
    user's own hop, the last contact."""
    people = store.get_people([int(snap.ids[n]) for n in nodes])
    me, first = people[0], people[1]
    assert me.id is not None
    assert first.id is not None
    # The log is the user's: of a path from someone else, no hop has a last contact it could tell (before, the
    # user's own last contact with the first person was put on the source's hop).
    summary = store.contact_summary(me.id, day, day, people=[first.id]) if me.is_me else {}
    hops = []
    for (x, y), (i, j) in zip(itertools.pairwise(people), itertools.pairwise(nodes), strict=True):
        assert x.id is not None
        assert y.id is not None
        when = summary[y.id][0] if x.id == me.id and y.id in summary else None
        hops.append(Hop(x, y, store.get_tie(x.id, y.id), float(np.exp(-costs[i, j])), when))
    return PathView(tuple(people), strength, tuple(hops))


def _chain(path: PathView) -> Chain:
    how = path.hops[1].tie.how if len(path.people) == 3 and path.hops[1].tie else ""
    return Chain([p.name for p in path.people], how)


def _draft(path: PathView, shared: str | None, where: str) -> str:
    return draft_request(_chain(path), shared, where)


def _note(path: PathView, shared: str | None) -> str:
    return draft_note(_chain(path), shared)


def draft_text(view: Introductions) -> str:
    """The request and the note of ``view`` as one text for the user to edit (:func:`with_draft` reads it)."""
    return join_draft(view.draft, view.note)


def with_draft(view: Introductions, text: str) -> Introductions:
    """``view`` with the request and note the user edited (``text``, as :func:`draft_text` wrote it).

    Raises :class:`InputError` when the user emptied it.
    """
    if not text.strip():
        raise InputError("the draft was left empty: nothing written")
    request, note = split_draft(text)
    return dataclasses.replace(view, draft=request, note=note)


def _nearest(
    store: Store, snap: Snapshot, costs: sp.csr_array, source: Person, targets: list[int], today: dt.date
) -> tuple[tuple[Person, CommonGround], ...]:
    """No path: the reachable people who share the most common ground with the (first) target."""
    target = store.get_person(int(snap.ids[targets[0]]))
    near = reachable(costs, snap.index(source.id or 0))
    people = store.get_people([int(snap.ids[i]) for i in near if int(snap.ids[i]) not in (source.id, target.id)][:2000])
    grounds = compare_many(store, target, people, today=today)
    ranked = sorted(zip(people, grounds, strict=True), key=lambda pg: (-pg[1].score, pg[0].name))
    return tuple((p, g) for p, g in ranked[:3] if g.items)
