"""Use case for drawing the network: someone's ego network as nodes and edges, coloured by circle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kithkin.errors import InputError
from kithkin.model import GroupKind
from kithkin.network.snapshot import Snapshot
from kithkin.services.people import resolve_person
from kithkin.services.snapshot import snapshot
from kithkin.store import Store

#: The most people one drawing holds: enough to see circles, few enough for a browser to lay out.
MAX_NODES = 2000
#: How many circles get a colour of their own; the rest are drawn in a neutral grey.
CIRCLES = 8
#: A group held by more than this share of the people drawn is the backdrop (a city, a big employer),
#: not a circle: it would colour everyone alike.
BACKDROP_SHARE = 0.5


@dataclass(frozen=True)
class Circle:
    """A group that colours the nodes whose largest shared group it is."""

    index: int  # 0 .. CIRCLES-1: the colour
    name: str
    kind: GroupKind
    size: int  # people drawn in its colour (it is their largest shared group): the legend's counts add up


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    centre: bool
    circle: int | None  # index into EgoGraph.circles, or None
    distance: int  # hops from the centre


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    strength: float  # tie strength in (0, 1]


@dataclass(frozen=True)
class EgoGraph:
    """A person, the people within ``depth`` ties of them and every tie among those people."""

    centre: int
    depth: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    circles: tuple[Circle, ...]
    truncated: bool  # some people within ``depth`` were left out to stay under the cap


def ego_graph(
    store: Store, ref: str = "me", *, depth: int = 1, limit: int = MAX_NODES, today: dt.date | None = None
) -> EgoGraph:
    """The ego network of ``ref``: them, everyone within ``depth`` (1 or 2) ties, the ties among all of
    them with their strengths (from the network snapshot), each person coloured by the largest circle
    they share with the others drawn. Past ``limit`` people, the nearest are kept, stronger ties first."""
    if depth not in (1, 2):
        raise InputError(f"depth is 1 (their ties) or 2 (and their ties' ties), not {depth}")
    if not 1 <= limit <= MAX_NODES:
        raise InputError(f"a drawing holds 1 to {MAX_NODES} people, not {limit}")
    person = resolve_person(store, ref)
    assert person.id is not None
    snap, adjacency = _network(store, today or dt.date.today())
    picked, distance, truncated = _within(adjacency, snap.index(person.id), depth, limit)
    keep = np.zeros(len(snap.ids), dtype=bool)
    keep[picked] = True
    inside = keep[snap.a] & keep[snap.b]
    ids = snap.ids[picked]
    names = store.names_of([int(i) for i in ids])
    circle_of, circles = _circles(store, snap, picked)
    nodes = tuple(
        Node(int(pid), names[int(pid)], int(pid) == person.id, circle_of.get(int(i)), distance[int(i)])
        for i, pid in zip(picked, ids, strict=True)
    )
    edges = tuple(
        Edge(int(snap.ids[a]), int(snap.ids[b]), round(float(s), 3))
        for a, b, s in zip(snap.a[inside], snap.b[inside], snap.strength[inside], strict=True)
    )
    return EgoGraph(person.id, depth, nodes, edges, circles, truncated)


#: The last network drawn from, by the store state and day it was made for: the web app opens the store for
#: every request, and reading the snapshot and making its adjacency took 0.3 s of each drawing at 10^5 people.
_LAST: dict[tuple[str, str, dt.date], tuple[Snapshot, sp.csr_array]] = {}


def _network(store: Store, today: dt.date) -> tuple[Snapshot, sp.csr_array]:
    """The snapshot for ``today`` and its adjacency, reused while the store is unchanged (its
    :attr:`~kithkin.store.Store.identity` moves with every write)."""
    key = (str(store.path), store.identity, today)
    found = _LAST.get(key)
    if found is None or store.path is None:
        snap = snapshot(store, today=today)
        found = snap, _adjacency(snap)
        _LAST.clear()
        _LAST[key] = found
    return found


def _adjacency(snap: Snapshot) -> sp.csr_array:
    size = len(snap.ids)
    weights = np.r_[snap.strength, snap.strength]
    return sp.csr_array((weights, (np.r_[snap.a, snap.b], np.r_[snap.b, snap.a])), shape=(size, size))


def _within(adjacency: sp.csr_array, centre: int, depth: int, limit: int) -> tuple[list[int], dict[int, int], bool]:
    """Breadth-first from ``centre`` to ``depth`` hops: the dense indices kept (nearest first, stronger
    ties first within a ring), each one's distance, and whether the cap cut anyone off."""
    distance = {centre: 0}
    ring = [centre]
    for hop in range(1, depth + 1):
        reach: dict[int, float] = {}
        for i in ring:
            row = slice(adjacency.indptr[i], adjacency.indptr[i + 1])
            for j, w in zip(adjacency.indices[row].tolist(), adjacency.data[row].tolist(), strict=True):
                if j not in distance:
                    reach[j] = max(reach.get(j, 0.0), w)
        ring = sorted(reach, key=lambda j: (-reach[j], j))
        for j in ring:
            distance[j] = hop
    order = sorted(distance, key=lambda i: distance[i])
    return order[:limit], distance, len(order) > limit


def _circles(store: Store, snap: Snapshot, picked: list[int]) -> tuple[dict[int, int], tuple[Circle, ...]]:
    """Each drawn person's colour: the largest group they share with others drawn (the backdrop aside);
    the ``CIRCLES`` groups that colour the most people, two at least, get a colour each."""
    keep = np.zeros(len(snap.ids), dtype=bool)
    keep[picked] = True
    rows = keep[snap.member]
    member, group = snap.member[rows], snap.group[rows]
    groups, sizes = np.unique(group, return_counts=True)
    size = dict(zip(groups.tolist(), sizes.tolist(), strict=True))
    ceiling = max(2, int(len(picked) * BACKDROP_SHARE))
    largest: dict[int, int] = {}
    for m, g in zip(member.tolist(), group.tolist(), strict=True):
        if 2 <= size[g] <= ceiling and (m not in largest or (size[g], -g) > (size[largest[m]], -largest[m])):
            largest[m] = g
    colouring: dict[int, int] = {}
    for g in largest.values():
        colouring[g] = colouring.get(g, 0) + 1
    # A group that is the largest for one person alone is no circle (the legend listed "Intuit (1)" four times over)
    top = sorted((g for g in colouring if colouring[g] >= 2), key=lambda g: (-colouring[g], g))[:CIRCLES]
    found = store.get_groups(top)
    circles = tuple(Circle(k, found[g].name, found[g].kind, colouring[g]) for k, g in enumerate(top))
    index = {g: k for k, g in enumerate(top)}
    return {m: index[g] for m, g in largest.items() if g in index}, circles
