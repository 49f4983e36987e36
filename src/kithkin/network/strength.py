"""How strong a tie is, from what the store knows (pure).

Following the predictors Gilbert & Karahalios found strongest ("Predicting
tie strength with social media", CHI 2009) as far as kithkin can observe them:
the closeness the user states (intimacy), recent and frequent contact with
give-and-take (recency, frequency, reciprocity — :func:`kithkin.followups.contact_strength`,
which decays with time without contact), and structure: shared groups and
mutual contacts. A tie nobody described still counts: every tie is real.

Where strengths are known, they also say who should meet: :func:`strength_allocation` is resource allocation
through strong ties, which the spectral ranker reads (:func:`kithkin.network.spectral.strength_features`) and the
evaluation measures it against (:func:`strength_top`).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from kithkin.network.heuristics import BLOCK, Graph, blocks, member, split_rows, top_entries
from kithkin.network.pairs import lookup


def tie_strength(closeness: int | None, contact: float, shared_groups: int, mutual: int) -> float:
    """Strength in (0, 1].

    >>> tie_strength(5, 1.0, 3, 10)
    1.0
    >>> round(tie_strength(None, 0.0, 0, 0), 2)
    0.3
    >>> tie_strength(1, 0.0, 0, 0) < tie_strength(None, 0.0, 2, 5) < tie_strength(4, 0.5, 2, 5)
    True
    """
    stated = 0.3 if closeness is None else 0.1 + 0.18 * (closeness - 1)  # 1 → 0.1 … 5 → 0.82
    structure = 0.05 * min(shared_groups, 3) + 0.03 * min(mutual, 5)
    return min(1.0, max(0.05, stated + 0.3 * contact + structure))


#: The strength of a tie nobody described and nobody was seen dealing through, leaving structure aside: what the
#: ranker's graph counts for a tie whose strength is not known, beside those that are (``snapshot.interaction``).
UNDESCRIBED = tie_strength(None, 0.0, 0, 0)


def strength_allocation(graph: Graph, pairs: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """Resource allocation through strong ties: ``Σ_z w(u, z) · w(z, v) / s(z)`` over the friends ``z`` two people
    share, ``w`` a tie's strength (:attr:`Graph.strength`, where a tie not described counts what the graph was
    built with; every tie 1 when no strengths are known) and ``s(z)`` the sum of ``z``'s
    ties' strengths — a friend both deal with a lot, who deals with few others, says most. Without strengths it
    is resource allocation.

    >>> from kithkin.network.heuristics import strength_matrix
    >>> edges = np.array([[0, 1], [1, 2], [0, 3], [3, 2]])
    >>> g = Graph.build(4, edges, strengths=strength_matrix(4, edges, np.array([3.0, 3.0, 1.0, 1.0])))
    >>> strength_allocation(g, np.array([[0, 2]])).tolist()  # 3·3/6 through 1, 1·1/2 through 3
    [2.0]
    """
    weights, spread = graph.allocated
    sources = np.unique(pairs[:, 0])
    out = np.zeros(len(pairs))
    for start in range(0, len(sources), chunk):
        rows = sources[start : start + chunk]
        mine = np.flatnonzero(member(pairs[:, 0], rows))
        product = sp.csr_array(sp.csr_array(weights[rows]) @ spread)
        out[mine] = lookup([product], np.searchsorted(rows, pairs[mine, 0]), pairs[mine, 1])[0]
    return out


def strength_top(graph: Graph, k: int, people: np.ndarray | None = None) -> dict[int, np.ndarray]:
    """Each person's top ``k`` by :func:`strength_allocation`, best first, equal scores by column (the heuristic a
    network with strengths is measured against, beside the unweighted ones).

    >>> from kithkin.network.heuristics import strength_matrix
    >>> edges = np.array([[0, 1], [1, 2], [0, 3], [3, 4]])
    >>> g = Graph.build(5, edges, strengths=strength_matrix(5, edges, np.array([1.0, 1.0, 4.0, 4.0])))
    >>> strength_top(g, 2, np.array([0]))[0].tolist()  # through the strong tie first
    [4, 2]
    """
    weights, spread = graph.allocated
    found: dict[int, np.ndarray] = {}
    for rows in blocks(graph.size, people, BLOCK):
        row, col = top_entries(sp.csr_array(sp.csr_array(weights[rows]) @ spread), rows, graph, k)
        found.update(zip(rows.tolist(), split_rows(np.bincount(row, minlength=len(rows)), col), strict=True))
    return found
