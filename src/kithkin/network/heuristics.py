"""Neighbourhood heuristics on sparse arrays, each person's top ``k``, and row blocks run on every core.

Heuristics (Liben-Nowell & Kleinberg 2007; Zhou, Lü & Zhang 2009 for resource
allocation) score a pair from the network alone: common neighbours, Jaccard,
Adamic-Adar (each common neighbour weighs 1/log degree), resource allocation
(1/degree) and preferential attachment (degree product).

Everything works on blocks of rows — one sparse product ``A[rows] @ diag(w) @ A``
per block — so memory grows with the block, never with the square of the
network; the product itself scores existing ties below zero
(:attr:`Graph.masked`), so they need no look-up. A heuristic's top ``k`` is
selected inside the product by ``sparse_dot_topn`` (multi-threaded, never
materialising the pairs; :func:`selected_top`). Where every score of a block is
needed (the ranker's features, Jaccard), the top ``k`` of every row is taken in
one vectorised pass (an integer sort finds each row's cut-off, one packed sort
orders the few entries above it), and blocks run on every core
(:func:`kithkin.network.parallel.run_blocks`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Generator
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from sparse_dot_topn import sp_matmul_topn

from kithkin.network.parallel import PARALLEL_BLOCKS, Progress, run_blocks

try:  # scipy's own sparse-product kernel, called directly to skip its counting pass (see product())
    from scipy.sparse._sparsetools import csr_matmat as _matmat
except ImportError:  # pragma: no cover - a scipy that moved it: fall back to ``@``
    _matmat = None

HEURISTICS = ("common-neighbours", "jaccard", "adamic-adar", "resource-allocation", "preferential-attachment")
#: Attributes held by more than this share of everyone say nothing about a pair; they are dropped.
COMMON_SHARE = 0.15
#: Attributes held by more people than this still weigh in a pair's score, but do not propose candidates:
#: listing everyone in a large group would materialise its pairs (quadratic) for suggestions no better than chance.
RARE_GROUP = 200
BLOCK = 512
#: Heuristics whose top ``k`` is selected inside the product (:func:`selected_top`), and its rows per call.
SELECTED = ("common-neighbours", "adamic-adar", "resource-allocation")
SELECTED_BLOCK = 16384
#: Reciprocity reads each person's best and 20th-best resource-allocation score (:func:`reciprocal_bounds`).
RECIPROCAL_K = 20


def strength_matrix(size: int, edges: np.ndarray, strengths: np.ndarray) -> sp.csr_array:
    """Symmetric person × person matrix of each tie's strength (``strengths[i]`` for ``edges[i]``; a pair listed
    twice keeps the larger).

    >>> strength_matrix(3, np.array([[0, 1], [1, 2], [1, 0]]), np.array([2.0, 5.0, 3.0])).toarray().tolist()
    [[0.0, 3.0, 0.0], [3.0, 0.0, 5.0], [0.0, 5.0, 0.0]]
    """
    lo, hi = np.minimum(edges[:, 0], edges[:, 1]), np.maximum(edges[:, 0], edges[:, 1])
    keys, where = np.unique(lo.astype(np.int64) * size + hi, return_inverse=True)
    largest = np.full(len(keys), -np.inf)
    np.maximum.at(largest, where.ravel(), np.asarray(strengths, dtype=float))
    u, v = keys // size, keys % size
    return sp.csr_array((np.r_[largest, largest], (np.r_[u, v], np.r_[v, u])), shape=(size, size))


def adjacency(size: int, edges: np.ndarray) -> sp.csr_array:
    """Symmetric 0/1 adjacency from undirected pairs (duplicates and self-loops dropped).

    >>> adjacency(3, np.array([[0, 1], [1, 2], [2, 1], [2, 2]])).toarray().astype(int).tolist()
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    edges = edges[edges[:, 0] != edges[:, 1]]
    u, v = edges[:, 0], edges[:, 1]
    a = sp.csr_array((np.ones(2 * len(u)), (np.r_[u, v], np.r_[v, u])), shape=(size, size))
    a.sum_duplicates()
    a.data[:] = 1.0
    return a


@dataclass(frozen=True)
class Graph:
    """The arrays every score reads: adjacency, degrees, and rarity-weighted attributes."""

    adj: sp.csr_array
    degree: np.ndarray
    attributes: sp.csr_array  # attributes held by 2 … COMMON_SHARE of everyone, each column scaled by sqrt(idf)
    rare: sp.csr_array = field(default_factory=lambda: sp.csr_array((0, 0)))  # the columns held by <= RARE_GROUP
    #: Column of ``attributes`` × kind group (:data:`kithkin.network.context.GROUPS`), when the kinds are known.
    column_kinds: sp.csr_array | None = None
    #: How strong each tie is (how many ways or how often two people deal with each other), on ``adj``'s ties
    #: only, ties whose strength is not known at the strength given for them; ``None`` when none is known.
    strength: sp.csr_array | None = None
    #: Which of ``adj``'s ties have a known strength (1), when some do.
    known: sp.csr_array | None = None

    @classmethod
    def build(
        cls, size: int, edges: np.ndarray, attributes: sp.csr_array | None = None, kinds: tuple[str, ...] = (),
        strengths: sp.csr_array | None = None, undescribed: float = 1.0,
    ) -> Graph:  # fmt: skip
        """A graph over ``edges``; ``strengths`` (symmetric, person × person, e.g. :func:`strength_matrix`) may
        hold more ties than ``edges``: only those of ``edges`` are kept (an evaluation's hidden ties stay hidden),
        and the ties it does not hold count ``undescribed``."""
        graph = cls.of(adjacency(size, edges), attributes, kinds)
        return graph if strengths is None else graph.with_strengths(strengths, undescribed)

    def with_strengths(self, strengths: sp.csr_array, undescribed: float = 1.0) -> Graph:
        """The same graph, its ties' strengths read from ``strengths``, those it does not hold there ``undescribed``."""
        stated = sp.csr_array(sp.csr_array(strengths).multiply(self.adj))
        stated.eliminate_zeros()
        known = sp.csr_array(stated > 0).astype(float)
        rest = sp.csr_array(sp.csr_array(self.adj, dtype=float, copy=True) - known)
        rest.eliminate_zeros()
        return replace(self, strength=sp.csr_array(stated + undescribed * rest), known=known)

    @classmethod
    def of(cls, adj: sp.csr_array, attributes: sp.csr_array | None = None, kinds: tuple[str, ...] = ()) -> Graph:
        """A graph over an adjacency already built (e.g. with some ties hidden) and the raw attributes; ``kinds``,
        if known, names each attribute column's kind (``education;school``, ``employer``, …)."""
        size = int(adj.shape[0])
        degree = np.asarray(adj.sum(axis=1)).ravel()
        if attributes is None or attributes.shape[1] == 0:
            empty = sp.csr_array((size, 0))
            return cls(adj, degree, empty, empty)
        attributes = sp.csr_array(attributes)
        if attributes.shape[0] < size:
            attributes = sp.csr_array(
                sp.vstack([attributes, sp.csr_array((size - attributes.shape[0], attributes.shape[1]))])
            )
        holders = np.bincount(attributes.indices, minlength=attributes.shape[1])
        keep = np.flatnonzero((holders >= 2) & (holders <= max(2, COMMON_SHARE * size)))
        idf = np.log(size / holders[keep])
        weighted = sp.csr_array(sp.csr_array((attributes[:, keep] > 0).astype(float)) @ sp.diags_array(np.sqrt(idf)))
        rare = sp.csr_array(weighted[:, np.flatnonzero(holders[keep] <= RARE_GROUP)])
        column_kinds = None
        if kinds:
            from kithkin.network.context import kind_matrix  # it builds on this module

            names = tuple(sorted(set(kinds)))
            codes = np.array([names.index(k) for k in kinds], dtype=np.int64)
            column_kinds = kind_matrix(codes[keep], names)
        return cls(adj, degree, weighted, rare, column_kinds)

    @property
    def size(self) -> int:
        return int(self.adj.shape[0])

    def with_adjacency(self, adj: sp.csr_array) -> Graph:
        """The same people and attributes over other ties (the ranker hides some to learn)."""
        strength, known = (None if m is None else sp.csr_array(m.multiply(adj)) for m in (self.strength, self.known))
        return Graph(adj, np.asarray(adj.sum(axis=1)).ravel(), self.attributes, self.rare, self.column_kinds, strength,
                     known)  # fmt: skip

    def weights(self, method: str) -> np.ndarray:
        """What each common neighbour contributes under ``method``."""
        deg = self.degree
        if method == "adamic-adar":
            return np.where(deg > 1, 1 / np.log(np.maximum(deg, 2)), 0.0)
        if method == "resource-allocation":
            return np.where(deg > 0, 1 / np.maximum(deg, 1), 0.0)
        return np.ones_like(deg, dtype=float)

    @cached_property
    def resource(self) -> np.ndarray:
        """Resource-allocation weights (1/degree), kept: the three-hop feature reads them for every block."""
        return self.weights("resource-allocation")

    def warm(self, *, masked: bool = False) -> None:
        """Compute the cached arrays workers read now, before they fork, so that they share them rather than
        each computing its own: the ranker's (weighted adjacency, weights, rare holders), and with ``masked``
        the masked products heuristic top lists read. Only before forking: each costs a pass over every tie
        (2.5 s for all of them at 10^6 people), wasted on one person's suggestions."""
        needed = [self.spread, self.resource, self.adamic, self.rare_holders]
        if masked:
            needed += [self.masked, self.selectable, self.adj_self]
        assert all(array is not None for array in needed)

    @cached_property
    def known_share(self) -> np.ndarray:
        """Each person's share of their ties whose strength is known (0 for everyone when none is)."""
        if self.known is None:
            return np.zeros(self.size)
        return np.asarray(np.asarray(self.known.sum(axis=1)).ravel() / np.maximum(self.degree, 1))

    @cached_property
    def allocated(self) -> tuple[sp.csr_array, sp.csr_array]:
        """The ties' strengths (:attr:`strength`; 1 each where none are known) and the same with each row divided
        by its sum: strength allocation's two factors (:func:`kithkin.network.strength.strength_allocation`),
        computed once, not for every block."""
        weights = self.adj if self.strength is None else self.strength
        total = np.asarray(weights.sum(axis=1)).ravel()
        scale = np.where(total > 0, 1 / np.where(total > 0, total, 1), 0.0)
        return weights, sp.csr_array(sp.diags_array(scale) @ weights)

    @cached_property
    def adamic(self) -> np.ndarray:
        """Adamic-Adar weights (1/log degree), kept for the ranker's per-block features."""
        return self.weights("adamic-adar")

    @cached_property
    def rare_holders(self) -> sp.csr_array:
        """``rare.T`` in row form: each rare attribute's holders, so a block's ``rare[rows] @ rare.T`` does not
        convert the transpose every time."""
        return sp.csr_array(self.rare.T)

    @cached_property
    def spread(self) -> dict[str, sp.csr_array]:
        """``diag(w) @ A`` for each weighting, computed once so a block needs one product, not two (each row
        scaled in place: a sparse product with the diagonal takes ~1 s at 10^6 people, this ~0.1 s)."""
        rows = entry_rows(self.adj)
        return {
            m: sp.csr_array((self.adj.data * self.weights(m)[rows], self.adj.indices, self.adj.indptr), self.adj.shape)
            for m in ("common-neighbours", "adamic-adar", "resource-allocation")
        }

    @cached_property
    def clustering(self) -> np.ndarray:
        """Each person's local clustering coefficient: the share of pairs of their friends who are friends
        (Watts & Strogatz 1998). Each tie's friends in common (its two rows multiplied, a chunk of ties at a
        time) are the triangles through it, counted once for each end: 1.8–2× faster than ``(A[rows] @ A) ⊙
        A[rows]`` at 10^5 people (8.0–8.3 s → 4.2–5.1 s, same values).

        >>> Graph.build(4, np.array([[0, 1], [1, 2], [0, 2], [2, 3]])).clustering.tolist()
        [1.0, 1.0, 0.3333333333333333, 0.0]
        """
        a, b = entry_rows(self.adj), self.adj.indices.astype(np.int64)
        a, b = a[a < b], b[a < b]
        twice = np.zeros(self.size)  # each triangle through a person counted once from each of its two ties there
        for start in range(0, len(a), 1 << 18):
            u, v = a[start : start + (1 << 18)], b[start : start + (1 << 18)]
            common = np.asarray(sp.csr_array(self.adj[u].multiply(self.adj[v])).sum(axis=1)).ravel()
            twice += np.bincount(u, common, minlength=self.size) + np.bincount(v, common, minlength=self.size)
        pairs = self.degree * (self.degree - 1)
        return np.where(pairs > 0, twice / np.maximum(pairs, 1), 0.0)

    @cached_property
    def spectral(self) -> tuple[np.ndarray, np.ndarray]:
        """The adjacency's leading eigenvalues and eigenvectors (:func:`kithkin.network.spectral.leading_eigenpairs`):
        the network's dense parts, which the spectral ranker's low-rank score reads."""
        from kithkin.network.spectral import leading_eigenpairs  # it builds on this module

        return leading_eigenpairs(self.adj)

    @cached_property
    def normalised_spectral(self) -> tuple[np.ndarray, np.ndarray]:
        """The leading eigenpairs of the normalised adjacency ``D^-1/2 A D^-1/2``
        (:func:`kithkin.network.spectral.normalised`), to the largest of its ranks the spectral ranker reads: the
        network's groups with the hubs' weight taken out."""
        from kithkin.network.spectral import NORMALISED_RANKS, leading_eigenpairs, normalised

        return leading_eigenpairs(normalised(self.adj), max(NORMALISED_RANKS))

    @cached_property
    def kind_groups(self) -> sp.csr_array:
        """:attr:`column_kinds`, or no column in any kind group when the kinds are not known."""
        from kithkin.network.context import GROUPS

        found = self.column_kinds
        return sp.csr_array((self.attributes.shape[1], len(GROUPS))) if found is None else found

    @cached_property
    def communities(self) -> np.ndarray:
        """Each person's community label on these ties (:func:`kithkin.network.context.label_propagation`)."""
        from kithkin.network.context import label_propagation

        return label_propagation(self.adj)

    @cached_property
    def community_friends(self) -> sp.csr_array:
        """Person × community label: how many of the person's friends carry it."""
        from kithkin.network.context import community_friends

        return community_friends(self.adj, self.communities)

    @cached_property
    def reciprocal(self) -> tuple[np.ndarray, np.ndarray]:
        """Each person's best and 20th-best untied resource-allocation score (:func:`reciprocal_bounds`)."""
        return reciprocal_bounds(self)

    @cached_property
    def adj_self(self) -> sp.csr_array:
        """Adjacency plus the identity: ``adj_self[rows] @ masked`` scores each person against themselves
        below zero too (their own row of :attr:`masked` adds the large negative diagonal), so no entry need be
        checked against the row's person; other pairs gain nothing (a person's own row of ``masked`` holds only
        their ties, already below zero)."""
        return sp.csr_array(self.adj + sp.eye_array(self.size, format="csr"))

    @cached_property
    def selectable(self) -> dict[str, sp.csr_matrix]:
        """:attr:`masked` as the ``csr_matrix`` that ``sparse_dot_topn`` takes (same arrays, not copied)."""
        return {m: sp.csr_matrix(masked, copy=False) for m, masked in self.masked.items()}

    @cached_property
    def masked(self) -> dict[str, sp.csr_array]:
        """:attr:`spread` less a large constant on the diagonal: ``A[rows] @ masked`` then scores people
        already tied below zero, and everyone else exactly as ``spread`` does (only a tie's own column meets
        the diagonal), so the top ``k`` need not look ties up."""
        big = 4.0 * float(self.degree.max(initial=0.0)) * max(float(self.adamic.max(initial=0.0)), 1.0) + 1.0
        minus = sp.diags_array(np.full(self.size, -big), format="csr")
        return {m: sp.csr_array(spread + minus) for m, spread in self.spread.items()}


def two_hop(graph: Graph, rows: np.ndarray, method: str, *, masked: bool = False) -> sp.csr_array:
    """Scores of ``rows`` against everyone two hops away, by a neighbourhood heuristic.

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [0, 3], [3, 2]]))
    >>> two_hop(g, np.array([0]), "common-neighbours").toarray().tolist()
    [[2.0, 0.0, 2.0, 0.0]]
    """
    spread = graph.masked if masked else graph.spread
    block = product(sp.csr_array(graph.adj[rows]), spread["common-neighbours" if method == "jaccard" else method])
    if method == "jaccard":
        row = np.repeat(np.arange(len(rows)), np.diff(block.indptr))
        union = graph.degree[rows][row] + graph.degree[block.indices] - block.data
        block = sp.csr_array((block.data / np.maximum(union, 1), block.indices, block.indptr), shape=block.shape)
    return block


def product(left: sp.csr_array, right: sp.csr_array) -> sp.csr_array:
    """``left @ right``, the same entries in the same order, in one pass rather than scipy's two.

    scipy first counts the product's entries exactly (a symbolic pass costing
    ~40% of the product), then fills them; an upper bound — the entries of
    every right-hand row the left side meets — is as good for allocating and
    costs one gather. Falls back to ``@`` if scipy's kernel is not where expected.

    >>> a = sp.csr_array(np.array([[1.0, 0, 2], [0, 0, 0], [0, 3, 0]]))
    >>> b = sp.csr_array(np.array([[0.5, 1, 0], [0, 0, 4], [1, 0, 0]]))
    >>> product(a, b).toarray().tolist() == (a @ b).toarray().tolist()
    True
    """
    width = int(right.shape[1])
    bound = int(np.diff(right.indptr)[left.indices].sum())
    if max(bound, right.nnz, left.nnz) >= 2**31 - 1 or _matmat is None:
        return sp.csr_array(left @ right)
    ptr = np.empty(left.shape[0] + 1, dtype=np.int32)
    cols, vals = np.empty(bound, dtype=np.int32), np.empty(bound, dtype=np.result_type(left.data, right.data))
    index = [np.asarray(x, dtype=np.int32) for x in (left.indptr, left.indices, right.indptr, right.indices)]
    _matmat(left.shape[0], width, index[0], index[1], left.data.astype(vals.dtype, copy=False), index[2], index[3],
            right.data.astype(vals.dtype, copy=False), ptr, cols, vals)  # fmt: skip
    return sp.csr_array((vals[: ptr[-1]], cols[: ptr[-1]], ptr), shape=(left.shape[0], width))


def entry_rows(matrix: sp.csr_array) -> np.ndarray:
    """The row of each stored entry of a CSR matrix."""
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def top_entries(
    block: sp.csr_array, rows: np.ndarray, graph: Graph, k: int, *, masked: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` best entries as (local row, column) arrays ordered by row, then best first.

    The person and people already tied to them are skipped (``masked``: ties
    already scored below zero, see :attr:`Graph.masked`); equal scores go by
    column. Sorting every entry by (row, -score, column) would cost most of the
    time, so a cheap pass first finds, per row, a bound that enough entries
    reach (one integer sort of ``row · 2^b + quantised(1 - score/max)``, which
    keeps each row's entries together, best first); only entries reaching it
    are checked against known ties and sorted exactly.
    """
    block = sp.csr_array(block)
    row, col, val = entry_rows(block), block.indices, block.data
    extra = 1 if masked else graph.degree[rows].astype(np.int64) + 1
    need = np.minimum(np.diff(block.indptr), k + extra)
    if len(val):
        keep = np.flatnonzero(_above_bound(row, val, block.indptr, need))
        row, col, val = row[keep], col[keep].astype(np.int64), val[keep]
    if masked:
        fresh = col != rows[row]
    else:
        known = sp.csr_array(graph.adj[rows])
        known_keys = distinct(
            np.r_[entry_rows(known) * graph.size + known.indices, np.arange(len(rows)) * graph.size + rows]
        )
        fresh = ~member(row * graph.size + col, known_keys)
    row, col = _ordered(row[fresh], col[fresh], val[fresh], len(rows), graph.size)
    best = _first(row, k, len(rows))
    return row[best], col[best]


def _first(row: np.ndarray, k: int, rows: int) -> np.ndarray:
    """Which entries are among the first ``k`` of their row (``row`` sorted)."""
    counts = np.bincount(row, minlength=rows)
    return np.asarray(np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts) < k)


def _above_bound(row: np.ndarray, val: np.ndarray, indptr: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Which positive entries reach their row's ``need``-th best score, quantised downwards (so ties with it
    and a few just below are kept too: a bound, never a miss). Integer keys sort 2× faster than floats."""
    bits = max(1, int(len(indptr) - 1).bit_length())
    kind, width = (np.uint32, 32) if bits <= 12 else (np.uint64, 64)
    steps = float(2 ** min(width - bits, 40) - 1)
    top = float(val.max()) or 1.0
    level = top - val
    level *= steps / top
    level = np.clip(level, 0, steps, out=level).astype(kind)
    shifted = np.left_shift(np.arange(len(need), dtype=kind), kind(width - bits))
    key = np.repeat(shifted, np.diff(indptr)) | level
    key.sort()
    has = np.flatnonzero(need > 0)
    bound = np.zeros(len(need), dtype=kind)
    bound[has] = key[indptr[has] + need[has] - 1] & kind(2 ** (width - bits) - 1)
    return np.asarray((level <= bound[row]) & (val > 0))


def _ordered(row: np.ndarray, col: np.ndarray, val: np.ndarray, rows: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Entries sorted by (row, -score, column): one integer sort of ``(row, score rank, column)`` packed in
    an int64 (a three-key ``lexsort`` is 10× slower), ``lexsort`` only when that would overflow."""
    values = np.sort(val)
    values = values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values
    rank = len(values) - 1 - np.searchsorted(values, val)  # a small table: the search stays in cache
    span = max(len(values), 1)
    if rows * span * size >= 2**62:
        order = np.lexsort((col, rank, row))
        return row[order], col[order]
    key = (row.astype(np.int64) * span + rank) * size + col
    key.sort()
    return key // (span * size), key % size


def top_k(block: sp.csr_array, rows: np.ndarray, graph: Graph, k: int, *, masked: bool = False) -> list[np.ndarray]:
    """Each row's ``k`` best columns (see :func:`top_entries`), one array per row.

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [1, 3]]))
    >>> [t.tolist() for t in top_k(two_hop(g, np.arange(4), "common-neighbours"), np.arange(4), g, 5)]
    [[2, 3], [], [0, 3], [0, 2]]
    """
    row, col = top_entries(block, rows, graph, k, masked=masked)
    return split_rows(np.bincount(row, minlength=len(rows)), col)


def split_rows(counts: np.ndarray, col: np.ndarray) -> list[np.ndarray]:
    """``col`` cut into consecutive pieces of ``counts`` (slices: ``np.split`` costs 10× more per piece)."""
    ends = np.cumsum(counts).tolist()
    return [col[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values, by one sort: numpy 2's ``np.unique`` hashes first, 20–50× slower on large
    integer arrays (1.5 s vs 0.03 s on 1.6 M keys).

    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(np.asarray(values).ravel())
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def member(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Whether each value is in ``known`` (sorted, distinct): ``np.isin`` by binary search.

    >>> member(np.array([5, 2, 9]), np.array([2, 5])).tolist()
    [True, True, False]
    """
    if not len(known):
        return np.zeros(len(values), dtype=bool)
    where = np.minimum(np.searchsorted(known, values), len(known) - 1)
    return np.asarray(known[where] == values)


def blocks(size: int, people: np.ndarray | None, block: int = BLOCK) -> list[np.ndarray]:
    """People in sorted row blocks (everyone when ``people`` is None)."""
    everyone = np.arange(size) if people is None else distinct(people)
    return [everyone[start : start + block] for start in range(0, len(everyone), block)]


def heuristic_top(
    graph: Graph, method: str, k: int, people: np.ndarray | None = None, *, workers: int | None = None,
    progress: Progress | None = None,
) -> dict[int, np.ndarray]:  # fmt: skip
    """Each person's top ``k`` suggestions by one heuristic, best first, equal scores by column.

    Common neighbours, Adamic-Adar and resource allocation select inside the
    product (:func:`selected_top`, on ``workers`` threads); Jaccard divides
    every score by a union first, so it takes the whole product per block.

    >>> g = Graph.build(5, np.array([[0, 1], [1, 2], [2, 3], [0, 3], [3, 4]]))
    >>> heuristic_top(g, "adamic-adar", 3)[4].tolist()
    [0, 2]
    """
    if method == "preferential-attachment":
        return _by_degree(graph, k, people)
    found: dict[int, np.ndarray] = {}
    if method in SELECTED:
        threads = workers if workers is not None else (os.cpu_count() or 1)
        parts = blocks(graph.size, people, SELECTED_BLOCK)

        def select(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return selected_top(graph, rows, method, k, threads=threads)

        results: Generator[tuple[np.ndarray, np.ndarray], None, None] = run_blocks(
            select, parts, workers=1, progress=progress
        )
    else:
        parts = blocks(graph.size, people, 4 * BLOCK)  # only k columns per person come back: larger blocks fit
        if len(parts) >= PARALLEL_BLOCKS:
            graph.warm(masked=True)  # computed once here, shared by the forked workers

        def job(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            row, col = top_entries(two_hop(graph, rows, method, masked=True), rows, graph, k, masked=True)
            return np.bincount(row, minlength=len(rows)), col  # two arrays travel back faster than one per person

        results = run_blocks(job, parts, workers=workers, progress=progress)
    with contextlib.closing(results):  # a failure here stops the workers at once
        for rows, (counts, col) in zip(parts, results, strict=True):
            found.update(zip(rows.tolist(), split_rows(counts, col), strict=True))
    return found


def selected_top(
    graph: Graph, rows: np.ndarray, method: str, k: int, *, threads: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` best columns by ``method`` as (count per row, columns), exactly as :func:`top_entries`
    orders them, without materialising the product.

    ``sparse_dot_topn`` multiplies ``A[rows] @ masked`` keeping only each
    row's best ``2k + 9`` entries, on ``threads`` threads of its own (it holds
    the GIL of the thread that calls it: measured, a Python thread beside it
    waited the whole product). That is exact for a row unless its ``k``-th best score also ends
    the kept list — equal scores beyond the cut may then have been dropped, and
    equal scores go by column — so only those rows (a few percent) are
    multiplied in full, keeping the entries that reach their ``k``-th score.
    Same sums in the same order as scipy's kernel: the scores are bitwise equal.
    """
    keep = 2 * k + 9
    kept = sp_matmul_topn(sp.csr_matrix(graph.adj_self[rows]), graph.selectable[method], top_n=keep,
                          threshold=0.0, sort=True, n_threads=threads if threads > 1 else None)  # fmt: skip
    counts, starts = np.diff(kept.indptr), kept.indptr[:-1]
    lowest, kth = np.full(len(rows), np.inf), np.full(len(rows), -np.inf)
    some, enough = np.flatnonzero(counts), np.flatnonzero(counts >= k)
    lowest[some] = kept.data[starts[some] + counts[some] - 1]  # each row sorted best first: its last is its lowest
    kth[enough] = kept.data[starts[enough] + k - 1]
    unsure = (counts == keep) & (kth <= lowest)
    kth[unsure] = np.inf  # redone below from the whole product
    row = entry_rows(kept)
    reach = np.flatnonzero(kept.data >= kth[row])
    row, col, val = row[reach], kept.indices[reach].astype(np.int64), kept.data[reach]
    if len(row):  # best first already: order equal scores by column, inside runs of one (row, score)
        run = np.cumsum(np.r_[0, (row[1:] != row[:-1]) | (val[1:] != val[:-1])])
        key = run * graph.size + col
        key.sort()
        col = key % graph.size
    if unsure.any():
        again = np.flatnonzero(unsure)
        full = product(sp.csr_array(graph.adj_self[rows[again]]), graph.masked[method])
        local = entry_rows(full)
        more = full.data >= kept.data[starts[again] + k - 1][local]
        extra, extra_col = _ordered(local[more], full.indices[more].astype(np.int64), full.data[more], len(again),
                                    graph.size)  # fmt: skip
        row, col = np.r_[row, again[extra]], np.r_[col, extra_col]
        order = np.argsort(row, kind="stable")
        row, col = row[order], col[order]
    return np.minimum(np.bincount(row, minlength=len(rows)), k), col[_first(row, k, len(rows))]


def reciprocal_bounds(graph: Graph, chunk: int = 16384) -> tuple[np.ndarray, np.ndarray]:
    """Each person's best and :data:`RECIPROCAL_K`-th best resource-allocation score with someone they are not
    tied to (0 when they have fewer), selected inside the product by ``sparse_dot_topn`` on every core: what
    learning to rank reads for reciprocity (how a pair stands in the candidate's own list)."""
    best, kth = np.zeros(graph.size), np.zeros(graph.size)
    for start in range(0, graph.size, chunk):
        rows = np.arange(start, min(start + chunk, graph.size))
        kept = sp_matmul_topn(sp.csr_matrix(graph.adj_self[rows]), graph.selectable["resource-allocation"],
                              top_n=RECIPROCAL_K, threshold=0.0, sort=True,
                              n_threads=os.cpu_count() if (os.cpu_count() or 1) > 1 else None)  # fmt: skip
        counts, starts = np.diff(kept.indptr), kept.indptr[:-1]
        some, enough = np.flatnonzero(counts), np.flatnonzero(counts >= RECIPROCAL_K)
        best[rows[some]] = kept.data[starts[some]]
        kth[rows[enough]] = kept.data[starts[enough] + RECIPROCAL_K - 1]
    return best, kth


def _by_degree(graph: Graph, k: int, people: np.ndarray | None) -> dict[int, np.ndarray]:
    """Preferential attachment: the best-connected people one is not tied to (ties by id)."""
    by_degree = np.lexsort((np.arange(graph.size), -graph.degree))
    found: dict[int, np.ndarray] = {}
    for person in (np.arange(graph.size) if people is None else people).tolist():
        head = by_degree[: k + int(graph.degree[person]) + 1]
        known = graph.adj.indices[graph.adj.indptr[person] : graph.adj.indptr[person + 1]]
        found[person] = head[(head != person) & ~np.isin(head, known)][:k]
    return found
