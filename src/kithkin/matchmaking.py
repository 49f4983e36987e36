"""Matchmaking rounds: pair every member of a community one-to-one (pure: numpy and scipy).

An intro bot in a team chat pairs everyone each round; kithkin does the same
but picks the pairs that are worth the most — a maximum-weight matching on
the value of each new connection — never repeats a pair from an earlier round,
and lets one member sit out when the count is odd.

Exact maximum-weight matching (Edmonds' blossom algorithm, as in
``networkx.max_weight_matching``) is cubic and far too slow in pure Python for a
community of 100,000. Instead:

1. a sparse *candidate graph*: each member's ``k`` most valuable partners
   (:func:`candidate_edges`, value = summed weights of the groups two people
   share, computed in row blocks so memory stays bounded);
2. *greedy* by descending value — a ½-approximation (Avis 1983);
3. *local improvement*: swaps of two pairs into two better ones and moves to an
   unmatched partner, in the spirit of Drake & Hougardy, "A simple approximation
   algorithm for the weighted matching problem", IPL 85 (2003);
4. everyone still unpaired is paired in order, never with a past partner (those
   pairs are worth 0 but everybody meets someone).

``bench/bench_matching.py`` reports the value against networkx's exact matching.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

#: Improvement passes over all pairs; each pass is linear in the candidate edges.
PASSES = 3


@dataclass(frozen=True)
class Round:
    """One round: the pairs (smaller index first), who sat out, and the summed value of the pairs."""

    pairs: tuple[tuple[int, int], ...]
    sat_out: tuple[int, ...]
    value: float


def pair_key(a: int, b: int) -> tuple[int, int]:
    """A pair in one canonical order, so (3, 1) and (1, 3) are the same pair.

    >>> pair_key(3, 1)
    (1, 3)
    """
    return (a, b) if a < b else (b, a)


def candidate_edges(
    incidence: sp.csr_array,
    weights: np.ndarray,
    k: int,
    *,
    forbidden: Collection[tuple[int, int]] = (),
    block: int = 4096,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each member's ``k`` most valuable partners, as edge arrays ``(a, b, value)`` with ``a < b``.

    ``incidence`` is members x groups (nonzero = member); the value of a pair is
    the sum of ``weights`` over the groups both belong to. ``forbidden`` pairs
    (past partners, people who already know each other) are left out *before*
    taking the top ``k``, so nobody runs out of candidates because of them.

    >>> inc = sp.csr_array(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1], [0, 0, 1]]))
    >>> a, b, v = candidate_edges(inc, np.array([2.0, 1.0, 3.0]), k=1)
    >>> [(int(x), int(y), float(z)) for x, y, z in zip(a, b, v)]
    [(0, 1, 3.0), (2, 3, 3.0)]
    """
    member = sp.csr_array(incidence, dtype=np.float64)
    member.data[:] = 1.0
    weighted = sp.csr_array(member.multiply(np.asarray(weights, dtype=np.float64)[None, :]))
    weighted.sort_indices()  # each pair's value summed by group ascending (the Spark engine adds in that order)
    transposed = sp.csr_array(member.T)
    banned: dict[int, list[int]] = {}
    for x, y in forbidden:
        banned.setdefault(x, []).append(y)
        banned.setdefault(y, []).append(x)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, member.shape[0], block):
        found.append(_top_k_block(sp.csr_array(weighted[start : start + block] @ transposed), start, k, banned))
    a = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.int64)
    b = np.concatenate([f[1] for f in found]) if found else np.zeros(0, np.int64)
    v = np.concatenate([f[2] for f in found]) if found else np.zeros(0)
    return unique_edges(a, b, v)


def _top_k_block(
    scores: sp.csr_array, start: int, k: int, banned: dict[int, list[int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The top ``k`` columns of each row of one block of the value matrix (self and banned left out)."""
    rows, cols, vals = [], [], []
    indptr, indices, data = scores.indptr, scores.indices, scores.data
    for r in range(scores.shape[0]):
        me = start + r
        c, d = indices[indptr[r] : indptr[r + 1]], data[indptr[r] : indptr[r + 1]]
        keep = (c != me) & (d > 0)
        if me in banned:
            keep &= ~np.isin(c, banned[me])
        c, d = c[keep], d[keep]
        if len(c) > k:
            top = np.lexsort((c, -d))[:k]  # equal values by member index, as the Spark engine cuts them
            c, d = c[top], d[top]
        rows.append(np.full(len(c), me, dtype=np.int64))
        cols.append(c.astype(np.int64))
        vals.append(d)
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def unique_edges(a: np.ndarray, b: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges ``(a, b, value)`` once each, smaller end first, sorted by ``(a, b)`` whatever order they came in."""
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keys = np.unique(np.stack([lo, hi], axis=1), axis=0, return_index=True)[1] if len(lo) else np.zeros(0, np.int64)
    return lo[keys], hi[keys], v[keys]


def match_round(
    n: int,
    edges: tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    forbidden: Collection[tuple[int, int]] = (),
    rest_first: Sequence[int] = (),
) -> Round:
    """Pair members ``0..n-1`` to maximise the summed value of the pairs, everyone paired if possible.

    ``edges`` are candidate pairs ``(a, b, value)``; any other pair is worth 0.
    ``forbidden`` pairs (past rounds) are never made. With an odd count, the
    member who sits out is the first of ``rest_first`` (e.g. those who have
    never sat out, by id), else whoever the matching leaves over.

    >>> edges = (np.array([0, 1, 2, 0]), np.array([1, 2, 3, 3]), np.array([1.0, 5.0, 1.0, 1.0]))
    >>> match_round(4, edges)  # greedy takes 1-2 (5); 0 and 3 pair up (1)
    Round(pairs=((0, 3), (1, 2)), sat_out=(), value=6.0)
    >>> match_round(4, edges, forbidden={(0, 3)})  # 0 and 3 have met: break 1-2 so everyone meets someone
    Round(pairs=((0, 1), (2, 3)), sat_out=(), value=2.0)
    """
    banned = {pair_key(x, y) for x, y in forbidden}
    a, b, v = (np.asarray(x) for x in edges)
    keep = np.ones(len(a), dtype=bool)
    if banned:
        keep = np.array([pair_key(int(x), int(y)) not in banned for x, y in zip(a, b, strict=True)], dtype=bool)
    graph = _Graph.build(n, a[keep], b[keep], v[keep].astype(np.float64))
    resting = _pick_rest(n, rest_first) if n % 2 else None
    mate = np.full(n, -1, dtype=np.int64)
    if resting is not None:
        mate[resting] = resting  # taken out of this round
    _greedy(graph, mate)
    for _ in range(PASSES):
        if not _improve(graph, mate, banned):
            break
    _greedy(graph, mate)
    _pair_leftovers(graph, mate, banned)
    return _result(graph, mate)


def match_strangers(
    n: int,
    edges: tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    forbidden: Collection[tuple[int, int]] = (),
    rest_first: Sequence[int] = (),
    tied_among: Callable[[Sequence[int]], set[tuple[int, int]]],
    tries: int = 3,
) -> Round:
    """:func:`match_round`, with two who already know each other paired only when no one new is left for them.

    Candidate edges leave tied pairs out already; the leftovers (paired at no value) may still be two close
    friends, "paired to meet someone new". ``tied_among(members)`` gives the tied pairs among the members the
    round paired at no value — a few, so a batch of a million members need not hold every tie — and the round is
    made again with them forbidden, as long as everyone is still paired.

    >>> edges = (np.array([0]), np.array([2]), np.array([3.0]))  # 0-2 worth 3; 1 and 3 are friends
    >>> match_round(4, edges).pairs
    ((0, 2), (1, 3))
    >>> match_strangers(4, edges, tied_among=lambda members: {(1, 3)} if 1 in members else set()).pairs
    ((0, 3), (1, 2))
    """
    banned = {pair_key(x, y) for x, y in forbidden}
    valued = {pair_key(int(x), int(y)) for x, y in zip(edges[0].tolist(), edges[1].tolist(), strict=True)}
    found = match_round(n, edges, forbidden=banned, rest_first=rest_first)
    for _ in range(tries):
        loose = sorted({m for x, y in found.pairs if pair_key(x, y) not in valued for m in (x, y)})
        known = {pair_key(x, y) for x, y in tied_among(loose)} - banned
        if not any(pair_key(x, y) in known for x, y in found.pairs):
            return found
        again = match_round(n, edges, forbidden=banned | known, rest_first=rest_first)
        if len(again.sat_out) > len(found.sat_out):  # no way round them: they meet, and are said to know each other
            return found
        banned, found = banned | known, again
    return found


@dataclass
class _Graph:
    """Candidate edges as CSR neighbour lists (best first) and a weight look-up."""

    indptr: np.ndarray
    nbrs: np.ndarray
    weight: dict[tuple[int, int], float]
    order: np.ndarray  # edge indices by descending value
    a: np.ndarray
    b: np.ndarray

    @classmethod
    def build(cls, n: int, a: np.ndarray, b: np.ndarray, v: np.ndarray) -> _Graph:
        rows, cols, vals = np.r_[a, b], np.r_[b, a], np.r_[v, v]
        by = np.lexsort((-vals, rows))
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.add.at(indptr, rows + 1, 1)
        weight = dict(zip(zip(a.tolist(), b.tolist(), strict=True), v.tolist(), strict=True))
        return cls(np.cumsum(indptr), cols[by], weight, np.argsort(-v, kind="stable"), a, b)

    def w(self, x: int, y: int) -> float:
        return self.weight.get(pair_key(x, y), 0.0)

    def neighbours(self, x: int) -> np.ndarray:
        return self.nbrs[self.indptr[x] : self.indptr[x + 1]]


def _pick_rest(n: int, rest_first: Sequence[int]) -> int | None:
    return next((int(m) for m in rest_first if 0 <= m < n), None)


def _greedy(graph: _Graph, mate: np.ndarray) -> None:
    """Take edges by descending value while both ends are free."""
    for e in graph.order.tolist():
        x, y = int(graph.a[e]), int(graph.b[e])
        if mate[x] < 0 and mate[y] < 0:
            mate[x], mate[y] = y, x


def _improve(graph: _Graph, mate: np.ndarray, banned: set[tuple[int, int]]) -> bool:
    """One pass of local moves over every pair (x, y); True if any move gained value.

    For each candidate partner c of x: if c is free, pair x with c and y with its best free
    candidate (an augmenting path of length 3); if c is paired with d, swap to (x, c) and (y, d).
    The best move for x is made when it gains.
    """
    improved = False
    for x in range(len(mate)):
        y = int(mate[x])
        if y < 0 or y == x:
            continue
        move = _best_move(graph, mate, banned, x, y)
        if move is None:
            continue
        c, d = move
        mate[x], mate[c] = c, x
        if d >= 0:
            mate[y], mate[d] = d, y
        else:
            mate[y] = -1
        improved = True
    return improved


def _best_move(graph: _Graph, mate: np.ndarray, banned: set[tuple[int, int]], x: int, y: int) -> tuple[int, int] | None:
    """The (c, y's new partner or -1) of the best improving move for the pair (x, y), if any."""
    here = graph.w(x, y)
    best_gain, best = 1e-9, None
    for c in graph.neighbours(x).tolist():
        d = int(mate[c])
        if c == y or d == c:
            continue
        if d < 0:
            d = _free_partner(graph, mate, y, c)
            gain = graph.w(x, c) - here + (graph.w(y, d) if d >= 0 else 0.0)
        elif d != x and pair_key(y, d) not in banned:
            gain = graph.w(x, c) + graph.w(y, d) - here - graph.w(c, d)
        else:
            continue
        if gain > best_gain:
            best_gain, best = gain, (c, d)
    return best


def _free_partner(graph: _Graph, mate: np.ndarray, y: int, taken: int) -> int:
    """y's most valuable free candidate other than ``taken``, or -1."""
    for e in graph.neighbours(y).tolist():
        if mate[e] < 0 and e != taken:
            return int(e)
    return -1


def _pair_leftovers(graph: _Graph, mate: np.ndarray, banned: set[tuple[int, int]]) -> None:
    """Pair everyone still free in order, each with the first free member they have not met; two who
    are left and have met each other swap into an existing pair (x, y) + (c, d) -> (x, c) + (y, d)."""
    free = deque(int(x) for x in np.flatnonzero(mate < 0))
    stuck: list[int] = []
    while free:
        x = free.popleft()
        for i, y in enumerate(free):
            if pair_key(x, y) not in banned:
                mate[x], mate[y] = y, x
                del free[i]
                break
        else:
            stuck.append(x)
    while len(stuck) >= 2 and _rewire(graph, mate, banned, stuck.pop(), stuck.pop()):
        pass


def _rewire(graph: _Graph, mate: np.ndarray, banned: set[tuple[int, int]], x: int, y: int) -> bool:
    """Break the pair (c, d) whose rewiring into (x, c) + (y, d) keeps the most value."""
    best: tuple[float, int, int] | None = None
    for c in range(len(mate)):
        d = int(mate[c])
        if d < 0 or d == c or c in (x, y) or pair_key(x, c) in banned or pair_key(y, d) in banned:
            continue
        kept = graph.w(x, c) + graph.w(y, d) - graph.w(c, d)
        if best is None or kept > best[0]:
            best = (kept, c, d)
    if best is None:
        return False
    _, c, d = best
    mate[x], mate[c], mate[y], mate[d] = c, x, d, y
    return True


def _result(graph: _Graph, mate: np.ndarray) -> Round:
    pairs = tuple(sorted((x, int(y)) for x, y in enumerate(mate.tolist()) if x < y))
    sat_out = tuple(x for x, y in enumerate(mate.tolist()) if y < 0 or y == x)
    return Round(pairs, sat_out, float(sum(graph.w(x, y) for x, y in pairs)))
