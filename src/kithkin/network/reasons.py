"""Which kind of common ground weighed most in a learned ranker's score for a pair: the reasons to show first.

A learned score for a pair is a sum of per-feature contributions: for LambdaRank
trees, TreeSHAP's (Lundberg et al. 2020: LightGBM's ``pred_contrib``); for the
logistic models, each column's weight times its standardised value, less the mean
of that over the person's own candidates (:func:`within_sources`: an amount every
candidate gets changes nothing of their order), each product of two columns
counting half for each (:func:`folded`). Each feature speaks for one kind of reason
(:func:`reason_of`): people the two both know (every neighbourhood score, paths,
PageRank, the network's low-rank structure, reciprocity, friends shared through strong ties), a school, an employer, a
place, or any shared group. The weight of a reason is the sum of its features'
positive contributions; the sentences themselves come from common ground, so only
what the data says is shown — this decides their order.
"""

from __future__ import annotations

import numpy as np

#: Kinds of reason, as :func:`reason_weights` names them.
REASONS = ("mutual", "school", "employer", "place", "shared")
_MUTUAL = ("common-neighbours", "adamic-adar", "resource-allocation", "jaccard", "salton", "personalised-pagerank",
           "three-hop", "embedded", "three-paths", "reciprocal-share", "reciprocal-top-20", "low-rank",
           "netmf", "strength-allocation")  # fmt: skip
_KINDS = {
    "school": ("kind:school", "kind:concentration", "kind:year", "both:school-and-year",
               "both:school-and-concentration"),
    "employer": ("kind:employer", "kind:position", "kind:work-dates", "both:employer-and-dates",
                 "both:city-and-employer"),
    "place": ("kind:city", "kind:hometown"),
    "shared": ("rarity", "shared", "rank:rarity", "kind:language"),
}  # fmt: skip


def reason_of(feature: str) -> str | None:
    """The kind of reason a feature speaks for (``None``: degrees, clustering, communities — nothing to say).

    >>> reason_of("rank:resource-allocation"), reason_of("both:school-and-year"), reason_of("lower-degree")
    ('mutual', 'school', None)
    """
    for reason, names in _KINDS.items():
        if feature in names:
            return reason
    base = feature.split(":", 1)[-1]
    return "mutual" if base in _MUTUAL else None


def reason_weights(contributions: np.ndarray, features: tuple[str, ...]) -> list[dict[str, float]]:
    """Per pair (rows of ``contributions``, one column per feature, then the bias), each kind of reason's
    summed positive contribution.

    >>> reason_weights(np.array([[0.5, -0.2, 0.3, 9.0]]), ("adamic-adar", "kind:school", "shared"))
    [{'mutual': 0.5, 'school': 0.0, 'employer': 0.0, 'place': 0.0, 'shared': 0.3}]
    """
    kinds = [reason_of(name) for name in features]
    positive = np.maximum(contributions[:, : len(features)], 0.0)
    out = []
    for row in positive:
        weights = dict.fromkeys(REASONS, 0.0)
        for kind, value in zip(kinds, row.tolist(), strict=True):
            if kind is not None:
                weights[kind] += value
        out.append(weights)
    return out


def within_sources(contributions: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Each pair's contributions (rows) less the mean of its source's rows: what sets a candidate apart among the
    person's own candidates, the list it is ranked in.

    >>> within_sources(np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 5.0]]), np.array([0, 0, 1])).tolist()
    [[-1.0, -1.0], [1.0, 1.0], [0.0, 0.0]]
    """
    _, group, counts = np.unique(sources, return_inverse=True, return_counts=True)
    sums = np.zeros((len(counts), contributions.shape[1]))
    np.add.at(sums, group, contributions)
    return np.asarray(contributions - sums[group] / counts[group, None])


def folded(contributions: np.ndarray, columns: int) -> np.ndarray:
    """Contributions to a model over ``columns`` features and then the product of every two of them (in the order
    of :func:`kithkin.network.spectral.interactions`) as contributions of the features alone: each product's half
    to each of its two (all of it to a feature times itself).

    >>> folded(np.array([[1.0, 2.0, 10.0, 4.0, 20.0]]), 2).tolist()
    [[13.0, 24.0]]
    """
    first, second = np.triu_indices(columns)
    products = contributions[:, columns:]
    out = contributions[:, :columns].copy()
    np.add.at(out.T, first, 0.5 * products.T)
    np.add.at(out.T, second, 0.5 * products.T)
    return out
