"""Use cases of the network engine: the graph snapshot, warm introduction paths, people to meet."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kithkin.common_ground import CommonGround
from kithkin.errors import InputError, NoMe
from kithkin.followups import contact_strength, ledger
from kithkin.model import Group, GroupKind, Person, Tie
from kithkin.network.linkpred import Graph, Ranker
from kithkin.network.parallel import Progress
from kithkin.network.paths import best_paths, cost_matrix, reachable
from kithkin.network.strength import tie_strength
from kithkin.services import caches
from kithkin.services.ground import compare, compare_many
from kithkin.services.people import parse_kind, resolve_person
from kithkin.store import Store
from kithkin.text import first_name


@dataclass(frozen=True)
class Snapshot:
    """The store as arrays: dense indices for people, ties with strengths, memberships."""

    revision: int
    ids: np.ndarray  # dense index -> person id
    a: np.ndarray
    b: np.ndarray
    strength: np.ndarray
    member: np.ndarray  # dense person index per membership
    group: np.ndarray  # group id per membership

    def index(self, person_id: int) -> int:
        found = int(np.searchsorted(self.ids, person_id))
        if found >= len(self.ids) or self.ids[found] != person_id:
            raise InputError(f"#{person_id} is not in the network snapshot")
        return found


def snapshot(store: Store, *, today: dt.date | None = None) -> Snapshot:
    """The network as arrays: the structure is cached beside the store (``<store>.graph.npz``) and rebuilt
    only when the store has changed; the strengths of the user's own ties, which decay with time without
    contact, are worked out again for ``today`` on every call (a few hundred ties, not the network)."""
    cache = caches.cache_path(store, ".graph.npz")
    with store.reading():  # one state of the file (its stamp and its rows), even with another kithkin writing
        expected, revision = caches.stamp(store, SNAPSHOT_FORMAT), store.revision
        arrays = caches.read(cache, expected)
        if arrays is None:
            arrays = _build(store)
            built = arrays
            caches.write(cache, lambda out: np.savez(out, **expected, **built))  # type: ignore[arg-type]
        strength = _with_contact(store, arrays, today or dt.date.today())
    fields = {name: arrays[name] for name in ("ids", "a", "b", "member", "group")}
    return Snapshot(revision, strength=strength, **fields)


#: Bumped when what the snapshot cache holds, or how strengths are made, changes: older caches are rebuilt.
SNAPSHOT_FORMAT = 2


def _build(store: Store) -> dict[str, np.ndarray]:
    """The store's people, ties and memberships as arrays, with each tie's strength before contact with
    the user (and what that strength is made of, capped as :func:`tie_strength` caps it, so the user's
    ties can be updated for any day without the store's whole network)."""
    ids = np.array(store.person_ids(), dtype=np.int64)
    a, b, stated = store.tie_arrays()
    a, b, closeness = np.searchsorted(ids, a), np.searchsorted(ids, b), stated.astype(np.int8)  # 0: not stated
    member, group = store.membership_arrays()
    member = np.searchsorted(ids, member)
    size = len(ids)
    incidence = sp.csr_array((np.ones(len(member)), (member, group)), shape=(size, int(group.max(initial=0)) + 1))
    adj = sp.csr_array((np.ones(2 * len(a)), (np.r_[a, b], np.r_[b, a])), shape=(size, size))
    shared = np.minimum(_overlaps(incidence, a, b), 3).astype(np.int8)
    mutual = np.minimum(_overlaps(adj, a, b), 5).astype(np.int8)
    strength = np.array([tie_strength(_stated(c), 0.0, s, m) for c, s, m in zip(closeness.tolist(), shared.tolist(),
                         mutual.tolist(), strict=True)])  # fmt: skip
    return {"ids": ids, "a": a, "b": b, "strength": strength, "member": member, "group": group,
            "closeness": closeness, "shared": shared, "mutual": mutual}  # fmt: skip


def _overlaps(matrix: sp.csr_array, a: np.ndarray, b: np.ndarray, chunk: int = 1 << 18) -> np.ndarray:
    """For each pair (a[i], b[i]), how many columns both rows of ``matrix`` hold (shared groups, mutual
    contacts), a chunk of pairs at a time: both rows of 10^7 pairs at once would take gigabytes."""
    found = np.zeros(len(a), dtype=np.int64)
    for start in range(0, len(a), chunk):
        part = slice(start, start + chunk)
        both = sp.csr_array(matrix[a[part]].multiply(matrix[b[part]]))
        found[part] = np.asarray(both.sum(axis=1)).ravel()
    return found


def _stated(closeness: int) -> int | None:
    return closeness or None


def _with_contact(store: Store, arrays: dict[str, np.ndarray], today: dt.date) -> np.ndarray:
    """Tie strengths with the user's own ties updated for contact as of ``today``."""
    strength = arrays["strength"].copy()
    ids, a, b = arrays["ids"], arrays["a"], arrays["b"]
    contact = _contact_with_me(store, ids, a, b, today)
    for i in np.flatnonzero(contact).tolist():
        closeness, shared, mutual = (int(arrays[k][i]) for k in ("closeness", "shared", "mutual"))
        strength[i] = tie_strength(_stated(closeness), float(contact[i]), shared, mutual)
    return strength


def _contact_with_me(store: Store, ids: np.ndarray, a: np.ndarray, b: np.ndarray, today: dt.date) -> np.ndarray:
    """Recency, frequency and reciprocity of contact, for the user's own ties (others' contact is unseen)."""
    contact = np.zeros(len(a))
    me = store.me()
    if me is None or me.id is None:
        return contact
    mine = int(np.searchsorted(ids, me.id))
    since = today - dt.timedelta(days=365)
    summary = store.contact_summary(me.id, today, since)
    book = ledger(store.exchanges(since), today)
    for i in np.flatnonzero((a == mine) | (b == mine)).tolist():
        pid = int(ids[b[i] if a[i] == mine else a[i]])
        last, count = summary.get(pid, (None, 0))
        balance = book.get(pid)
        gave, got = (balance.gave, balance.got) if balance else (0, 0)
        contact[i] = contact_strength(last, count, gave, got, today)
    return contact


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
    if target_ref is not None:
        target = resolve_person(store, target_ref)
        assert target.id is not None
        if target.id == source.id:
            raise InputError("that is the same person")
        targets, label = [snap.index(target.id)], target.name
    else:
        assert at is not None
        group = _find_group(store, at, kind)
        targets = [snap.index(p) for p in store.members(group.id or 0) if p != source.id]
        label = f"someone at {group.name}"
        if not targets:
            raise InputError(f"nobody else in your network is at {group.name}")
    costs = cost_matrix(len(snap.ids), snap.a, snap.b, snap.strength)
    found = best_paths(costs, snap.index(source.id), targets, k)
    if not found:
        return Introductions(source, label, (), "", _nearest(store, snap, costs, source, targets))
    views = tuple(_view(store, snap, costs, p.nodes, p.strength, day) for p in found)
    best = views[0]
    if len(best.people) == 2:
        return Introductions(source, label, views, f"You already know {best.people[1].name} directly — reach out "
                             "yourself.")  # fmt: skip
    ground = compare(store, source, best.people[-1])
    shared = next((item.sentence for item in ground.items if item.kind is not None), None)
    where = f" at {label.removeprefix('someone at ')}" if at is not None else ""
    return Introductions(source, label, views, _draft(best, shared, where), note=_note(best, shared))


def _find_group(store: Store, name: str, kind: str | None) -> Group:
    kinds = [parse_kind(kind)] if kind else [GroupKind.EMPLOYER, GroupKind.SCHOOL, GroupKind.COMMUNITY]
    for candidate in kinds:
        group = store.find_group(candidate, name)
        if group is not None:
            return group
    raise InputError(f"no employer, school or community called {name!r} in your network")


def _view(
    store: Store, snap: Snapshot, costs: sp.csr_array, nodes: tuple[int, ...], strength: float, day: dt.date
) -> PathView:
    """People along a path, each hop with its tie, its strength (from the cost matrix) and, for the
    user's own hop, the last contact."""
    people = store.get_people([int(snap.ids[n]) for n in nodes])
    me, first = people[0], people[1]
    assert me.id is not None
    assert first.id is not None
    summary = store.contact_summary(me.id, day, day, people=[first.id])
    hops = []
    for (x, y), (i, j) in zip(itertools.pairwise(people), itertools.pairwise(nodes), strict=True):
        assert x.id is not None
        assert y.id is not None
        when = summary[y.id][0] if x.id == me.id and y.id in summary else None
        hops.append(Hop(x, y, store.get_tie(x.id, y.id), float(np.exp(-costs[i, j])), when))
    return PathView(tuple(people), strength, tuple(hops))


def _draft(path: PathView, shared: str | None, where: str) -> str:
    """An editable introduction request to the first person on the path: whom, why (how the introducer
    knows them, what the two ends have in common), and an offer of a note to forward."""
    me, introducer, target = path.people[0], path.people[1], path.people[-1]
    via = f" (through {', '.join(p.name for p in path.people[2:-1])})" if len(path.people) > 3 else ""
    how = path.hops[1].tie.how if len(path.people) == 3 and path.hops[1].tie else ""
    reasons = [f"I understand you know each other ({how})." if how else "", _in_common(shared)]
    why = " ".join(r for r in reasons if r)
    return (
        f"Hi {first_name(introducer.name)},\n\n"
        f"I hope you're well. I'd love to meet {target.name}{where}{via}. {why + ' ' if why else ''}"
        f"Would you be open to introducing us? Below is a short note you could forward, so that "
        f"{first_name(target.name)} can say yes first.\n\nThanks so much,\n{first_name(me.name)}"
    )


def _note(path: PathView, shared: str | None) -> str:
    """The forwardable note to the target (a double opt-in: they agree before anyone is put on the spot)."""
    me, introducer, target = path.people[0], path.people[1], path.people[-1]
    return (
        f"Hi {first_name(target.name)},\n\n"
        f"I'm {me.name}, a friend of {first_name(introducer.name)}'s. {_in_common(shared) + ' ' if shared else ''}"
        f"I'd enjoy comparing notes over a coffee or a short call, if you're open to it.\n\n"
        f"Best,\n{first_name(me.name)}"
    )


def _in_common(shared: str | None) -> str:
    """A common-ground sentence in the first person: "Both attended X" → "We both attended X.",
    "Both members of X" → "We're both members of X.", "Colleagues at X" → "We were colleagues at X."

    >>> _in_common("Both going to Happy hour"), _in_common("Colleagues at Intuit, overlapping 2021–2026")
    ("We're both going to Happy hour.", 'We were colleagues at Intuit, overlapping 2021–2026.')
    >>> _in_common("Both live in San Diego"), _in_common("3 mutual contacts")
    ('We both live in San Diego.', 'In common: 3 mutual contacts.')
    >>> _in_common("Both Marketing majors at San Diego State, overlapping 1998–2001")
    'We were both Marketing majors at San Diego State, overlapping 1998–2001.'
    >>> _in_common("Both connected to San Diego"), _in_common("Both attended PyCon 2024 (one of you spoke)")
    ("We're both connected to San Diego.", 'We both attended PyCon 2024 (one of us spoke).')"""
    if shared is None:
        return ""
    first, _, rest = shared.rstrip(".").replace("one of you", "one of us").partition(" ")
    if first == "Both":
        verb = rest.split(" ", 1)[0]
        if verb in _VERBS:
            return f"We both {rest}."
        return f"We were both {rest}." if "overlapping" in rest else f"We're both {rest}."
    if first in ("Colleagues", "Classmates", "Neighbours", "Teammates"):
        return f"We were {first.lower()} {rest}."
    return f"In common: {shared.rstrip('.')}."


#: The verbs common-ground sentences start with after "Both" ("Both attended …"): they follow "We both" as
#: they are; anything else is a description and takes "We're both" ("Both members of …", "Both connected to …").
_VERBS = frozenset({"attended", "studied", "worked", "went", "grew", "live", "know"})


def _nearest(
    store: Store, snap: Snapshot, costs: sp.csr_array, source: Person, targets: list[int]
) -> tuple[tuple[Person, CommonGround], ...]:
    """No path: the reachable people who share the most common ground with the (first) target."""
    target = store.get_person(int(snap.ids[targets[0]]))
    near = reachable(costs, snap.index(source.id or 0))
    people = store.get_people([int(snap.ids[i]) for i in near if int(snap.ids[i]) not in (source.id, target.id)][:2000])
    grounds = compare_many(store, target, people)
    ranked = sorted(zip(people, grounds, strict=True), key=lambda pg: (-pg[1].score, pg[0].name))
    return tuple((p, g) for p, g in ranked[:3] if g.items)


@dataclass(frozen=True)
class Suggestion:
    person: Person
    score: float
    mutual: int
    ground: CommonGround


@dataclass(frozen=True)
class _Engine:
    """The snapshot, its graph and a ranker learned from it: built once for a batch of people."""

    snap: Snapshot
    graph: Graph
    ranker: Ranker


def _engine(store: Store, today: dt.date | None, learning: Progress | None = None) -> _Engine:
    snap = snapshot(store, today=today)
    size = len(snap.ids)
    incidence = sp.csr_array(
        (np.ones(len(snap.member)), (snap.member, snap.group)), shape=(size, int(snap.group.max(initial=0)) + 1)
    )
    edges = np.stack([snap.a, snap.b], axis=1)
    graph = Graph.build(size, edges, incidence)
    return _Engine(snap, graph, _ranker(store, graph, edges, snap.revision, learning))


#: Bumped when the ranker's features or saved form change, so that an older cached ranker is relearned.
RANKER_FORMAT = 2


def _ranker(store: Store, graph: Graph, edges: np.ndarray, revision: int, learning: Progress | None = None) -> Ranker:
    """The ranker learned from the store's ties (``edges``, read at ``revision``) — once per store revision:
    it is cached beside the store (``<store>.ranker.npz``), as learning takes seconds (9 s at 10^5 people,
    20 s at 10^6) and ranking one person a tenth of one; ``learning(done, total)`` while it learns. Fewer
    than 500 ties: the fallback. Not cached if another process changed the store since ``edges`` were read."""
    if len(edges) < 500:
        return Ranker(None)
    cache = caches.cache_path(store, ".ranker.npz")
    expected = caches.stamp(store, RANKER_FORMAT)
    saved = caches.read(cache, expected)
    if saved is not None:
        return Ranker.from_arrays(saved)
    ranker = Ranker.learn(graph, edges, progress=learning)
    if int(expected["revision"]) == revision:
        caches.write(cache, lambda out: ranker.save(out, **expected))
    return ranker


def _ranked(
    engine: _Engine, people: list[int], limit: int, hidden: dict[int, set[int]], progress: Progress | None = None
) -> dict[int, list[int]]:
    """Each person's (dense index) top ``limit``, without the people they dismissed or blocked (person ids)."""
    extra = max((len(v) for v in hidden.values()), default=0)
    index = np.array(people, dtype=np.int64)
    top = engine.ranker.top(engine.graph, limit + extra, index, progress=progress)
    found = {}
    for person in people:
        gone = hidden.get(int(engine.snap.ids[person]), set())
        found[person] = [int(i) for i in top[person] if int(engine.snap.ids[i]) not in gone][:limit]
    return found


def _explain(store: Store, engine: _Engine, person: Person, picked: list[int]) -> list[Suggestion]:
    """Suggestions in words: the ranker's score, mutual contacts and common ground of each pick."""
    people = store.get_people([int(engine.snap.ids[i]) for i in picked])
    grounds = compare_many(store, person, people)
    mine = engine.snap.index(person.id or 0)
    pairs = np.array([(mine, i) for i in picked], dtype=np.int64).reshape(-1, 2)
    scores = engine.ranker.score_pairs(engine.graph, pairs) if len(picked) else np.zeros(0)
    return [
        Suggestion(p, float(s), sum(1 for item in g.items if item.kind is None), g)
        for p, g, s in zip(people, grounds, scores, strict=True)
    ]


def suggest(
    store: Store, ref: str = "me", *, limit: int = 10, today: dt.date | None = None,
    learning: Progress | None = None,
) -> list[Suggestion]:  # fmt: skip
    """People to meet: ranked by the network engine (ties and shared rare groups), with reasons in words;
    never someone already tied, nor anyone ``ref`` dismissed or blocked. ``learning(done, total)`` while
    the ranker learns (once per change of the store)."""
    person = resolve_person(store, ref)
    if person.id is None:
        raise NoMe()
    engine = _engine(store, today, learning)
    mine = engine.snap.index(person.id)
    picked = _ranked(engine, [mine], limit, {person.id: set(store.dismissals(person.id))})[mine]
    return _explain(store, engine, person, picked)


def suggest_community(
    store: Store,
    name: str,
    *,
    limit: int = 5,
    today: dt.date | None = None,
    progress: Progress | None = None,
    learning: Progress | None = None,
) -> list[tuple[Person, list[Suggestion]]]:
    """Suggestions for every member of a community (by name), from one ranker over the snapshot, each
    member's dismissals and blocks honoured; ``progress(done, total)`` as members are ranked."""
    group = _find_group(store, name, "community")
    members = store.members(group.id or 0)
    if not members:
        raise InputError(f"{group.name} has no members")
    engine = _engine(store, today, learning)
    index = sorted(engine.snap.index(m) for m in members)
    hidden = store.dismissals_of([int(engine.snap.ids[i]) for i in index])
    ranked = _ranked(engine, index, limit, hidden, progress)
    people = store.get_people([int(engine.snap.ids[i]) for i in index])
    return [(p, _explain(store, engine, p, ranked[i])) for p, i in zip(people, index, strict=True)]


def dismiss(store: Store, ref: str, other_ref: str, *, blocked: bool = False) -> Person:
    """``ref`` no longer wants ``other_ref`` suggested — "not interested", or ``blocked``: "never suggest";
    either keeps them out of suggestions until undone. Returns the person dismissed."""
    person, other = resolve_person(store, ref), resolve_person(store, other_ref)
    if person.id == other.id:
        raise InputError("that is the same person")
    store.set_dismissal(person.id or 0, other.id or 0, blocked=blocked)
    return other


def undo_dismissal(store: Store, ref: str, other_ref: str) -> Person:
    """Suggest ``other_ref`` to ``ref`` again."""
    person, other = resolve_person(store, ref), resolve_person(store, other_ref)
    if not store.clear_dismissal(person.id or 0, other.id or 0):
        raise InputError(f"{other.name} was not dismissed or blocked")
    return other
