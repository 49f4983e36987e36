"""Warm introduction paths: the strongest chains of real ties from the user to someone (pure numpy/scipy).

A path is as strong as the product of its ties' strengths, so the best path is
the shortest one under ``-log(strength)`` (Dijkstra). Distinct paths are the
best path through each of the user's own contacts — each names a different
introducer, which is what a user can act on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

#: Paths weaker than this (product of strengths) are not worth asking anyone to walk; the search stops there,
#: which keeps a query local even on a million-person network.
WEAKEST = 0.005


@dataclass(frozen=True)
class Path:
    """People from the user to the target (dense indices) and the product of tie strengths."""

    nodes: tuple[int, ...]
    strength: float


def cost_matrix(size: int, a: np.ndarray, b: np.ndarray, strength: np.ndarray) -> sp.csr_array:
    """Symmetric matrix of ``-log(strength)`` per tie (strengths in (0, 1])."""
    cost = -np.log(np.clip(strength, 1e-6, 1.0)) + 1e-9  # zero cost would read as "no tie"
    m = sp.csr_array((np.r_[cost, cost], (np.r_[a, b], np.r_[b, a])), shape=(size, size))
    return m


def best_paths(costs: sp.csr_array, me: int, targets: list[int], k: int = 3) -> list[Path]:
    """Up to ``k`` strongest paths from ``me`` to any of ``targets``, each through a different first contact.

    >>> costs = cost_matrix(4, np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), np.array([0.9, 0.5, 0.8, 0.9]))
    >>> [(p.nodes, round(p.strength, 2)) for p in best_paths(costs, 0, [3])]
    [((0, 1, 3), 0.72), ((0, 2, 3), 0.45)]
    """
    if me in targets:
        return []
    keep = np.ones(costs.shape[0], dtype=bool)
    keep[me] = False
    # Distances from the targets over the network without the user, so no path doubles back through them.
    without_me = sp.csr_array(costs.multiply(keep[:, None]).multiply(keep[None, :]))
    without_me.eliminate_zeros()  # stored zeros would read as free ties through the user
    dist, pred, source = dijkstra(without_me, directed=False, indices=targets, min_only=True, return_predecessors=True)
    row = costs[[me]]
    first = row.indices
    total = row.data + dist[first]
    order = np.argsort(total, kind="stable")
    paths = []
    for i in order[:k]:
        if not np.isfinite(total[i]):
            break
        nodes = [me, int(first[i])]
        while nodes[-1] not in targets:
            nodes.append(int(pred[nodes[-1]]))
        paths.append(Path(tuple(nodes), float(np.exp(-total[i]))))
    del source
    return paths


def reachable(costs: sp.csr_array, me: int) -> np.ndarray:
    """Everyone the user can reach through real ties (dense indices)."""
    dist = dijkstra(costs, directed=False, indices=me, unweighted=True)
    return np.flatnonzero(np.isfinite(dist))
