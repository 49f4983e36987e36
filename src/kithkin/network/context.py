"""What learning to rank sees beyond :func:`~kithkin.network.linkpred.pair_features`: the pair's own story.

* **Shared attributes by kind**, each weighted by rarity (Σ √idf² = Σ idf over the
  values both hold, as :func:`~kithkin.network.pairs.shared` weighs them), for the
  kinds of :data:`KIND_GROUPS` — school, concentration, year, employer, position,
  work dates, city, hometown, language — and **conjunctions** of two kinds
  (:data:`CONJUNCTIONS`): both hold a school *and* both hold a class year; both an
  employer *and* a work start or end date; both a city *and* an employer. A
  conjunction weighs the rarer-looking half (the lower of the two sums). On
  ego-Facebook a profile's values are anonymised and flattened (a person holds
  ``education;school`` values and ``education;year`` values, without saying which
  year goes with which school), so a conjunction says "share a school and share a
  year", never "were at that school in that year".
* **Counts of 3-paths** ``(A³)[u, v]`` (for untied pairs every walk of three steps is a
  path).
* **Communities**: label propagation on the graph the ranker is given
  (:func:`label_propagation`): same community, the share of ``u``'s friends in ``v``'s
  community and the other way round, the size of ``v``'s community.
* **Reciprocity**: how ``u`` stands in ``v``'s own resource-allocation list — its score
  as a share of ``v``'s best untied score, and whether it reaches ``v``'s 20th
  (:func:`~kithkin.network.heuristics.reciprocal_bounds`).

Everything is computed from the ties and attributes given, never a hidden tie.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from kithkin.network.heuristics import Graph, entry_rows
from kithkin.network.pairs import lookup

#: Feature group of each attribute kind as data sets and the store name them (other kinds: none).
KIND_GROUPS = {
    "education;school": "school", "school": "school",
    "education;concentration": "concentration",
    "education;year": "year",
    "work;employer": "employer", "employer": "employer",
    "work;position": "position",
    "work;start_date": "work-dates", "work;end_date": "work-dates",
    "location": "city", "place": "city",
    "hometown": "hometown",
    "languages": "language",
}  # fmt: skip
GROUPS = ("school", "concentration", "year", "employer", "position", "work-dates", "city", "hometown", "language")
#: Two kinds held together: (name, first group, second group).
CONJUNCTIONS = (
    ("school-and-year", "school", "year"),
    ("employer-and-dates", "employer", "work-dates"),
    ("city-and-employer", "city", "employer"),
    ("school-and-concentration", "school", "concentration"),
)
#: Columns of :func:`context_features`.
CONTEXT_FEATURES = (
    *(f"kind:{g}" for g in GROUPS),
    *(f"both:{name}" for name, _, _ in CONJUNCTIONS),
    "three-paths", "same-community", "friends-in-their-community", "their-friends-in-my-community",
    "community-size", "reciprocal-share", "reciprocal-top-20",
)  # fmt: skip
#: Rounds of label propagation; each moves a random half of everyone to their neighbourhood's commonest label.
PROPAGATION_ROUNDS = 8


def kind_matrix(kinds: np.ndarray, names: tuple[str, ...]) -> sp.csr_array:
    """Attribute column × :data:`GROUPS`: 1 where the column's kind (an index into ``names``, −1 unknown) is in
    the group.

    >>> kind_matrix(np.array([0, 1, -1]), ("education;school", "hometown")).toarray()[:, [0, 7]].tolist()
    [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    """
    group = np.array([GROUPS.index(KIND_GROUPS[n]) if n in KIND_GROUPS else -1 for n in names], dtype=np.int64)
    per_column = np.where(kinds >= 0, group[np.maximum(kinds, 0)] if len(group) else -1, -1)
    keep = np.flatnonzero(per_column >= 0)
    return sp.csr_array((np.ones(len(keep)), (keep, per_column[keep])), shape=(len(kinds), len(GROUPS)))


def label_propagation(adj: sp.csr_array, seed: int = 7, rounds: int = PROPAGATION_ROUNDS) -> np.ndarray:
    """Community labels by label propagation (Raghavan, Albert & Kumara 2007): everyone starts alone; each
    round a random half of everyone takes the label most common among their friends — keeping their own when
    it is among the commonest, else one of those at random (seeded). Half at a time, so that two sides of a
    tie do not swap labels for ever.

    >>> two_triangles = sp.csr_array(np.array([[0, 1, 1, 0, 0, 0], [1, 0, 1, 0, 0, 0], [1, 1, 0, 1, 0, 0],
    ...     [0, 0, 1, 0, 1, 1], [0, 0, 0, 1, 0, 1], [0, 0, 0, 1, 1, 0]], dtype=float))
    >>> labels = label_propagation(two_triangles)
    >>> bool(labels[0] == labels[1] == labels[2]), bool(labels[3] == labels[4] == labels[5])
    (True, True)
    """
    size = int(adj.shape[0])
    rng = np.random.default_rng([seed, 31])
    labels = np.arange(size, dtype=np.int64)
    owner, friend = entry_rows(adj), adj.indices.astype(np.int64)
    for _ in range(rounds):
        keys = np.sort(owner * size + labels[friend])
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        who, label = keys[starts] // size, keys[starts] % size
        votes = np.diff(np.r_[starts, len(keys)]) + 0.5 * (label == labels[who]) + 0.4 * rng.random(len(starts))
        first = np.flatnonzero(np.r_[True, who[1:] != who[:-1]]) if len(who) else np.zeros(0, dtype=np.int64)
        person = np.cumsum(np.r_[True, who[1:] != who[:-1]]) - 1 if len(who) else first
        top = np.flatnonzero(votes == np.maximum.reduceat(votes, first)[person]) if len(who) else first
        chosen = top[np.r_[True, person[top][1:] != person[top][:-1]]] if len(top) else top  # one per person
        moving = rng.random(size)[who[chosen]] < 0.5
        labels[who[chosen][moving]] = label[chosen][moving]
    return labels


def community_friends(adj: sp.csr_array, labels: np.ndarray) -> sp.csr_array:
    """Person × community: how many of the person's friends carry each label."""
    size = int(adj.shape[0])
    counts = sp.csr_array((np.ones(adj.nnz), (entry_rows(adj), labels[adj.indices])), shape=(size, size))
    counts.sum_duplicates()
    return counts


def three_paths(graph: Graph, pairs: np.ndarray, block: int = 512) -> np.ndarray:
    """``(A³)[u, v]``: ``Σ_w (A²)[u, w]·A[w, v]``, ``u``'s row of ``A²`` spread into a scratch row and read at
    ``v``'s friends ``w`` (as :func:`kithkin.network.pairs.shared` reads three-hop resource allocation).

    >>> g = Graph.build(4, np.array([[0, 1], [1, 2], [2, 3]]))
    >>> three_paths(g, np.array([[0, 3], [0, 2]])).tolist()
    [1.0, 0.0]
    """
    out = np.zeros(len(pairs))
    order = np.argsort(pairs[:, 0], kind="stable")
    sources = pairs[order, 0]
    reach = np.zeros(graph.size)
    for start in range(0, len(order), block * 64):
        ahead = sources[min(start + block * 64, len(order)) - 1]
        stop = int(np.searchsorted(sources, ahead, side="right"))  # whole sources per chunk
        if stop <= start:
            continue
        mine = order[start:stop]
        rows, local = np.unique(sources[start:stop], return_inverse=True)
        two = sp.csr_array(sp.csr_array(graph.adj[rows]) @ graph.adj)
        near = sp.csr_array(graph.adj[pairs[mine, 1]])
        pair = entry_rows(near)
        at = np.searchsorted(local[pair], np.arange(len(rows) + 1)).tolist()
        walks = np.zeros(near.nnz)
        for u in range(len(rows)):
            if at[u + 1] > at[u]:
                span = slice(two.indptr[u], two.indptr[u + 1])
                reach[two.indices[span]] = two.data[span]
                walks[at[u] : at[u + 1]] = reach[near.indices[at[u] : at[u + 1]]]
                reach[two.indices[span]] = 0.0
        out[mine] = np.bincount(pair, walks, minlength=len(mine))
    return out


def context_features(graph: Graph, pairs: np.ndarray, resource: np.ndarray) -> np.ndarray:
    """Columns :data:`CONTEXT_FEATURES` of candidate pairs (``resource``: their resource allocation)."""
    u, v = pairs[:, 0], pairs[:, 1]
    att = graph.attributes
    both = sp.csr_array(att[u].multiply(att[v]))
    by_kind = np.asarray((both @ graph.kind_groups).todense()) if both.shape[1] else np.zeros((len(u), len(GROUPS)))
    conj = [np.where((by_kind[:, GROUPS.index(a)] > 0) & (by_kind[:, GROUPS.index(b)] > 0),
                     np.minimum(by_kind[:, GROUPS.index(a)], by_kind[:, GROUPS.index(b)]), 0.0)
            for _, a, b in CONJUNCTIONS]  # fmt: skip
    labels, friends = graph.communities, graph.community_friends
    (mine,) = lookup([friends], u, labels[v])
    (theirs,) = lookup([friends], v, labels[u])
    sizes = np.bincount(labels, minlength=graph.size)
    best, kth = graph.reciprocal
    return np.column_stack([
        by_kind, *conj, np.log1p(three_paths(graph, pairs)), (labels[u] == labels[v]).astype(float),
        mine / np.maximum(graph.degree[u], 1), theirs / np.maximum(graph.degree[v], 1), np.log1p(sizes[labels[v]]),
        np.where(best[v] > 0, resource / np.where(best[v] > 0, best[v], 1.0), 0.0),
        ((resource >= kth[v]) & (resource > 0)).astype(float),
    ])  # fmt: skip
