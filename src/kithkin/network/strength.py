"""How strong a tie is, from what the store knows (pure).

Following the predictors Gilbert & Karahalios found strongest ("Predicting
tie strength with social media", CHI 2009) as far as kithkin can observe them:
the closeness the user states (intimacy), recent and frequent contact with
give-and-take (recency, frequency, reciprocity — :func:`kithkin.followups.contact_strength`,
which decays with time without contact), and structure: shared groups and
mutual contacts. A tie nobody described still counts: every tie is real.
"""

from __future__ import annotations


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
