"""Evaluating suggestions by hiding known ties: Hits@K, MRR and AUC for every method on the same split.

Protocol: a fraction of the edges is hidden (or a split made elsewhere is
given); every method sees only the rest and suggests its top 50 for each
person; a hidden tie counts as found at K when either end has the other in
its top K. MRR averages, over people with hidden ties, the reciprocal rank of
the first hidden tie in their list (0 when absent from the top 50). AUC is the
chance a hidden tie scores above a random non-tie (20,000 of each, sampled);
for kithkin's ranker it uses the model's probability, not the blend with a
heuristic's rank (a rank within one person's list does not compare across people).

kithkin's ranker learns, and chooses its blend, from the training edges alone
(:meth:`kithkin.network.linkpred.Ranker.learn` hides tenths of them and keeps
the last tenth for validation); the test edges are used once, to report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kithkin.network.linkpred import (
    HEURISTICS,
    Graph,
    Ranker,
    heuristic_pair_scores,
    heuristic_top,
    pair_features,
)

KS = (10, 20, 50)
TOP = 50


@dataclass(frozen=True)
class Scores:
    method: str
    hits: dict[int, float]
    mrr: float
    auc: float


def split(edges: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Hide ``fraction`` of the edges, never leaving a person without a tie in training."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(edges))
    degree = np.bincount(edges.ravel())
    hidden = np.zeros(len(edges), dtype=bool)
    budget = int(len(edges) * fraction)
    for index in order:
        if budget == 0:
            break
        u, v = edges[index]
        if degree[u] > 1 and degree[v] > 1:
            hidden[index] = True
            degree[u] -= 1
            degree[v] -= 1
            budget -= 1
    return edges[~hidden], edges[hidden]


def metrics(top: Mapping[int, np.ndarray], test: np.ndarray) -> tuple[dict[int, float], float]:
    """Hits@K for each K in :data:`KS`, and MRR, of per-person top lists against hidden edges."""
    rank: dict[tuple[int, int], int] = {}
    for person, suggested in top.items():
        for position, other in enumerate(suggested.tolist(), start=1):
            rank[(person, other)] = position
    best = np.array([min(rank.get((u, v), 10**9), rank.get((v, u), 10**9)) for u, v in test.tolist()])
    hits = {k: float(np.mean(best <= k)) if len(best) else 0.0 for k in KS}
    first: dict[int, int] = {}
    for u, v in test.tolist():
        for a, b in ((u, v), (v, u)):
            if (a, b) in rank:
                first[a] = min(first.get(a, 10**9), rank[(a, b)])
            else:
                first.setdefault(a, 10**9)
    mrr = float(np.mean([1 / r if r <= TOP else 0.0 for r in first.values()])) if first else 0.0
    return hits, mrr


def auc(score: np.ndarray, label: np.ndarray) -> float:
    """Area under the ROC curve by ranks (ties count half)."""
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    # average ranks over ties
    _, inverse, counts = np.unique(score, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=ranks)
    ranks = (sums / counts)[inverse]
    positives = int(label.sum())
    negatives = len(label) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    return float((ranks[label].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def _auc_pairs(graph: Graph, test: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    positives = test[rng.permutation(len(test))[:20_000]]
    n = graph.size
    known = sp.csr_array(graph.adj)
    test_set = {(int(a), int(b)) for a, b in test}
    negatives: list[tuple[int, int]] = []
    while len(negatives) < len(positives):
        u, v = rng.integers(0, n, 2)
        if u != v and known[u, v] == 0 and (min(u, v), max(u, v)) not in test_set:
            negatives.append((int(u), int(v)))
    pairs = np.vstack([positives, np.array(negatives, dtype=np.int64).reshape(-1, 2)])
    labels = np.r_[np.ones(len(positives), dtype=bool), np.zeros(len(negatives), dtype=bool)]
    return pairs, labels


def evaluate(
    graph: Graph, train: np.ndarray, test: np.ndarray, *, seed: int = 7, people: np.ndarray | None = None
) -> tuple[list[Scores], dict[str, dict[int, np.ndarray]]]:
    """Every heuristic and kithkin's ranker on one split; returns the scores and each method's top lists."""
    who = np.unique(test.ravel()) if people is None else people
    pairs, labels = _auc_pairs(graph, test, seed)
    features = pair_features(graph, pairs)  # once, for every heuristic's AUC
    results: list[Scores] = []
    lists: dict[str, dict[int, np.ndarray]] = {}
    for method in HEURISTICS:
        lists[method] = heuristic_top(graph, method, TOP, who)
        hits, mrr = metrics(lists[method], test)
        results.append(Scores(method, hits, mrr, auc(heuristic_pair_scores(graph, method, pairs, features), labels)))
    ranker = Ranker.learn(graph, train, seed=seed)
    lists["kithkin"] = ranker.top(graph, TOP, who)
    hits, mrr = metrics(lists["kithkin"], test)
    results.append(Scores("kithkin", hits, mrr, auc(ranker.score_pairs(graph, pairs, fused=False), labels)))
    return results, lists
