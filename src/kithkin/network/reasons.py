"""Which kind of common ground weighed most in a learned ranker's score for a pair: the reasons to show first.

A LambdaRank model's score for a pair is a sum of per-feature contributions
(TreeSHAP, Lundberg et al. 2020: LightGBM's ``pred_contrib``). Each feature of
:data:`~kithkin.network.ltr.LTR_FEATURES` speaks for one kind of reason
(:data:`REASON_OF`): people the two both know (every neighbourhood score, paths,
PageRank, reciprocity), a school, an employer, a place, or any shared group. The
weight of a reason is the sum of its features' positive contributions; the
sentences themselves come from common ground, so only what the data says is
shown — this decides their order.
"""

from __future__ import annotations

import numpy as np

#: Kinds of reason, as :func:`reason_weights` names them.
REASONS = ("mutual", "school", "employer", "place", "shared")
_MUTUAL = ("common-neighbours", "adamic-adar", "resource-allocation", "jaccard", "salton", "personalised-pagerank",
           "three-hop", "embedded", "three-paths", "reciprocal-share", "reciprocal-top-20")  # fmt: skip
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
