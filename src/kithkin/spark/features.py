"""What each Spark column mirrors in the in-process engine: one table, read by the pipeline and the tests.

The in-process ranker (:class:`kithkin.network.linkpred.Ranker`) scores each candidate pair from the
columns :data:`kithkin.network.linkpred.FEATURES`. The Spark pipeline (:mod:`kithkin.spark.suggest`)
computes the *aggregates* those columns are made of with joins; the per-pair arithmetic (Jaccard's
division, the log degrees) is then done by :func:`raw_features` on each block of people, in numpy, as
``_block_features`` does it — so that every value is bitwise the one the in-process engine computes.

Sums are taken in the order scipy's sparse product takes them (by the summed-over person or group,
ascending): a Spark ``sum`` adds in whatever order rows arrive, and ``a + b + c`` need not equal
``a + c + b`` in floating point; two candidates whose Adamic-Adar scores are equal in one order may
differ in the last bit in another, and equal scores are ordered by id. So each sum is
``aggregate(array_sort(collect_list(struct(key, value))), 0.0, +)``. Sums over common neighbours run by
person ascending (scipy's product walks each row of the sorted adjacency); sums over groups run by group
id *descending*: ``Graph.attributes`` is made by a sparse product with a diagonal, whose rows scipy stores
in reverse column order, and both the rarity sum (``np.bincount`` over those entries) and the rare-group
candidates' product walk them in that order. The parity tests catch any change of either order.
"""

from __future__ import annotations

import numpy as np

from kithkin.network.linkpred import FEATURES

#: Spark aggregate -> (what it sums, the in-process code it mirrors).
AGGREGATES: dict[str, tuple[str, str]] = {
    "cn": ("1 per common neighbour z", "linkpred._products['common-neighbours'] = A[rows] @ A"),
    "aa": ("1/log(deg z) per common neighbour z, by z", "linkpred._products['adamic-adar'] (Graph.weights)"),
    "ra": ("1/deg z per common neighbour z, by z", "linkpred._products['resource-allocation']"),
    "du": ("ties of the person", "Graph.degree[rows[local]]"),
    "dv": ("ties of the candidate", "Graph.degree[cols]"),
    "rarity": ("sqrt(idf)² per shared kept group, by group desc", "pairs.shared(...).rarity (Graph.attributes)"),
    "count": ("1 per shared kept group", "pairs.shared(...).count"),
    "three": ("ra2(u, w)·(1/deg w) per neighbour w of the candidate, by w", "pairs.shared(...).three_hop"),
    "embedded": (
        "sqrt(1 + cn(u, w))/deg w per common neighbour w, by w",
        "pairs.shared(...).embedded (pairs.embedded_weights)",
    ),
}
#: Each ranker feature (linkpred.FEATURES, in order) from the aggregates, as _block_features stacks them.
FORMULAS: dict[str, str] = {
    "common-neighbours": "cn",
    "adamic-adar": "aa",
    "resource-allocation": "ra",
    "jaccard": "cn / max(du + dv - cn, 1)",
    "preferential-attachment": "log1p(du·dv)",
    "lower-degree": "log1p(min(du, dv))",
    "higher-degree": "log1p(max(du, dv))",
    "rarity": "rarity",
    "shared": "count",
    "three-hop": "three",
    "embedded": "embedded",
}
assert tuple(FORMULAS) == FEATURES, "a ranker feature is not mirrored: see kithkin.network.linkpred.FEATURES"


def raw_features(columns: dict[str, np.ndarray]) -> np.ndarray:
    """The ranker's :data:`~kithkin.network.linkpred.FEATURES` from the Spark aggregates (float64 arrays),
    as ``linkpred._block_features`` stacks them.

    >>> one = {name: np.array([1.0]) for name in AGGREGATES} | {"du": np.array([2.0]), "dv": np.array([3.0])}
    >>> raw_features(one)[0, :4].tolist()
    [1.0, 1.0, 1.0, 0.25]
    """
    cn, du, dv = columns["cn"], columns["du"], columns["dv"]
    return np.column_stack(
        [
            cn,
            columns["aa"],
            columns["ra"],
            cn / np.maximum(du + dv - cn, 1),
            np.log1p(du * dv),
            np.log1p(np.minimum(du, dv)),
            np.log1p(np.maximum(du, dv)),
            columns["rarity"],
            columns["count"],
            columns["three"],
            columns["embedded"],
        ]
    )
