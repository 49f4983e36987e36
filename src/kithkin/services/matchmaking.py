"""Use cases for matchmaking rounds: pair every member of a community, keep the history, respect opt-outs.

The value of a pair is their common ground outside the community itself
(rarity-weighted shared groups, as :mod:`kithkin.common_ground` weighs them);
pairs who are already tied are left out of the candidates — an introduction
between friends is wasted. :mod:`kithkin.matchmaking` does the pairing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kithkin.common_ground import KIND_FACTOR, rarity
from kithkin.errors import InputError
from kithkin.matchmaking import candidate_edges, match_strangers, pair_key
from kithkin.model import Group, GroupKind, Person
from kithkin.services.common_ground import compare_many
from kithkin.services.groups import lookup_group, no_such_group
from kithkin.services.people import resolve_person
from kithkin.services.snapshot import Snapshot, snapshot
from kithkin.store import Store
from kithkin.text import first_name, plural

#: Each member's most valuable partners kept as candidates.
TOP_K = 12
#: Above this many pairs, only the first ones are described in words (each costs a common-ground look-up).
DESCRIBED = 100
MATCH_SOURCE = "kithkin match"


@dataclass(frozen=True)
class Pairing:
    a: Person
    b: Person
    value: float
    why: str = ""
    opener: str = ""
    opener_by: str = ""  # ``a``'s first name: the opener is ``a``'s words to ``b``, not the organiser's
    known: bool = False  # the two already know each other (paired only when no one new was left)


@dataclass(frozen=True)
class MatchView:
    community: Group
    on: dt.date
    pairs: tuple[Pairing, ...]
    sat_out: tuple[Person, ...]
    value: float
    round_id: int | None  # None: a dry run, nothing written
    opted_out: int = 0


def community(store: Store, name: str) -> Group:
    group = lookup_group(store, GroupKind.COMMUNITY, name)
    if group is None:
        raise no_such_group(store, GroupKind.COMMUNITY, name)
    return group


def match(store: Store, name: str, *, on: dt.date, dry_run: bool = False, size: int | None = None) -> MatchView:
    """One round for the community ``name``: the best pairs never made before, written unless ``dry_run``.

    ``size`` caps the round at that many pairs: the others sit it out, those who sat out last time first in.
    """
    group = community(store, name)
    gid = group.id or 0
    out = store.opted_out(gid)
    members = [p for p in store.members(gid) if p not in out]
    if len(members) < 2:
        raise InputError(f"{group.name} has {plural(len(members), 'member')} taking part: a round needs at least 2")
    if size is not None and size < 1:
        raise InputError(f"a round needs at least 1 pair, not {size}")
    rested = store.last_sat_out(gid)
    members, waiting = take_part(members, rested, size)
    past = store.past_pairs(gid)
    at = {pid: i for i, pid in enumerate(members)}
    past_idx = {pair_key(at[a], at[b]) for a, b in past if a in at and b in at}
    snap = snapshot(store, today=on)
    known = _ties(snap, members)
    edges = candidate_edges(*_incidence(store, snap, members, gid), TOP_K, forbidden=past_idx | known)
    rest_first = sorted(range(len(members)), key=lambda i: (rested.get(members[i], dt.date.min), members[i]))

    # Two who know each other are paired only when no one new is left for them: the leftovers were paired in
    # order, and two close friends came out "paired to meet someone new" while a round without ties was there.
    def tied_among(loose: Sequence[int]) -> set[tuple[int, int]]:
        among = set(loose)
        return {p for p in known if p[0] in among and p[1] in among}

    found = match_strangers(len(members), edges, forbidden=past_idx, rest_first=rest_first, tied_among=tied_among)
    if not found.pairs:
        raise InputError(f"everyone taking part in {group.name} has already been paired with everyone")
    weight = dict(zip(zip(edges[0].tolist(), edges[1].tolist(), strict=True), edges[2].tolist(), strict=True))
    rows = [(members[x], members[y], weight.get((x, y), 0.0)) for x, y in found.pairs]
    rows.sort(key=lambda r: (-r[2], r[0]))
    sat_out = [members[i] for i in found.sat_out] + waiting
    round_id = None
    if not dry_run:
        round_id = store.save_round(gid, on, rows, sat_out, MATCH_SOURCE)
    resting = tuple(store.get_people(sat_out))
    return MatchView(group, on, _describe(store, rows, gid, on), resting, found.value, round_id, len(out))


def take_part(members: list[int], rested: dict[int, dt.date], size: int | None) -> tuple[list[int], list[int]]:
    """Who takes part in a round of at most ``size`` pairs, and who waits: the latest to sit out go first.

    ``kithkin batch match --pairs`` chooses with this too, so both commands rest the same people.

    >>> take_part([1, 2, 3, 4, 5], {4: dt.date(2026, 1, 1), 5: dt.date(2026, 2, 1)}, 1)
    ([4, 5], [1, 2, 3])
    """
    if size is None or len(members) <= 2 * size:
        return members, []
    order = sorted(members, key=lambda p: (-rested[p].toordinal() if p in rested else 0, p))
    chosen = set(order[: 2 * size])
    return [p for p in members if p in chosen], [p for p in members if p not in chosen]


def forget_round(store: Store, name: str, round_id: int) -> str:
    """Take back a round recorded by mistake ("Record this round" could not be undone): its pairs may be made
    again and who sat it out is forgotten. Says what was done."""
    day = forget_round_day(store, name, round_id)
    return f"forgot the round of {day.strftime('%-d %B %Y')}: its pairs may be made again"


def forget_round_day(store: Store, name: str, round_id: int) -> dt.date:
    """:func:`forget_round`, returning the day of the round forgotten."""
    group = community(store, name)
    day = store.forget_round(group.id or 0, round_id)
    if day is None:
        raise InputError(f"{group.name} has no round #{round_id}", field="round")
    return day


def taking_part(store: Store, name: str) -> tuple[Group, list[Person], list[Person]]:
    """A community's members who take part in its rounds, and those who asked to be left out, by name."""
    group = community(store, name)
    out = store.opted_out(group.id or 0)
    people = sorted(store.get_people(store.members(group.id or 0)), key=lambda p: p.name)
    return group, [p for p in people if p.id not in out], [p for p in people if p.id in out]


def _incidence(store: Store, snap: Snapshot, members: list[int], leave_out: int) -> tuple[sp.csr_array, np.ndarray]:
    """Members x groups (the community itself left out: everyone shares it) and each group's weight."""
    idx = np.array([snap.index(p) for p in members], dtype=np.int64)
    where = np.full(len(snap.ids), -1, dtype=np.int64)
    where[idx] = np.arange(len(idx))
    inside = (where[snap.member] >= 0) & (snap.group != leave_out)
    used, column = np.unique(snap.group[inside], return_inverse=True)
    sizes = np.bincount(snap.group)
    kinds = store.get_groups(used.tolist())
    population = len(snap.ids)
    weight = np.array([rarity(int(sizes[g]), population) * KIND_FACTOR.get(kinds[int(g)].kind, 1.0) for g in used])
    rows = where[snap.member[inside]]
    return sp.csr_array((np.ones(len(rows)), (rows, column)), shape=(len(idx), len(used))), weight


def _ties(snap: Snapshot, members: list[int]) -> set[tuple[int, int]]:
    """Pairs of members (as member indices) who already know each other."""
    where = np.full(len(snap.ids), -1, dtype=np.int64)
    where[[snap.index(p) for p in members]] = np.arange(len(members))
    a, b = where[snap.a], where[snap.b]
    both = (a >= 0) & (b >= 0)
    return {pair_key(int(x), int(y)) for x, y in zip(a[both], b[both], strict=True)}


def _describe(store: Store, rows: list[tuple[int, int, float]], leave_out: int, on: dt.date) -> tuple[Pairing, ...]:
    """Each pair's best reason in words — not "Both know <you>": the organiser knowing both is no news to them."""
    people = {p.id: p for p in store.get_people(sorted({x for r in rows for x in r[:2]}))}
    me = store.me()
    found = []
    for k, (a, b, value) in enumerate(rows):
        why = opener = by = ""
        if value <= 0 and store.get_tie(a, b) is not None:  # a last resort (see match): said, not passed as new
            found.append(Pairing(people[a], people[b], value, "They already know each other: no one new was left "
                                 "for them this round.", known=True))  # fmt: skip
            continue
        if k < DESCRIBED and value > 0:
            found_items = compare_many(store, people[a], [people[b]], today=on, leave_out=leave_out)[0].items
            items = [i for i in found_items if me is None or i.contact_id is None or i.contact_id != me.id]
            if items:
                why, opener, by = items[0].sentence, items[0].opener, first_name(people[a].name)
        found.append(Pairing(people[a], people[b], value, why, opener, by))
    return tuple(found)


def set_opt_out(store: Store, name: str, person_ref: str, *, out: bool) -> tuple[Group, Person]:
    """Take a member out of future rounds of a community (``out``), or back in."""
    group = community(store, name)
    person = resolve_person(store, person_ref)
    if person.id not in store.members(group.id or 0):
        raise InputError(f"{person.name} is not a member of {group.name}")
    store.set_opt_out(group.id or 0, person.id or 0, out=out)
    return group, person


@dataclass(frozen=True)
class PastRound:
    id: int  # what `kithkin gathering match --forget` takes
    on: dt.date
    pairs: tuple[tuple[Person, Person | None, float], ...]


def history(store: Store, name: str) -> tuple[Group, list[PastRound]]:
    """Every round of a community, oldest first (``None`` partner: sat out)."""
    group = community(store, name)
    rounds = store.rounds(group.id or 0)
    ids = sorted({x for _, _, pairs in rounds for a, b, _ in pairs for x in (a, b) if x is not None})
    people = {p.id: p for p in store.get_people(ids)}
    return group, [
        PastRound(rid, day, tuple((people[a], people[b] if b is not None else None, v) for a, b, v in pairs))
        for rid, day, pairs in rounds
    ]
