"""Ties for generated networks: inside foci, closed into triangles, a few bridges, and the user's own circle.

Split from :mod:`kithkin.generate.network`, which places people in schools,
jobs, communities and events; this module turns those memberships into ties.
"""

from __future__ import annotations

import numpy as np

from kithkin.generate.registry import (
    CLASSMATES,
    COLLEAGUES,
    EVENT,
    FRIENDS,
    INTRODUCED,
    MEMBERS,
    NEIGHBOURS,
    OPEN,
    SAME_MAJOR,
    THROUGH,
    Registry,
)
from kithkin.model import GroupKind


def context_ties(
    rng: np.random.Generator,
    ties: Ties,
    reg: Registry,
    person: np.ndarray,
    group: np.ndarray,
    role: np.ndarray,
    start: np.ndarray,
    region: np.ndarray,
    *,
    end: np.ndarray | None = None,
) -> None:
    """Ties inside foci: each membership draws a Poisson number of partners from its own focus. Classmates and
    colleagues drawn from the same few years of starting who were not there at the same time (``end``: 0 is
    "still") are known "through" the place, with no year: they were "colleagues at Edward Jones since 2023" of
    2020–2022 and 2023–2025, and the demo's own ties contradicted its common ground. The ties are the same."""
    kinds = np.array([list(GroupKind).index(g.kind) for g in reg.groups])[group]
    order = list(GroupKind)
    school, employer = order.index(GroupKind.SCHOOL), order.index(GroupKind.EMPLOYER)
    community, event, place = (
        order.index(GroupKind.COMMUNITY),
        order.index(GroupKind.EVENT),
        order.index(GroupKind.PLACE),
    )
    lives = reg.role("lives here")
    era = np.maximum(start - 1950, 0)
    contexts = (
        (kinds == school, group * 64 + era // 4, 1.1, CLASSMATES),
        (kinds == school, (group * 4096 + role) * 64 + era // 4, 0.9, SAME_MAJOR),
        (kinds == employer, (group * 16 + region[person]) * 64 + era // 5, 0.6, COLLEAGUES),
        (kinds == community, group, 1.0, MEMBERS),
        (kinds == event, group, 0.7, EVENT),
        ((kinds == place) & (role == lives), group, 0.4, NEIGHBOURS),
    )
    last = None if end is None else np.where(end == OPEN, 9999, end)
    for mask, key, rate, how in contexts:
        idx = np.flatnonzero(mask)
        a_idx, b_idx = _pairs_within(rng, key[idx], rate)
        x, y = idx[a_idx], idx[b_idx]
        since, said = np.maximum(start[x], start[y]), np.full(len(x), how, dtype=np.int64)
        if last is not None and how in (CLASSMATES, SAME_MAJOR, COLLEAGUES):
            apart = (start[x] > 0) & (start[y] > 0) & (since > np.minimum(last[x], last[y]))
            said[apart], since[apart] = THROUGH, 0
        ties.add(person[x], person[y], said, group[x], since)


def _pairs_within(rng: np.random.Generator, keys: np.ndarray, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Random pairs of rows sharing a key: each row draws Poisson(rate) partners with its key."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    block = np.repeat(np.arange(len(starts)), sizes)
    draws = np.minimum(rng.poisson(rate, len(keys)), sizes[block] - 1)
    src = np.repeat(np.arange(len(keys)), draws)
    partner = starts[block[src]] + (rng.random(len(src)) * sizes[block[src]]).astype(np.int64)
    return order[src], order[partner]


class Ties:
    """Accumulates candidate ties and keeps the first reason given for each pair."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(
        self,
        a: np.ndarray,
        b: np.ndarray,
        how: np.ndarray | int,
        via: np.ndarray | int = -1,
        since: np.ndarray | int = 0,
        introducer: np.ndarray | int = -1,
    ) -> None:
        keep = a != b
        lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
        n = len(lo)

        def col(value: np.ndarray | int) -> np.ndarray:
            arr = np.asarray(value, dtype=np.int64)
            return np.full(n, arr, dtype=np.int64) if arr.ndim == 0 else arr[keep]

        self.parts.append(
            (
                lo,
                hi,
                col(how),
                col(via),
                col(since),
                col(introducer),
                np.zeros(n, dtype=np.int64),
            )
        )

    def _dedupe(self) -> None:
        """Keep the first reason given for each pair (contexts are added in order of strength)."""
        if len(self.parts) == 1:
            return
        cols = [np.concatenate([p[i] for p in self.parts]) for i in range(7)]
        _, first = np.unique(cols[0] * self.size + cols[1], return_index=True)
        self.parts = [tuple(c[first] for c in cols)]

    def arrays(self) -> tuple[np.ndarray, ...]:
        self._dedupe()
        return self.parts[0] if self.parts else tuple(np.zeros(0, np.int64) for _ in range(7))

    def _adjacency(self) -> tuple[np.ndarray, np.ndarray]:
        self._dedupe()
        a, b = self.parts[0][0], self.parts[0][1]
        src, dst = np.r_[a, b], np.r_[b, a]
        order = np.argsort(src, kind="stable")
        indptr = np.zeros(self.size + 1, dtype=np.int64)
        np.add.at(indptr, src + 1, 1)
        return np.cumsum(indptr), dst[order]

    def close_triangles(self, rng: np.random.Generator, share: float) -> None:
        """Friends of friends meet: pick random ties u–v and join u to a random neighbour of v."""
        self._dedupe()
        a, b = self.parts[0][0], self.parts[0][1]
        indptr, neighbours = self._adjacency()
        count = int(len(a) * share)
        pick = rng.integers(0, len(a), count)
        flip = rng.random(count) < 0.5
        u, v = np.where(flip, a[pick], b[pick]), np.where(flip, b[pick], a[pick])
        degree = indptr[v + 1] - indptr[v]
        w = neighbours[indptr[v] + (rng.random(count) * degree).astype(np.int64)]
        introducer = np.where(rng.random(count) < 0.5, v, -1)
        self.add(u, w, INTRODUCED, introducer=introducer)

    def bridge(self, rng: np.random.Generator, share: float) -> None:
        """A few ties between random people anywhere: old friends, family, chance."""
        self._dedupe()
        count = int(len(self.parts[0][0]) * share)
        self.add(rng.integers(0, self.size, count), rng.integers(0, self.size, count), FRIENDS)

    def personalise(
        self,
        rng: np.random.Generator,
        *,
        me: int,
        target: int,
        city: np.ndarray,
        person: np.ndarray,
        group: np.ndarray,
        end: np.ndarray,
        reg: Registry,
    ) -> list[tuple[int, str]]:
        """Give the user a personal circle with stated closeness, and make Dana reachable but not a friend."""
        local = np.flatnonzero(city == city[me])
        local = local[(local != me) & (local != target)]
        friends = rng.choice(
            local, size=min(len(local), max(8, self.size // 8, 30) if self.size < 2000 else 60), replace=False
        )
        self.add(np.full(len(friends), me), friends, FRIENDS, since=rng.integers(1995, 2026, len(friends)))
        self._dedupe()
        lo, hi, how, via, since, introducer, closeness = (c.copy() for c in self.parts[0])
        not_me_target = ~(((lo == me) & (hi == target)) | ((lo == target) & (hi == me)))
        lo, hi, how, via, since, introducer, closeness = (
            c[not_me_target] for c in (lo, hi, how, via, since, introducer, closeness)
        )
        mine = (lo == me) | (hi == me)
        closeness[mine] = rng.choice([1, 2, 3, 4, 5], size=int(mine.sum()), p=[0.25, 0.3, 0.22, 0.14, 0.09])
        # A tie the user calls "friends" is not an acquaintance ("friends — acquaintance" on a card): at least casual.
        closeness[mine & (how == FRIENDS) & (closeness == 1)] = 2
        self.parts = [(lo, hi, how, via, since, introducer, closeness)]
        my_friends = np.where(lo[mine] == me, hi[mine], lo[mine])
        bridge = int(my_friends[np.argmax(closeness[mine])])
        self.add(np.array([bridge]), np.array([target]), FRIENDS, since=2017)
        tags = [(int(p), "inner-circle") for p, c in zip(my_friends, closeness[mine], strict=True) if c >= 4]
        intuit = reg.group(GroupKind.EMPLOYER, "Intuit")
        coworkers = set(person[(group == intuit) & (end == OPEN)].tolist())
        tags += [(int(p), "work") for p in my_friends if int(p) in coworkers]
        return sorted(tags)
