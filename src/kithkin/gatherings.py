"""Who a host should invite so the right people meet (pure: numpy, and HiGHS for the exact solver).

The plan maximises the value of the new connections a gathering makes
possible: the sum of ``value[i, j]`` over pairs of guests (the caller puts
common ground, bridging of the host's circles and goals into ``value``, and 0
for pairs who already know each other). One rule keeps it humane: every guest
has at least one *comfortable* pair among the other guests (someone they know
well or clearly have a lot in common with), so nobody stands alone.

Two solvers: a fast heuristic (greedy by marginal value, then best-swap local
search, both respecting every rule) for pools of any size, and an exact integer
program (HiGHS, through highspy) for pools up to about 40 that also reports the
heuristic's gap.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from kithkin.errors import InputError

#: How many of the most promising candidates a growth step considers pairing up.
PAIR_POOL = 300


@dataclass(frozen=True)
class Problem:
    """A guest-list problem on ``n`` candidates (indices 0..n-1)."""

    value: np.ndarray  # (n, n) symmetric, >= 0, zero diagonal
    comfortable: np.ndarray  # (n, n) symmetric bool
    seats: int
    must: frozenset[int] = frozenset()
    never: frozenset[int] = frozenset()
    apart: frozenset[tuple[int, int]] = frozenset()  # pairs that should not meet

    @property
    def size(self) -> int:
        return int(self.value.shape[0])

    def check(self) -> None:
        """Refuse problems no plan can satisfy, with a message that says why."""
        if self.seats < 2:
            raise InputError("a gathering needs at least 2 seats")
        if self.seats > self.size - len(self.never):
            left = self.size - len(self.never)
            raise InputError(f"{self.seats} seats but only {left} {'person' if left == 1 else 'people'} to invite")
        if self.must & self.never:
            raise InputError("someone is both a must-invite and a never-invite")
        if len(self.must) > self.seats:
            raise InputError(f"{len(self.must)} must-invites do not fit in {self.seats} seats")
        for a, b in self.apart:
            if a in self.must and b in self.must:
                raise InputError("two must-invites are also a pair that should not meet")


@dataclass(frozen=True)
class Plan:
    guests: tuple[int, ...]
    value: float
    #: Proved the best list possible (within HiGHS's relative gap of 10⁻⁴).
    optimal: bool = False
    #: No list can score more than this (the solver's proved bound; the value itself when optimal): what a
    #: plan can honestly be compared with when the solver stopped at its time limit before a proof.
    bound: float | None = None


def total(problem: Problem, guests: Iterable[int]) -> float:
    """The value of a guest list: new-connection value summed over pairs of guests.

    >>> p = Problem(np.array([[0, 2, 1], [2, 0, 0], [1, 0, 0]], float), np.ones((3, 3), bool), 2)
    >>> total(p, [0, 1])
    2.0
    """
    idx = np.fromiter(guests, dtype=np.int64)
    return float(problem.value[np.ix_(idx, idx)].sum() / 2)


def feasible(problem: Problem, guests: Sequence[int]) -> bool:
    """Every rule holds: size, must/never, pairs kept apart, and nobody without a comfortable pair."""
    chosen = set(guests)
    if len(chosen) != problem.seats or not problem.must <= chosen or chosen & problem.never:
        return False
    if any(a in chosen and b in chosen for a, b in problem.apart):
        return False
    idx = np.array(sorted(chosen))
    return bool(problem.comfortable[np.ix_(idx, idx)].any(axis=1).all())


def _allowed(problem: Problem, chosen: set[int], candidate: int) -> bool:
    if candidate in chosen or candidate in problem.never:
        return False
    return not any((candidate == a and b in chosen) or (candidate == b and a in chosen) for a, b in problem.apart)


def plan_heuristic(problem: Problem, *, max_rounds: int = 200, restarts: int = 24) -> Plan:
    """Greedy by marginal value, growing only through comfortable pairs (so nobody is ever alone), then
    best-swap local search that keeps every rule; restarted from the best few seed pairs, best kept."""
    problem.check()
    best: set[int] | None = None
    if problem.size > 200:
        restarts = min(restarts, 4)  # large pools: each start costs more, and starts differ less
    reach = problem.value.max(axis=1)  # once: each growth step ranks candidates by it
    for seed in _seeds(problem, restarts):
        chosen = _grow(problem, set(seed), reach)
        if not feasible(problem, sorted(chosen)):
            try:
                chosen = _repair(problem, chosen)
            except InputError:
                continue
        chosen = _swap_search(problem, chosen, max_rounds)
        if best is None or total(problem, chosen) > total(problem, best):
            best = chosen
    if best is None:
        raise InputError("no guest list gives every guest someone they are comfortable with")
    return Plan(tuple(sorted(best)), total(problem, best))


def _allowed_mask(problem: Problem, chosen: set[int]) -> np.ndarray:
    """Who may still be invited: not chosen, not never-invited, not kept apart from a guest."""
    mask = np.ones(problem.size, dtype=bool)
    mask[list(chosen | problem.never)] = False
    for a, b in problem.apart:
        if a in chosen:
            mask[b] = False
        if b in chosen:
            mask[a] = False
    return mask


def _grow(problem: Problem, chosen: set[int], reach: np.ndarray) -> set[int]:
    """Add people by value per seat: one who is comfortable with a guest already chosen, or two new people
    who are comfortable with each other (a second circle at the same gathering).

    Both matrices are symmetric, so the guests' *rows* are read (contiguous) rather than their columns,
    and ``reach`` (each candidate's best single pair) is computed once by the caller, not per step.
    """
    while len(chosen) < problem.seats:
        members = sorted(chosen)
        gain = problem.value[members].sum(axis=0) if members else np.zeros(problem.size)
        allowed = _allowed_mask(problem, chosen)
        if not allowed.any():
            raise InputError("the pairs kept apart leave too few people to fill the seats")
        options = np.flatnonzero(allowed)
        near_friend = np.asarray(problem.comfortable[members].any(axis=0)) if members else None
        singles = options[near_friend[options]] if near_friend is not None else options[:0]
        best_single = int(singles[np.argmax(gain[singles])]) if len(singles) else None
        best_pair: tuple[int, int] | None = None
        if problem.seats - len(chosen) >= 2:
            # Pairs among the most promising few hundred are enough; the whole pool would be quadratic.
            near = options[np.argsort(-gain[options] - reach[options], kind="stable")[:PAIR_POOL]]
            pair_value = gain[near][:, None] + gain[near][None, :] + problem.value[np.ix_(near, near)]
            mask = np.triu(problem.comfortable[np.ix_(near, near)], 1)
            if mask.any():
                flat = np.argmax(np.where(mask, pair_value, -np.inf))
                a, b = (int(near[i]) for i in divmod(int(flat), len(near)))
                if (a, b) not in problem.apart and (b, a) not in problem.apart:
                    best_pair = (a, b)
        if best_pair is not None and (
            best_single is None
            or (gain[best_pair[0]] + gain[best_pair[1]] + problem.value[best_pair]) / 2 > gain[best_single]
        ):
            chosen |= set(best_pair)
        elif best_single is not None:
            chosen.add(best_single)
        else:
            chosen.add(int(options[np.argmax(gain[options])]))
    return chosen


def _seeds(problem: Problem, count: int) -> list[set[int]]:
    """Starting points: the must-invites with partners, plus the ``count`` most valuable comfortable pairs."""
    seeds = [_seed(problem)] if problem.must else []
    reach = problem.value.sum(axis=1)
    a_side, b_side = np.nonzero(problem.comfortable)
    upper = a_side < b_side
    a_side, b_side = a_side[upper], b_side[upper]
    score = problem.value[a_side, b_side] + 0.1 * (reach[a_side] + reach[b_side])
    for index in np.argsort(-score, kind="stable")[: 4 * count].tolist():
        if len(seeds) > count:
            break
        a, b = int(a_side[index]), int(b_side[index])
        start = set(problem.must)
        if _allowed(problem, start, a) and _allowed(problem, start | {a}, b) and len(start) + 2 <= problem.seats:
            seeds.append(start | {a, b})
    return seeds or [set(problem.must)]


def _seed(problem: Problem) -> set[int]:
    """The must-invites, each given their best comfortable partner."""
    chosen = set(problem.must)
    for guest in sorted(problem.must):
        others = sorted(chosen - {guest})
        if others and problem.comfortable[guest, others].any():
            continue
        partners = [c for c in range(problem.size) if problem.comfortable[guest, c] and _allowed(problem, chosen, c)]
        if partners and len(chosen) < problem.seats:
            chosen.add(max(partners, key=lambda c: (problem.value[guest, c], -c)))
    return chosen


def _repair(problem: Problem, chosen: set[int]) -> set[int]:
    """Swap out guests until everyone has a comfortable pair, losing as little value as possible."""
    for _ in range(problem.size):
        if feasible(problem, sorted(chosen)):
            return chosen
        best: tuple[float, int, int] | None = None
        for out in chosen - problem.must:
            rest = chosen - {out}
            for new in range(problem.size):
                if not _allowed(problem, rest, new) or new == out:
                    continue
                trial = sorted(rest | {new})
                if feasible(problem, trial):
                    score = total(problem, trial)
                    if best is None or score > best[0]:
                        best = (score, out, new)
        if best is None:
            break
        chosen = (chosen - {best[1]}) | {best[2]}
    if not feasible(problem, sorted(chosen)):
        raise InputError("no guest list gives every guest someone they are comfortable with")
    return chosen


def _swap_search(problem: Problem, chosen: set[int], max_rounds: int) -> set[int]:
    """Apply the best improving one-in-one-out swap until none improves (each swap stays feasible)."""
    value = problem.value
    for _ in range(max_rounds):
        inside = np.array(sorted(chosen))
        contribution = value[np.ix_(inside, inside)].sum(axis=1)
        to_inside = value[:, inside].sum(axis=1)
        # delta[o, i]: swap guest inside[i] for outsider o.
        delta = to_inside[:, None] - value[:, inside] - contribution[None, :]
        order = np.argsort(-delta, axis=None)
        improved = False
        for flat in order[: 50 * len(inside)]:
            out_row, in_col = divmod(int(flat), len(inside))
            if delta[out_row, in_col] <= 1e-9:
                break
            leaving = int(inside[in_col])
            if leaving in problem.must or out_row in chosen:
                continue
            trial = (chosen - {leaving}) | {out_row}
            if _allowed(problem, chosen - {leaving}, out_row) and feasible(problem, sorted(trial)):
                chosen = trial
                improved = True
                break
        if not improved:
            break
    return chosen


def _quiet_highs() -> highspy.Highs:
    """A HiGHS instance, made with standard output closed: the first one in a process prints a banner
    from C++ straight to file descriptor 1, which would corrupt ``--json`` output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            return highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def plan_exact(problem: Problem, *, time_limit: float = 30.0, start: Sequence[int] = ()) -> Plan:
    """The optimal guest list by integer programming (HiGHS), from the guest list ``start`` if given (a good
    first list lets it prune sooner). For pools up to about 60; past ``time_limit`` seconds, the best list
    found and the bound proved so far (:attr:`Plan.bound`), not called optimal.

    Presolve is off: on the demo's pool of 52 it took 5 of the 6 seconds of a 7-seat solve (1.5 s without it,
    the same optimum proved); on the gatherings bench's 200 random pools of 10–40 it was level (136 s vs 142 s
    in all, bench/RESULTS.md)."""
    problem.check()
    n = problem.size
    h = _quiet_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("presolve", "off")
    x = [h.addVariable(lb=0, ub=0 if i in problem.never else 1, type=highspy.HighsVarType.kInteger) for i in range(n)]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if problem.value[i, j] > 0]
    y = {p: h.addVariable(lb=0, ub=1) for p in pairs}
    incident: dict[int, list[Any]] = {i: [] for i in range(n)}
    for (i, j), var in y.items():
        h.addConstr(var <= x[i])
        h.addConstr(var <= x[j])
        incident[i].append(var)
        incident[j].append(var)
    # A guest meets at most seats-1 others: a valid cut that tightens the relaxation a lot.
    for i, links in incident.items():
        if links:
            h.addConstr(sum(links[1:], links[0]) <= (problem.seats - 1) * x[i])
    h.addConstr(sum(x[1:], x[0]) == problem.seats)
    for i in problem.must:
        h.addConstr(x[i] >= 1)
    for a, b in problem.apart:
        h.addConstr(x[a] + x[b] <= 1)
    for i in range(n):
        friends = [x[j] for j in range(n) if j != i and problem.comfortable[i, j]]
        if friends:
            h.addConstr(x[i] <= sum(friends[1:], friends[0]))
        else:
            h.addConstr(x[i] <= 0)
    objective = sum((problem.value[i, j] * var for (i, j), var in y.items()), 0.0 * x[0])
    h.setObjective(objective, sense=highspy.ObjSense.kMaximize)
    if start:
        chosen = set(start)
        given = highspy.HighsSolution()
        given.col_value = [float(i in chosen) for i in range(n)] + [float(i in chosen and j in chosen) for i, j in y]
        given.value_valid = True
        h.setSolution(given)
    h.run()
    status = h.getModelStatus()
    if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit):
        raise InputError("no guest list satisfies every rule (must, never, apart, nobody alone)")
    if status == highspy.HighsModelStatus.kTimeLimit and not h.getInfo().primal_solution_status:
        raise InputError(f"the exact solver found no guest list in {time_limit:g} s: leave out --exact")
    guests = tuple(i for i in range(n) if h.val(x[i]) > 0.5)
    value = total(problem, guests)
    optimal = status == highspy.HighsModelStatus.kOptimal
    return Plan(guests, value, optimal=optimal, bound=value if optimal else max(h.getInfo().mip_dual_bound, value))


def introductions(new: np.ndarray, guests: Sequence[int], limit: int) -> list[tuple[int, int]]:
    """The introductions a host should make: the most valuable new pairs among the guests, each guest
    in at most one until everyone with a new pair has one, then the next best; at most ``limit``.

    >>> new = np.array([[0, 3, 1, 0], [3, 0, 2, 0], [1, 2, 0, 0], [0, 0, 0, 0]], float)
    >>> introductions(new, [0, 1, 2, 3], 3)
    [(0, 1), (1, 2), (0, 2)]
    """
    idx = np.array(sorted(guests))
    sub = np.triu(new[np.ix_(idx, idx)], 1)
    order = [divmod(int(f), len(idx)) for f in np.argsort(-sub, axis=None, kind="stable") if sub.flat[f] > 0]
    introduced: set[int] = set()
    first: list[tuple[int, int]] = []
    later: list[tuple[int, int]] = []
    for i, j in order:
        pair = (int(idx[i]), int(idx[j]))
        (later if {i, j} <= introduced else first).append(pair)
        introduced |= {i, j}
    return (first + later)[:limit]


def seat(
    value: np.ndarray,
    comfortable: np.ndarray,
    guests: Sequence[int],
    tables: int,
    together: Sequence[tuple[int, int]] = (),
) -> list[list[int]]:
    """Split the guests into ``tables`` tables of near-equal size, maximising the value of the pairs
    sharing a table while giving each guest someone comfortable at their table where possible; the
    pairs in ``together`` (the introductions the host is told to make) share a table whenever the
    table sizes allow, before anything else (the first of them first).

    Greedy placement (most connected guest first, to the table it adds most to) and then pairwise
    swaps between tables while the score improves; a pair to introduce at one table is worth more
    than everything else, a comfortable partner at the table more than any one new pair, so nobody
    is seated alone among strangers if a swap can avoid it.

    >>> v = np.zeros((4, 4)); v[0, 1] = v[1, 0] = v[2, 3] = v[3, 2] = 1.0
    >>> seat(v, v > 0, [0, 1, 2, 3], 2)
    [[0, 1], [2, 3]]
    >>> seat(v, v > 0, [0, 1, 2, 3], 2, together=[(0, 2)])
    [[0, 2], [1, 3]]
    """
    if not 1 <= tables <= len(guests):
        raise InputError(f"{tables} tables for {len(guests)} guests: use between 1 and {len(guests)}")
    bonus = 1.0 + float(value.max(initial=0.0))
    weight = value.astype(float)
    if together:
        weight = weight.copy()
        must = 1.0 + (bonus + float(np.abs(value).max(initial=0.0))) * len(guests) ** 2  # outweighs all the rest
        for rank, (i, j) in enumerate(together):  # the first introductions matter most
            weight[i, j] += must * (2 - rank / len(together))
            weight[j, i] += must * (2 - rank / len(together))
    capacity = -(-len(guests) // tables)
    seats: list[list[int]] = [[] for _ in range(tables)]
    for g in sorted(guests, key=lambda g: (-weight[g, list(guests)].sum(), g)):
        open_tables = [t for t in range(tables) if len(seats[t]) < capacity]
        best = max(
            open_tables, key=lambda t: (_table_score(weight, comfortable, [*seats[t], g], bonus), -len(seats[t]), -t)
        )
        seats[best].append(g)
    while _best_swap(weight, comfortable, seats, bonus):
        pass
    return [sorted(t) for t in sorted(seats, key=lambda t: min(t) if t else len(value))]


def _table_score(value: np.ndarray, comfortable: np.ndarray, table: Sequence[int], bonus: float) -> float:
    """Value of the pairs at one table, plus ``bonus`` per guest with a comfortable partner there."""
    if not table:
        return 0.0
    idx = np.array(table)
    return float(np.triu(value[np.ix_(idx, idx)], 1).sum() + bonus * comfortable[np.ix_(idx, idx)].any(axis=1).sum())


def _best_swap(value: np.ndarray, comfortable: np.ndarray, seats: list[list[int]], bonus: float) -> bool:
    """Make the best improving swap of two guests at different tables; False if none improves."""
    best: tuple[float, int, int, int, int] | None = None
    for s in range(len(seats)):
        for t in range(s + 1, len(seats)):
            before = _table_score(value, comfortable, seats[s], bonus) + _table_score(
                value, comfortable, seats[t], bonus
            )
            for i, x in enumerate(seats[s]):
                for j, y in enumerate(seats[t]):
                    a = [*seats[s][:i], y, *seats[s][i + 1 :]]
                    b = [*seats[t][:j], x, *seats[t][j + 1 :]]
                    gain = (
                        _table_score(value, comfortable, a, bonus) + _table_score(value, comfortable, b, bonus) - before
                    )
                    if gain > 1e-9 and (best is None or gain > best[0]):
                        best = (gain, s, i, t, j)
    if best is None:
        return False
    _, s, i, t, j = best
    seats[s][i], seats[t][j] = seats[t][j], seats[s][i]
    return True


def pool_strengths(a: np.ndarray, b: np.ndarray, strength: np.ndarray, idx: np.ndarray, people: int) -> np.ndarray:
    """Tie strength between the pool members ``idx`` (dense indices among ``people``), as a square matrix
    (0: not tied), from the network's ties ``a``–``b`` and their ``strength``.

    >>> pool_strengths(np.array([0, 1]), np.array([1, 2]), np.array([0.5, 2.0]), np.array([1, 2]), 3).tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    """
    where = np.full(people, -1, dtype=np.int64)
    where[idx] = np.arange(len(idx))
    both = (where[a] >= 0) & (where[b] >= 0)
    a, b, s = where[a[both]], where[b[both]], np.maximum(strength[both], 1e-6)
    strength = np.zeros((len(idx), len(idx)))
    strength[a, b] = strength[b, a] = s
    return strength


def circles(strength: np.ndarray, *, rounds: int = 30) -> np.ndarray:
    """The host's circles: label propagation (Raghavan, Albert & Kumara 2007) on weighted ties, in a fixed
    order with ties broken by the smaller label, so the same network gives the same circles.
    Circles of one person are no circle (-1).

    >>> s = np.zeros((5, 5)); s[0, 1] = s[1, 0] = s[1, 2] = s[2, 1] = s[3, 4] = s[4, 3] = 1.0
    >>> circles(s).tolist()
    [0, 0, 0, 1, 1]
    """
    n = len(strength)
    label = np.arange(n)
    for _ in range(rounds):
        changed = False
        for i in range(n):
            near = np.flatnonzero(strength[i])
            if not len(near):
                continue
            votes = np.bincount(label[near], weights=strength[i, near], minlength=n)
            best = int(np.flatnonzero(votes >= votes.max() - 1e-12)[0])
            if best != label[i]:
                label[i], changed = best, True
        if not changed:
            break
    sizes = np.bincount(label, minlength=n)
    _, dense = np.unique(label, return_inverse=True)
    kept = np.where(sizes[label] >= 2, dense, -1)
    renumber = {old: new for new, old in enumerate(dict.fromkeys(int(c) for c in kept if c >= 0))}
    return np.array([renumber.get(int(c), -1) for c in kept], dtype=np.int64)
