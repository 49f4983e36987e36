"""What a block of candidate pairs share three hops out and in attributes, read row by row.

The ranker scores a few hundred candidates per person, but the sparse products
that would hold these scores (three-hop ``A[rows] @ diag(w) @ A @ diag(w) @ A``,
``attributes[rows] ⊙ attributes[cols]``) list everyone within reach or copy each
pair's attributes: tens of millions of entries per block at 10^6 people, most
never read. Instead, for each person ``u`` of a block, what ``u`` has (two-hop
resource allocation, attributes) is spread into a scratch row and read at what
each candidate ``v`` has (neighbours, attributes); sums per pair follow with one
``bincount``. Work grows with the candidates' degrees, not with the reach.
(The two-hop scores come from the block's products, which list the candidates
anyway.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kithkin.network.heuristics import Graph, entry_rows


@dataclass(frozen=True)
class Shared:
    """Per pair: three-hop resource allocation, the rarity-weighted shared attributes (Σ idf), how many
    attributes are shared, and embedded resource allocation (:func:`embedded_weights`)."""

    three_hop: np.ndarray
    rarity: np.ndarray
    count: np.ndarray
    embedded: np.ndarray


def _expand(matrix: sp.csr_array, local: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Each stored entry's pair index, and where each local row's pairs' entries start and end."""
    pair = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return pair, matrix.indices, np.searchsorted(local[pair], np.arange(rows + 1)).tolist()


def shared(
    graph: Graph, rows: np.ndarray, local: np.ndarray, cols: np.ndarray, two: sp.csr_array, common: sp.csr_array
) -> Shared:
    """What each pair (``rows[local]``, ``cols``) shares; ``local`` sorted, ``two`` the block's two-hop
    resource allocation (``A[rows] @ diag(1/degree) @ A``), ``common`` its common neighbours (``A[rows] @ A``).

    Three-hop resource allocation is ``Σ_w two[u, w]·ra(w)·A[w, v]`` (Lü, Jin & Zhou 2009), counted over
    walks as the matrix product counts them.

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [2, 3]]))
    >>> two = sp.csr_array(g.adj[[0]] @ g.spread["resource-allocation"])
    >>> common = sp.csr_array(g.adj[[0]] @ g.adj)
    >>> found = shared(g, np.array([0]), np.array([0, 0]), np.array([2, 3]), two, common)
    >>> found.three_hop.tolist(), found.rarity.tolist()
    ([0.0, 0.25], [0.0, 0.0])
    """
    near_pair, near, near_at = _expand(sp.csr_array(graph.adj[cols]), local, len(rows))
    held = sp.csr_array(graph.attributes[cols])
    held_pair, kinds, held_at = _expand(held, local, len(rows))
    walk, inner, mine = np.zeros(len(near)), np.zeros(len(near)), np.zeros(len(kinds))
    reach, mark = np.zeros(graph.size), np.zeros(graph.attributes.shape[1])
    spread = two.data * graph.resource[two.indices]
    ties, circle = embedded_weights(graph, rows, common)
    att = graph.attributes
    for u, person in enumerate(rows.tolist()):
        a, b = near_at[u], near_at[u + 1]
        if b > a and two.indptr[u + 1] > two.indptr[u]:
            twos = slice(two.indptr[u], two.indptr[u + 1])
            reach[two.indices[twos]] = spread[twos]
            walk[a:b] = reach[near[a:b]]
            reach[two.indices[twos]] = 0.0
            friends = slice(ties.indptr[u], ties.indptr[u + 1])
            reach[ties.indices[friends]] = circle[friends]
            inner[a:b] = reach[near[a:b]]
            reach[ties.indices[friends]] = 0.0
        c, d = held_at[u], held_at[u + 1]
        if d > c:
            own = slice(att.indptr[person], att.indptr[person + 1])
            mark[att.indices[own]] = att.data[own]
            mine[c:d] = mark[kinds[c:d]]
            mark[att.indices[own]] = 0.0
    n = len(cols)
    return Shared(
        np.bincount(near_pair, walk, minlength=n),
        np.bincount(held_pair, mine * held.data, minlength=n).astype(float),
        np.bincount(held_pair, mine > 0, minlength=n).astype(float),
        np.bincount(near_pair, inner, minlength=n),
    )


def embedded_weights(graph: Graph, rows: np.ndarray, common: sp.csr_array) -> tuple[sp.csr_array, np.ndarray]:
    """The block's ties, and what each tie (u, z) adds to embedded resource allocation:
    ``sqrt(1 + e(u, z)) / degree(z)``, where ``e(u, z)``, the friends ``u`` and ``z`` share, is read from
    ``common`` (the block's ``A[rows] @ A``).

    Embedded resource allocation of a pair (u, v) sums this over their common
    neighbours ``z``. It weighs a tie's embeddedness (Granovetter; Marsden &
    Campbell): an introduction through a friend inside one's own circle counts
    more than one through a friend met once. Measured alone on the observed
    ego-Facebook and email-eu-core ties (10 % hidden, seed 7;
    ``bench/bench_embedded.py``), Hits@10/20/50 and MRR:
    0.555/0.727/0.899/0.547 and 0.503/0.643/0.814/0.510, against resource
    allocation's 0.555/0.721/0.897/0.543 and 0.485/0.622/0.805/0.494.
    """
    ties = sp.csr_array(graph.adj[rows])
    if not ties.nnz:
        return ties, np.zeros(0)
    (shared_friends,) = lookup([common], entry_rows(ties), ties.indices)
    return ties, np.sqrt(1 + shared_friends) / np.maximum(graph.degree[ties.indices], 1)


def lookup(products: list[sp.csr_array], local: np.ndarray, cols: np.ndarray) -> list[np.ndarray]:
    """``product[local, cols]`` for each product (0 where nothing is stored); products of one pattern (the
    heuristics' two-hop products usually are) share one binary search.

    >>> m = sp.csr_array(np.array([[0.0, 2.0], [3.0, 0.0]]))
    >>> [x.tolist() for x in lookup([m, 2 * m], np.array([0, 1, 1]), np.array([1, 0, 1]))]
    [[2.0, 3.0, 0.0], [4.0, 6.0, 0.0]]
    """
    first, found = products[0], []
    first.sum_duplicates()
    keys = entry_rows(first) * first.shape[1] + first.indices
    query = local * first.shape[1] + cols
    where = np.minimum(np.searchsorted(keys, query), max(len(keys) - 1, 0))
    hit = keys[where] == query if len(keys) else np.zeros(len(query), dtype=bool)
    for product in products:
        product.sum_duplicates()
        if not (np.array_equal(product.indptr, first.indptr) and np.array_equal(product.indices, first.indices)):
            return [lookup([p], local, cols)[0] for p in products]
        found.append(np.where(hit, product.data[where] if len(keys) else 0.0, 0.0))
    return found
