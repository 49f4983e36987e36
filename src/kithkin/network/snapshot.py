"""The network as arrays: dense indices for people, ties with their strengths, memberships.

Pure numpy/scipy: :mod:`kithkin.services.snapshot` reads the columns from the store and caches what
:func:`build_arrays` makes beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kithkin.errors import InputError
from kithkin.network.strength import tie_strength


@dataclass(frozen=True)
class Snapshot:
    """The store as arrays: dense indices for people, ties with strengths, memberships."""

    revision: int
    ids: np.ndarray  # dense index -> person id
    a: np.ndarray
    b: np.ndarray
    strength: np.ndarray
    member: np.ndarray  # dense person index per membership
    group: np.ndarray  # group id per membership
    #: Each tie's strength from what is known of how the two deal with each other alone — the closeness the user
    #: stated and contact with the user (:func:`interaction_strengths`), not the shared groups and mutual friends
    #: the ranker reads anyway; ``None`` when no tie has either.
    interaction: np.ndarray | None = None

    def index(self, person_id: int) -> int:
        found = int(np.searchsorted(self.ids, person_id))
        if found >= len(self.ids) or self.ids[found] != person_id:
            raise InputError(f"#{person_id} is not in the network snapshot")
        return found


def build_arrays(
    ids: np.ndarray, a: np.ndarray, b: np.ndarray, stated: np.ndarray, member: np.ndarray, group: np.ndarray
) -> dict[str, np.ndarray]:
    """People (sorted ids), ties (person ids ``a``, ``b`` and the closeness the user ``stated``, 0 when not)
    and memberships (person id per ``member``, group id per ``group``) as dense arrays, with each tie's
    strength before contact with the user — and what that strength is made of, capped as
    :func:`~kithkin.network.strength.tie_strength` caps it, so that the user's ties can be updated for any
    day without the whole network (:func:`strengths_with_contact`)."""
    a, b, closeness = np.searchsorted(ids, a), np.searchsorted(ids, b), stated.astype(np.int8)  # 0: not stated
    member = np.searchsorted(ids, member)
    size = len(ids)
    incidence = sp.csr_array((np.ones(len(member)), (member, group)), shape=(size, int(group.max(initial=0)) + 1))
    adj = sp.csr_array((np.ones(2 * len(a)), (np.r_[a, b], np.r_[b, a])), shape=(size, size))
    shared = np.minimum(_overlaps(incidence, a, b), 3).astype(np.int8)
    mutual = np.minimum(_overlaps(adj, a, b), 5).astype(np.int8)
    strength = np.array([tie_strength(_stated(c), 0.0, s, m) for c, s, m in zip(closeness.tolist(), shared.tolist(),
                         mutual.tolist(), strict=True)])  # fmt: skip
    return {"ids": ids, "a": a, "b": b, "strength": strength, "member": member, "group": group,
            "closeness": closeness, "shared": shared, "mutual": mutual}  # fmt: skip


def _overlaps(matrix: sp.csr_array, a: np.ndarray, b: np.ndarray, chunk: int = 1 << 18) -> np.ndarray:
    """For each pair (a[i], b[i]), how many columns both rows of ``matrix`` hold (shared groups, mutual
    contacts), a chunk of pairs at a time: both rows of 10^7 pairs at once would take gigabytes."""
    found = np.zeros(len(a), dtype=np.int64)
    for start in range(0, len(a), chunk):
        part = slice(start, start + chunk)
        both = sp.csr_array(matrix[a[part]].multiply(matrix[b[part]]))
        found[part] = np.asarray(both.sum(axis=1)).ravel()
    return found


def _stated(closeness: int) -> int | None:
    return closeness or None


def interaction_strengths(arrays: dict[str, np.ndarray], contact: np.ndarray) -> np.ndarray | None:
    """Each tie's :func:`~kithkin.network.strength.tie_strength` from its stated closeness and ``contact`` alone, 0
    for a tie with neither (its strength is not known: the graph counts it
    :data:`~kithkin.network.strength.UNDESCRIBED`), or ``None`` when no tie has either: the strengths the ranker
    reads where they are known (:attr:`kithkin.network.heuristics.Graph.strength`).

    >>> interaction_strengths({"closeness": np.array([0, 5, 0], dtype=np.int8)}, np.array([0.0, 0.0, 1.0])).tolist()
    [0.0, 0.82, 0.6]
    >>> interaction_strengths({"closeness": np.zeros(2, dtype=np.int8)}, np.zeros(2)) is None
    True
    """
    closeness = arrays["closeness"]
    known = np.flatnonzero((closeness > 0) | (contact > 0))
    if not len(known):
        return None
    strength = np.zeros(len(closeness))
    for i in known.tolist():
        strength[i] = tie_strength(_stated(int(closeness[i])), float(contact[i]), 0, 0)
    return strength


def strengths_with_contact(arrays: dict[str, np.ndarray], contact: np.ndarray) -> np.ndarray:
    """Tie strengths with each tie's ``contact`` (recency, frequency and reciprocity of contact with the user,
    0 where unknown) folded in."""
    strength = arrays["strength"].copy()
    for i in np.flatnonzero(contact).tolist():
        closeness, shared, mutual = (int(arrays[k][i]) for k in ("closeness", "shared", "mutual"))
        strength[i] = tie_strength(_stated(closeness), float(contact[i]), shared, mutual)
    return strength
