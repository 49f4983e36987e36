"""Use cases for gatherings: who a host should invite, and matchmaking rounds of a community.

The planner's value matrix is built here from the store (the solvers in
:mod:`kithkin.gatherings` and :mod:`kithkin.matchmaking` never see it):

* **new-connection value** of two guests who are *not* tied: their common
  ground as :mod:`kithkin.common_ground` weighs it — the rarity of each group
  they share (times the kind factor) plus the decaying worth of mutual
  contacts. Tied pairs are worth 0: they already know each other.
* **bridging**: the host's contacts fall into *circles* (label propagation on
  the ties among them); a new pair from two different circles is worth
  ``(1 + BRIDGE_FACTOR)`` times its common ground plus ``BRIDGE_BASE``. The
  goal "bridge the circles" raises both.
* **goals**: "help me reach Dana" pulls in Dana and, by tie strength, people who
  know her; a topic or kind ("local business", "community") pulls in people
  affiliated with matching groups. A pull ``u`` on a guest is spread over the
  ``seats - 1`` pairs they are in, so a full list gains exactly ``u``. Pulls are
  counted in *guests' worth* — what a typical member of this pool brings in new
  connections with the best of the others (:func:`_worth`) — so that a goal
  weighs the same whatever the scale of the pool's common ground: Dana herself
  is worth ``REACH_SELF`` guests, someone who knows her ``REACH_FRIEND`` times
  their tie's strength, someone fitting a topic ``TOPIC_PULL``.
* **comfortable** pairs (nobody stands alone): tied, or common ground of at
  least ``COMFORT_GROUND``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp

from kithkin.common_ground import KIND_FACTOR, MUTUAL_BASE, MUTUAL_DECAY, rarity
from kithkin.dates import parse_day, parse_time
from kithkin.errors import InputError, about
from kithkin.gatherings import (
    Plan,
    Problem,
    circles,
    introductions,
    plan_exact,
    plan_heuristic,
    pool_strengths,
    seat,
)
from kithkin.identity import name_key
from kithkin.model import GroupKind, Person
from kithkin.services.common_ground import compare
from kithkin.services.groups import lookup_group, no_such_group
from kithkin.services.people import resolve_person
from kithkin.services.snapshot import Snapshot, snapshot
from kithkin.sources.icalendar.invitation import Invitee, write_invitation
from kithkin.store import Store
from kithkin.text import first_name, plural, when

BRIDGE_FACTOR, BRIDGE_BASE = 0.5, 0.25
#: With the goal "bridge the circles".
BRIDGE_GOAL_FACTOR, BRIDGE_GOAL_BASE = 1.5, 1.5
COMFORT_GROUND = 2.5
#: Goals' pulls, in guests' worth (see the module docstring).
REACH_SELF, REACH_FRIEND, TOPIC_PULL = 1.5, 1.0, 0.5
POOL_LIMIT = 5000
EXACT_LIMIT = 60
#: How long the exact solver may run before it stops and says what it proved (a bound), not an optimum.
EXACT_SECONDS = 30.0


@dataclass(frozen=True)
class PlanRequest:
    """`kithkin gathering plan`, as typed; empty filters do not filter."""

    host: str
    seats: int
    tag: str | None = None
    city: str | None = None
    community: str | None = None
    must: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    apart: tuple[tuple[str, str], ...] = ()
    goal: str | None = None
    exact: bool = False
    tables: int | None = None
    #: The day common ground is told as of (past events "attended", coming ones "going to"); default today.
    today: dt.date | None = None


@dataclass(frozen=True)
class Guest:
    person: Person
    reason: str
    circle: int  # -1: in none of the host's circles


@dataclass(frozen=True)
class Introduction:
    a: Person
    b: Person
    why: str
    opener: str
    value: float
    seating: str | None = None  # where the two sit, in words, when the guests are seated at tables
    #: Who would say the opener: ``a``'s first name when it is ``a``'s words to ``b`` (from what they share: "Ask
    #: Hui-Ling which team…" is not the host's to say), "" when it is the host's own.
    opener_by: str = ""


@dataclass(frozen=True)
class GatheringPlan:
    host: Person
    guests: tuple[Guest, ...]
    introductions: tuple[Introduction, ...]
    value: float
    pool: int
    exact_value: float | None = None  # the exact solver's best list's value
    gap: float | None = None  # 1 - value / exact_bound: the gap itself when proved, at most that otherwise
    #: No list scores more (the optimum when ``proved``); the solver's bound when it stopped at
    #: :data:`EXACT_SECONDS` without a proof.
    exact_bound: float | None = None
    proved: bool = False
    tables: tuple[tuple[Person, ...], ...] = ()
    new_pairs: int = 0  # pairs of guests who do not know each other yet and have something in common


@dataclass
class _Pool:
    """The candidates (store ids) and the matrices the solver needs."""

    ids: list[int]
    new: np.ndarray
    value: np.ndarray
    comfortable: np.ndarray
    tied: np.ndarray
    circle: np.ndarray
    pull: np.ndarray
    pull_reason: dict[int, str] = field(default_factory=dict)


def plan(store: Store, request: PlanRequest) -> GatheringPlan:
    """Who ``request.host`` should invite (see the module docstring for the objective)."""
    host = resolve_person(store, request.host)
    assert host.id is not None
    must = [resolve_person(store, r).id or 0 for r in request.must]
    never = [resolve_person(store, r).id or 0 for r in request.never]
    if host.id in must or host.id in never:
        raise InputError(f"{host.name} is the host: leave them out of --must and --never")
    reach = _reach_target(store, request.goal, host.id)
    ids = _pool_ids(store, host.id, request, must, reach)
    if request.exact and len(ids) > EXACT_LIMIT:
        raise InputError(f"--exact handles pools up to {EXACT_LIMIT}, not {len(ids)}: narrow the pool")
    pool = _matrices(store, snapshot(store, today=request.today), host.id, ids, request, reach)
    at = {pid: i for i, pid in enumerate(ids)}
    apart = frozenset((at[a], at[b]) for a, b in (_pair_ids(store, p) for p in request.apart) if a in at and b in at)
    problem = Problem(
        pool.value, pool.comfortable, request.seats, frozenset(at[m] for m in must),
        frozenset(at[n] for n in never if n in at), apart,
    )  # fmt: skip
    found = plan_heuristic(problem)
    exact = plan_exact(problem, time_limit=EXACT_SECONDS, start=found.guests) if request.exact else None
    chosen = found.guests
    intros = _reaching(store, host, reach, pool, chosen, request.today) if reach is not None else ()
    return _describe(store, host, pool, chosen, found.value, exact, request, set(must), intros)


#: How long a gathering given a start and no end is written to last (the CLI's and the page's help say so).
DEFAULT_HOURS = 2
#: An end before the start is the next day's ("22:00 until 01:00") up to this long; beyond, it is a slip.
MOST_HOURS_PAST_MIDNIGHT = 12


@dataclass(frozen=True)
class Occasion:
    """When and where a planned gathering is, as typed: the day, and optionally a start, an end and a place."""

    day: str
    start: str = ""
    end: str = ""
    where: str = ""
    title: str = ""


def invitation(view: GatheringPlan, occasion: Occasion, *, today: dt.date) -> tuple[bytes, str]:
    """An iCalendar invitation to the planned gathering, from the host to every guest, and when it is in words.

    A day before ``today`` is refused (an invitation to the past is a slip); an end at or before the start is the
    next day's ("22:00 until 01:00") when that makes at most :data:`MOST_HOURS_PAST_MIDNIGHT` hours, refused
    beyond; a start with no end lasts :data:`DEFAULT_HOURS`, and the words say so.
    """
    with about("on"):
        day = parse_day(occasion.day, today=today)
    if day < today:
        raise InputError(f"{day:%-d %B %Y} is before today: an invitation is for a day to come", field="on")
    with about("start"):
        start = parse_time(occasion.start) if occasion.start.strip() else None
    with about("end"):
        end = parse_time(occasion.end) if occasion.end.strip() else None
    if end is not None and start is None:
        raise InputError("an end time needs a start time", field="start")
    hours, said = None, when(day) + ("" if start is not None else ", all day")
    if start is not None:
        begins = dt.datetime.combine(day, start)
        ends = begins + dt.timedelta(hours=DEFAULT_HOURS) if end is None else dt.datetime.combine(day, end)
        if ends <= begins:
            ends += dt.timedelta(days=1)
            if ends - begins > dt.timedelta(hours=MOST_HOURS_PAST_MIDNIGHT):  # 21:00 "until 18:00": a slip
                raise InputError(
                    f"the end ({end:%H:%M}) is before the start ({start:%H:%M}): an evening may run past midnight, "
                    f"not {(ends - begins).seconds // 3600} hours", field="end",
                )  # fmt: skip
        hours = (begins, ends)
        said += f", {begins:%H:%M}–{ends:%H:%M}" + (" (the next day)" if ends.date() > day else "")
        said += f" ({DEFAULT_HOURS} hours: no end given)" if end is None else ""
    where = " ".join(occasion.where.split())
    said += f", at {where}" if where else ""
    guests = [Invitee(g.person.name, next(iter(g.person.emails), None)) for g in view.guests]
    host = Invitee(view.host.name, next(iter(view.host.emails), None))
    name = occasion.title.strip() or f"Gathering hosted by {view.host.name}"
    data = write_invitation(name, day, host, guests, stamp=dt.datetime.now(dt.UTC), hours=hours, location=where)
    return data, said


def parse_pairs(texts: Sequence[str], option: str = "--apart") -> tuple[tuple[str, str], ...]:
    """Pairs who should not meet, each typed as two people separated by a comma ("A, B"); blank ones skipped.
    ``option`` names where they were typed, in the error.

    >>> parse_pairs(["Dana Reyes, Sam Ito", " "])
    (('Dana Reyes', 'Sam Ito'),)
    """
    found = []
    for text in texts:
        if not text.strip():
            continue
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 2 or not all(parts):
            raise InputError(f"{option} takes two people separated by a comma, not {text!r}")
        found.append((parts[0], parts[1]))
    return tuple(found)


def _pair_ids(store: Store, text: tuple[str, str]) -> tuple[int, int]:
    a, b = (resolve_person(store, ref) for ref in text)
    if a.id == b.id:
        raise InputError(f"--apart needs two different people, not {a.name} twice")
    return a.id or 0, b.id or 0


def _reach_target(store: Store, goal: str | None, host: int) -> Person | None:
    """The person a "reach NAME" goal names, if the goal is one."""
    match = _REACH.match(goal.strip()) if goal else None
    if match is None:
        return None
    target = resolve_person(store, match[1])
    if target.id == host:
        raise InputError("that goal names the host: name someone else to reach")
    return target


def _pool_ids(store: Store, host: int, request: PlanRequest, must: Sequence[int], reach: Person | None) -> list[int]:
    """The host's contacts, or everyone matching every filter given; plus the must-invites and the person a
    "reach NAME" goal names (invited with someone who knows them); never the host."""
    chosen: set[int] | None = None
    if request.tag:
        chosen = {p.id for p in store.list_people(tag=request.tag) if p.id is not None}
    for kind, name in ((GroupKind.PLACE, request.city), (GroupKind.COMMUNITY, request.community)):
        if name:
            group = lookup_group(store, kind, name)
            if group is None:
                raise no_such_group(store, kind, name)
            members = set(store.members(group.id or 0))
            chosen = members if chosen is None else chosen & members
    ids = (set(store.neighbours(host)) if chosen is None else chosen) | set(must)
    if reach is not None:
        ids.add(reach.id or 0)  # whom the host wants to reach may come too
    ids.discard(host)
    if not ids:
        raise InputError("the pool of people to invite is empty: add ties, or loosen --pool/--city/--community")
    if len(ids) > POOL_LIMIT:
        raise InputError(f"a pool of {len(ids):,} is too large (limit {POOL_LIMIT:,}): narrow it with filters")
    return sorted(ids)


def _matrices(
    store: Store, snap: Snapshot, host: int, ids: list[int], request: PlanRequest, reach: Person | None
) -> _Pool:
    idx = np.array([snap.index(p) for p in ids], dtype=np.int64)
    leave_out = _group_id(store, GroupKind.COMMUNITY, request.community) if request.community else None
    ground = _common_ground(store, snap, idx, leave_out, snap.index(host))
    strength = pool_strengths(snap.a, snap.b, snap.strength, idx, len(snap.ids))
    tied = strength > 0
    circle = circles(strength)
    bridge = bool(request.goal and "bridge" in request.goal.lower())
    factor, base = (BRIDGE_GOAL_FACTOR, BRIDGE_GOAL_BASE) if bridge else (BRIDGE_FACTOR, BRIDGE_BASE)
    cross = (circle[:, None] != circle[None, :]) & (circle[:, None] >= 0) & (circle[None, :] >= 0)
    new = np.where(tied, 0.0, ground * (1 + factor * cross) + base * cross)
    np.fill_diagonal(new, 0.0)
    comfortable = tied | (ground >= COMFORT_GROUND)
    np.fill_diagonal(comfortable, False)
    no_goal = bridge or not request.goal
    pull, reasons = (np.zeros(len(ids)), {}) if no_goal else _goal(store, request.goal or "", ids, snap, reach)
    pull = pull * _worth(new, request.seats)
    spread = (pull[:, None] + pull[None, :]) / max(request.seats - 1, 1)
    value = new + spread
    np.fill_diagonal(value, 0.0)
    return _Pool(ids, new, value, comfortable, tied, circle, pull, reasons)


def _group_id(store: Store, kind: GroupKind, name: str) -> int:
    group = lookup_group(store, kind, name)
    if group is None:
        raise no_such_group(store, kind, name)
    return group.id or 0


def _common_ground(store: Store, snap: Snapshot, idx: np.ndarray, leave_out: int | None, host: int) -> np.ndarray:
    """Pairwise common ground of the pool: rarity-weighted shared groups plus decaying mutual contacts
    (other than the host, whom every guest knows)."""
    n, people = len(idx), len(snap.ids)
    where = np.full(people, -1, dtype=np.int64)
    where[idx] = np.arange(n)
    sizes = np.bincount(snap.group)
    inside = (where[snap.member] >= 0) & (snap.group != (leave_out or -1))
    rows, groups = where[snap.member[inside]], snap.group[inside]
    used, column = np.unique(groups, return_inverse=True)
    kinds = store.get_groups(used.tolist())
    weight = np.array([rarity(int(sizes[g]), people) * KIND_FACTOR.get(kinds[int(g)].kind, 1.0) for g in used])
    member = sp.csr_array((np.ones(len(rows)), (rows, column)), shape=(n, len(used)))
    ground = (member @ sp.diags_array(weight) @ member.T).toarray() if len(used) else np.zeros((n, n))
    adj = sp.csr_array((np.ones(2 * len(snap.a)), (np.r_[snap.a, snap.b], np.r_[snap.b, snap.a])), (people, people))
    rows_of = adj[idx].tolil()
    rows_of[:, host] = 0
    mutual = (sp.csr_array(rows_of) @ adj[idx].T).toarray()
    ground += MUTUAL_BASE * (1 - MUTUAL_DECAY**mutual) / (1 - MUTUAL_DECAY)
    np.fill_diagonal(ground, 0.0)
    return np.asarray(ground)


def _worth(new: np.ndarray, seats: int) -> float:
    """What a typical pool member brings: the median, over the pool, of the new-connection value they would
    make with their ``seats - 1`` best partners, halved (each pair is shared by two guests); 1 for a pool
    with no common ground at all."""
    if new.shape[0] < 2:
        return 1.0
    best = -np.sort(-new, axis=1)[:, : max(seats - 1, 1)]
    worth = float(np.median(best.sum(axis=1))) / 2
    return worth if worth > 0 else 1.0


_REACH = re.compile(r"^(?:help me )?(?:reach|meet|get to)\s+(.+)$", re.I)


def _goal(
    store: Store, goal: str, ids: list[int], snap: Snapshot, target: Person | None
) -> tuple[np.ndarray, dict[int, str]]:
    """Per pool member, the pull of the goal (reaching ``target``, or a topic), and why in words."""
    pull, reasons = np.zeros(len(ids)), {}
    at = {pid: i for i, pid in enumerate(ids)}
    if target is not None:
        assert target.id is not None
        if target.id in at:
            pull[at[target.id]], reasons[target.id] = REACH_SELF, "the person you want to reach"
        ti = snap.index(target.id)
        for a, b, s in zip(snap.a.tolist(), snap.b.tolist(), snap.strength.tolist(), strict=True):
            other = int(snap.ids[b if a == ti else a]) if ti in (a, b) else None
            if other in at:
                pull[at[other]] += REACH_FRIEND * max(s, 0.2)
                reasons[other] = f"knows {target.name}, whom you want to reach"
        return pull, reasons
    key = name_key(goal)
    for pid in ids:
        hits = [a.group for a in store.affiliations_of(pid) if key in name_key(a.group.name) or key == a.group.kind]
        if hits:
            pull[at[pid]], reasons[pid] = TOPIC_PULL, f"fits your goal: {hits[0].name}"
    if not reasons:
        raise InputError(f"nobody in the pool fits the goal {goal!r}: try a group's name or kind, or 'reach NAME'")
    return pull, reasons


def _describe(
    store: Store,
    host: Person,
    pool: _Pool,
    chosen: Sequence[int],
    value: float,
    exact: Plan | None,
    request: PlanRequest,
    must: set[int],
    first: tuple[Introduction, ...],
) -> GatheringPlan:
    people = {p.id: p for p in store.get_people([pool.ids[i] for i in chosen])}
    guests = tuple(
        Guest(people[pool.ids[i]], _reason(pool, i, chosen, people, must), int(pool.circle[i])) for i in chosen
    )
    pairs = introductions(pool.new, chosen, max(request.seats // 2, 1) + 2)
    intros = tuple(
        _introduce(
            store, host, people[pool.ids[i]], people[pool.ids[j]], float(pool.new[i, j]), pool, (i, j), request.today
        )
        for i, j in pairs
    )
    intros = (*first, *intros)
    tables: tuple[tuple[Person, ...], ...] = ()
    if request.tables:
        at = {int(pool.ids[i]): i for i in chosen}
        named = [(at[x.a.id], at[x.b.id]) for x in first if x.a.id in at and x.b.id in at]
        seated = seat(pool.new, pool.comfortable, list(chosen), request.tables, together=[*named, *pairs])
        tables = tuple(tuple(people[pool.ids[i]] for i in t) for t in seated)
        intros = tuple(replace(x, seating=_seating(tables, x)) for x in intros)
    new_pairs = sum(1 for i, j in itertools.combinations(sorted(chosen), 2) if pool.new[i, j] > 0)
    found = GatheringPlan(host, guests, intros, value, len(pool.ids), tables=tables, new_pairs=new_pairs)
    if exact is None:
        return found
    bound = exact.value if exact.bound is None else exact.bound
    gap = max(1 - value / bound, 0.0) if bound > 0 else 0.0
    return replace(found, exact_value=exact.value, gap=gap, exact_bound=bound, proved=exact.optimal)


def _seating(tables: Sequence[Sequence[Person]], intro: Introduction) -> str | None:
    """Where the two people of an introduction sit, in words: the seating puts the first introductions at
    one table, but with more introductions than the tables hold some pairs sit apart, and the host has to
    know to introduce those before everyone sits down."""
    table_of = {p.id: number for number, table in enumerate(tables, start=1) for p in table}
    a, b = table_of.get(intro.a.id), table_of.get(intro.b.id)
    if a is not None and a == b:
        return f"both sit at table {a}"
    if a is not None and b is not None:
        return f"they sit at tables {min(a, b)} and {max(a, b)} — introduce them before everyone sits down"
    seated, number = (intro.a, a) if a is not None else (intro.b, b)
    return None if number is None else f"{seated.name} sits at table {number}"


def _reason(pool: _Pool, i: int, chosen: Sequence[int], people: dict[int | None, Person], must: set[int]) -> str:
    """Why this guest, in plain words."""
    pid, others = pool.ids[i], [j for j in chosen if j != i]
    parts = ["you asked for them"] if pid in must else []
    if pid in pool.pull_reason:
        parts.append(pool.pull_reason[pid])
    fresh = [j for j in others if pool.new[i, j] > 0]
    if fresh:
        best = max(fresh, key=lambda j: pool.new[i, j])
        met = f"has something in common with {plural(len(fresh), 'guest')} and no recorded tie to them"
        parts.append(
            f"{met}, {people[pool.ids[best]].name} most of all"
            if len(fresh) > 1
            else f"{met}: {people[pool.ids[best]].name}"
        )
    if any(pool.circle[i] != pool.circle[j] >= 0 for j in fresh) and pool.circle[i] >= 0:
        parts.append("bridges your circles")
    friends = [j for j in others if pool.comfortable[i, j]]
    if friends:
        best = max(friends, key=lambda j: (pool.tied[i, j], pool.new[i, j]))
        friend = people[pool.ids[best]].name
        if not any(friend in part for part in parts):  # "knows Dana, whom you want to reach" says it already
            tied = sum(1 for j in friends if pool.tied[i, j])
            # "knows Mei-Yu Su" said nothing of the other guest Dana knows
            more = f" and {plural(tied - 1, 'other guest')}" if pool.tied[i, best] and tied > 1 else ""
            parts.append(f"{'knows' if pool.tied[i, best] else 'has much in common with'} {friend}{more}")
    return "; ".join(parts)


def _reaching(
    store: Store, host: Person, target: Person, pool: _Pool, chosen: Sequence[int], today: dt.date | None
) -> tuple[Introduction, ...]:
    """The introduction the goal "reach NAME" is for, first: the host to the target through the guest who
    knows them best (or, when the target is not coming, to that guest, to ask about them). The target is in
    the pool (:func:`_pool_ids`), so who knows them is read from the pool's ties."""
    ti = pool.ids.index(target.id or 0)
    coming = ti in chosen
    knowing = [i for i in chosen if i != ti and pool.tied[i, ti]]
    if not coming and not knowing:
        if not pool.tied[:, ti].any():
            raise InputError(f"nobody you could invite knows {target.name}, who cannot come alone: invite someone "
                             "who knows them with --must, or plan without this goal")  # fmt: skip
        return ()
    ground = compare(store, host, target, today=today).items if coming else ()
    # Common ground's sentences open with a common word ("Both …", "Colleagues …"), lower-cased mid-sentence.
    common = f"; {ground[0].sentence[:1].lower()}{ground[0].sentence[1:]}" if ground else ""
    if coming and store.get_tie(host.id or 0, target.id or 0) is not None:
        opener = ground[0].opener if ground else f"Catch up with {first_name(target.name)} early in the evening."
        return (Introduction(host, target, f"the person you want to reach — you know each other already{common}",
                             opener, float(pool.pull[ti])),)  # fmt: skip
    if not knowing:  # coming for common ground with a guest, and nobody there knows them yet
        return ()
    best = max(knowing, key=lambda i: pool.pull[i])
    introducer = store.get_person(pool.ids[best])
    name = first_name(introducer.name)
    if not coming:
        return (Introduction(host, introducer, f"knows {target.name}, whom you want to reach",
                             f"Ask {name} about {first_name(target.name)}, and whether they would introduce you.",
                             float(pool.pull[best])),)  # fmt: skip
    opener = f"Ask {name} to introduce you to {first_name(target.name)} early in the evening." + (
        f" {ground[0].opener}" if ground else ""
    )
    return (Introduction(host, target, f"the person you want to reach; {introducer.name} knows them{common}", opener,
                         float(pool.pull[ti])),)  # fmt: skip


def _introduce(
    store: Store,
    host: Person,
    a: Person,
    b: Person,
    value: float,
    pool: _Pool,
    pair: tuple[int, int],
    today: dt.date | None,
) -> Introduction:
    i, j = pair
    items = [item for item in compare(store, a, b, today=today).items if item.contact_id != host.id]
    if items:
        top = items[0]
        return Introduction(a, b, top.sentence, top.opener, value, opener_by=first_name(a.name))
    why = "from different circles of yours, and they have not met" if pool.circle[i] != pool.circle[j] else "new"
    opener = f"Tell {first_name(a.name)} how you know {first_name(b.name)}, and what each of them is working on."
    return Introduction(a, b, why, opener, value)
