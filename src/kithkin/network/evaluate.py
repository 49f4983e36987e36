"""Evaluating suggestions by hiding known ties: Hits@K, MRR and AUC for every method on the same split.

Protocol: a fraction of the edges is hidden (or a split made elsewhere is
given); every method sees only the rest and suggests its top 50 for each
person. Two ways of counting, each with Hits@10/20/50 and MRR:

* *per edge*: a hidden tie counts as found at K when either end has the other
  in its top K (once, however many ends have it); MRR averages the reciprocal
  of the better of the two ranks (0 beyond the top 50);
* *per person, both directions*: each hidden tie is looked for in both ends'
  lists, so it counts twice, once for each person who should meet the other;
  MRR averages, over people with hidden ties, the reciprocal rank of their
  first hidden tie (0 when absent from the top 50).

AUC is the chance a hidden tie scores above a random non-tie (20,000 of each,
sampled); for kithkin's rankers it uses a model of the raw scores comparable
across people, not ranks within one person's list.

kithkin's rankers learn, and make every choice (blend, trees, fallback), from
the training edges alone (:meth:`kithkin.network.linkpred.Ranker.learn`,
:meth:`kithkin.network.ltr.LtrRanker.learn`); they are never handed the test
edges, which are used once, to report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
from kithkin.network.ltr import LtrRanker
from kithkin.network.spectral import SpectralRanker
from kithkin.network.strength import strength_allocation, strength_top

KS = (10, 20, 50)
TOP = 50
#: The heuristic measured beside :data:`HEURISTICS` on networks whose ties' strengths are known.
STRENGTH_HEURISTIC = "strength-allocation"
#: Every heuristic kithkin's rankers are measured against (the last only where strengths are known).
BASELINES = (*HEURISTICS, STRENGTH_HEURISTIC)


#: kithkin's rankers, by the name the evaluation reports: the logistic ranker, learning to rank, and the spectral
#: ranker (`kithkin suggest`'s default).
RANKERS: dict[str, type[Ranker]] = {
    "kithkin-logistic": Ranker,
    "kithkin-ltr": LtrRanker,
    "kithkin-spectral": SpectralRanker,
}


@dataclass(frozen=True)
class Scores:
    """One method on one split: per edge (``hits``, ``edge_mrr``), per person both directions (``person_hits``,
    ``mrr``), and AUC."""

    method: str
    hits: dict[int, float]
    mrr: float
    auc: float
    person_hits: dict[int, float] = field(default_factory=dict)
    edge_mrr: float = 0.0


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
    """Hits@K (per edge: either end) for each K in :data:`KS`, and MRR (per person), of top lists against hidden
    edges.

    >>> hits, mrr = metrics({0: np.array([1, 2]), 1: np.array([3])}, np.array([[0, 2], [1, 3], [2, 3]]))
    >>> round(hits[10], 3), mrr
    (0.667, 0.375)
    """
    counted = all_metrics(top, test)
    return counted.hits, counted.mrr


@dataclass(frozen=True)
class Counted:
    """Both ways of counting (module docstring): per edge and per person in both directions."""

    hits: dict[int, float]
    edge_mrr: float
    person_hits: dict[int, float]
    mrr: float


def all_metrics(top: Mapping[int, np.ndarray], test: np.ndarray) -> Counted:
    """Hits@K and MRR of per-person top lists against hidden edges, per edge and per person in both directions.

    >>> found = all_metrics({0: np.array([1, 2]), 1: np.array([3])}, np.array([[0, 2], [1, 3], [2, 3]]))
    >>> found.person_hits[10], found.edge_mrr
    (0.3333333333333333, 0.5)
    """
    rank: dict[tuple[int, int], int] = {}
    for person, suggested in top.items():
        for position, other in enumerate(suggested.tolist(), start=1):
            rank[(person, other)] = position
    ends = np.array([[rank.get((u, v), 10**9), rank.get((v, u), 10**9)] for u, v in test.tolist()]).reshape(-1, 2)
    best = ends.min(axis=1)
    hits = {k: float(np.mean(best <= k)) if len(best) else 0.0 for k in KS}
    person_hits = {k: float(np.mean(ends <= k)) if len(best) else 0.0 for k in KS}
    edge_mrr = float(np.mean(np.where(best <= TOP, 1 / best, 0.0))) if len(best) else 0.0
    first: dict[int, int] = {}
    for (u, v), (here, there) in zip(test.tolist(), ends.tolist(), strict=True):
        first[u] = min(first.get(u, 10**9), here)
        first[v] = min(first.get(v, 10**9), there)
    mrr = float(np.mean([1 / r if r <= TOP else 0.0 for r in first.values()])) if first else 0.0
    return Counted(hits, edge_mrr, person_hits, mrr)


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
    graph: Graph, train: np.ndarray, test: np.ndarray, *, seed: int = 7, people: np.ndarray | None = None,
    rankers: Mapping[str, type[Ranker]] = RANKERS,
) -> tuple[list[Scores], dict[str, dict[int, np.ndarray]], dict[str, Ranker]]:  # fmt: skip
    """Every heuristic and kithkin's ``rankers`` on one split; returns the scores, each method's top lists and the
    learned rankers. The rankers learn from ``graph`` and ``train`` only: ``test`` is read after their lists."""
    who = np.unique(test.ravel()) if people is None else people
    results: list[Scores] = []
    lists: dict[str, dict[int, np.ndarray]] = {}
    learned: dict[str, Ranker] = {}
    for name, kind in rankers.items():
        learned[name] = kind.learn(graph, train, seed=seed)
        lists[name] = learned[name].top(graph, TOP, who)
    for method in HEURISTICS:
        lists[method] = heuristic_top(graph, method, TOP, who)
    pairs, labels = _auc_pairs(graph, test, seed)
    features = pair_features(graph, pairs)  # once, for every heuristic's AUC
    for method in HEURISTICS:
        found = auc(heuristic_pair_scores(graph, method, pairs, features), labels)
        results.append(_scores(method, lists[method], test, found))
    if graph.strength is not None:  # where strengths are known, the heuristic that reads them is measured too
        lists[STRENGTH_HEURISTIC] = strength_top(graph, TOP, who)
        found = auc(strength_allocation(graph, pairs), labels)
        results.append(_scores(STRENGTH_HEURISTIC, lists[STRENGTH_HEURISTIC], test, found))
    for name, ranker in learned.items():
        results.append(_scores(name, lists[name], test, auc(ranker.score_pairs(graph, pairs, fused=False), labels)))
    return results, lists, learned


def _scores(method: str, top: Mapping[int, np.ndarray], test: np.ndarray, area: float) -> Scores:
    counted = all_metrics(top, test)
    return Scores(method, counted.hits, counted.mrr, area, counted.person_hits, counted.edge_mrr)
