"""Each person's top ``k`` with scores, exactly as :meth:`kithkin.network.linkpred.Ranker.top` ranks them.

``Ranker.top`` returns the people in order; batch jobs also write each suggestion's score, so this module
repeats :meth:`~kithkin.network.linkpred.Ranker.top_block` step by step and keeps the scores. Its last
step, :func:`select`, is what the Spark engine runs on each block of people
(:mod:`kithkin.spark.suggest`), so both engines score and cut with the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kithkin.network.heuristics import BLOCK, Graph, blocks
from kithkin.network.linkpred import FEATURES, Ranker, _block_features, _products, _ranks_within, candidate_pairs

#: A graph with no one: :meth:`Ranker.score` reads the graph only when it is not given the features.
_NOBODY = Graph.build(0, np.zeros((0, 2), dtype=np.int64))


@dataclass(frozen=True)
class Top:
    """Suggestions as columns: person (dense index), rank (1 = best), candidate (dense index), score, and the
    reasons: common neighbours (``mutual``) and shared groups (``shared``, those the ranker counts)."""

    person: np.ndarray
    rank: np.ndarray
    candidate: np.ndarray
    score: np.ndarray
    mutual: np.ndarray
    shared: np.ndarray


#: Top's columns, in order.
COLUMNS = ("person", "rank", "candidate", "score", "mutual", "shared")
#: Where the reasons are among the ranker's FEATURES.
_MUTUAL, _SHARED = FEATURES.index("common-neighbours"), FEATURES.index("shared")


def select(ranker: Ranker, local: np.ndarray, pairs: np.ndarray, raw: np.ndarray, k: int) -> Top:
    """Score one block's candidates (``pairs`` sorted by person then candidate, ``local`` each pair's row in
    the block, ``raw`` their :data:`~kithkin.network.linkpred.FEATURES`) and keep each person's top ``k``,
    best first, equal scores by candidate — the tail of :meth:`Ranker.top_block`."""
    scores = ranker.score(_NOBODY, pairs, raw) if len(pairs) else np.zeros(0)
    best = np.flatnonzero(_ranks_within(scores, local) <= k)
    best = best[np.lexsort((pairs[best, 1], -scores[best], local[best]))]
    local, pairs, scores, raw = local[best], pairs[best], scores[best], raw[best]
    starts = np.searchsorted(local, local)
    reasons = raw[:, _MUTUAL].astype(np.int64), raw[:, _SHARED].astype(np.int64)
    return Top(pairs[:, 0], np.arange(len(local)) - starts + 1, pairs[:, 1], scores, *reasons)


def top_scored(ranker: Ranker, graph: Graph, k: int, people: np.ndarray | None = None) -> Top:
    """Everyone's (or ``people``'s) top ``k`` with scores, block by block as :meth:`Ranker.top` goes.

    >>> g = Graph.build(5, np.array([[0, 1], [1, 2], [2, 3], [0, 3], [3, 4]]))
    >>> found = top_scored(Ranker(None), g, 2)
    >>> found.candidate[found.person == 4].tolist() == Ranker(None).top(g, 2)[4].tolist()
    True
    """
    per_source = ranker.pool(k)
    parts: list[Top] = []
    for rows in blocks(graph.size, people, BLOCK):
        products = _products(graph, rows)
        local, cols = candidate_pairs(graph, rows, per_source, products["adamic-adar"])
        pairs = np.stack([rows[local], cols], axis=1)
        raw = _block_features(graph, rows, local, cols, products)
        parts.append(select(ranker, local, pairs, raw, k))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Top(empty, empty, empty, np.zeros(0), empty, empty)
    return Top(*(np.concatenate([getattr(p, f) for p in parts]) for f in COLUMNS))
