"""The guest-list planner on instances small enough to check by hand, then heuristic against exact."""

from __future__ import annotations

import numpy as np
import pytest

from kithkin.errors import InputError
from kithkin.gatherings import Problem, feasible, plan_exact, plan_heuristic, total


def symmetric(n: int, entries: dict[tuple[int, int], float]) -> np.ndarray:
    m = np.zeros((n, n))
    for (a, b), v in entries.items():
        m[a, b] = m[b, a] = v
    return m


def everyone_comfortable(n: int) -> np.ndarray:
    c = np.ones((n, n), dtype=bool)
    np.fill_diagonal(c, False)
    return c


def test_picks_the_most_valuable_triangle() -> None:
    value = symmetric(5, {(0, 1): 3, (1, 2): 3, (0, 2): 3, (3, 4): 5, (0, 3): 1})
    problem = Problem(value, everyone_comfortable(5), seats=3)
    for plan in (plan_heuristic(problem), plan_exact(problem)):
        assert plan.guests == (0, 1, 2)
        assert plan.value == 9
    assert plan_exact(problem).optimal


def test_must_never_and_apart_are_respected() -> None:
    value = symmetric(5, {(0, 1): 3, (1, 2): 3, (0, 2): 3, (3, 4): 5, (0, 3): 1})
    problem = Problem(value, everyone_comfortable(5), seats=3, must=frozenset({4}), never=frozenset({1}),
                      apart=frozenset({(3, 0)}))  # fmt: skip
    for plan in (plan_heuristic(problem), plan_exact(problem)):
        assert 4 in plan.guests
        assert 1 not in plan.guests
        assert not {0, 3} <= set(plan.guests)
        assert feasible(problem, plan.guests)
    assert plan_heuristic(problem).value == plan_exact(problem).value


def test_nobody_is_left_without_someone_to_talk_to() -> None:
    # 0-1 is the most valuable new connection, but 0 and 1 are comfortable with no one else invited:
    # the plan must bring each of them a comfortable partner, or leave them out.
    value = symmetric(6, {(0, 1): 10, (2, 3): 2, (3, 4): 2, (2, 4): 2})
    comfortable = symmetric(6, {(0, 5): 1, (2, 3): 1, (3, 4): 1}).astype(bool)
    problem = Problem(value, comfortable, seats=3)
    for plan in (plan_heuristic(problem), plan_exact(problem)):
        assert feasible(problem, plan.guests)
        assert plan.guests == (2, 3, 4)
    assert total(problem, (2, 3, 4)) == 6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seats": 9}, "only 5 people"),
        ({"seats": 1}, "at least 2 seats"),
        ({"seats": 3, "must": frozenset({1}), "never": frozenset({1})}, "both a must-invite and a never-invite"),
        ({"seats": 2, "must": frozenset({0, 1, 2})}, "do not fit"),
        ({"seats": 3, "must": frozenset({0, 1}), "apart": frozenset({(0, 1)})}, "should not meet"),
    ],
)
def test_impossible_requests_are_clear(kwargs: dict[str, object], message: str) -> None:
    problem = Problem(np.ones((5, 5)) - np.eye(5), everyone_comfortable(5), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=message):
        plan_heuristic(problem)
    with pytest.raises(InputError, match=message):
        plan_exact(problem)


def random_problem(rng: np.random.Generator, largest: int, smallest: int = 10, seats: int | None = None) -> Problem:
    """Clustered candidates: bridging two circles is worth more; some pairs already know each other."""
    n = int(rng.integers(smallest, largest + 1))
    seats = int(rng.integers(4, min(13, n))) if seats is None else seats
    circle = rng.integers(0, 4, n)
    base = np.triu(rng.random((n, n)) * (rng.random((n, n)) < 0.35), 1)
    known = np.triu(rng.random((n, n)) < 0.12, 1)
    known = known | known.T
    value = np.where(known, 0.0, (base + base.T) * np.where(circle[:, None] != circle[None, :], 1.5, 1.0))
    comfortable = known | (value > 0.9)
    np.fill_diagonal(comfortable, False)
    must = frozenset(rng.choice(n, int(rng.integers(0, 2)), replace=False).tolist())
    return Problem(value, comfortable, seats, must)


@pytest.mark.slow
def test_heuristic_is_close_to_optimal_on_random_instances() -> None:
    """40 instances with pools up to 25 here; `bench/bench_gatherings.py` runs the 200 with pools up to 40."""
    rng = np.random.default_rng(3)
    ratios = []
    for _ in range(40):
        problem = random_problem(rng, 25)
        try:
            exact = plan_exact(problem)
        except InputError:
            continue
        heuristic = plan_heuristic(problem)
        assert feasible(problem, heuristic.guests)
        assert heuristic.value <= exact.value + 1e-6
        ratios.append(heuristic.value / exact.value if exact.value else 1.0)
    assert len(ratios) >= 30
    assert np.mean(ratios) >= 0.97
    assert min(ratios) >= 0.90


def test_a_solve_stopped_at_its_time_limit_says_what_it_proved_not_an_optimum() -> None:
    """Stopped before a proof, the exact solver's list is not called optimal, and its bound is one no list
    beats: at least the proved optimum of the same problem solved to the end."""
    problem = random_problem(np.random.default_rng(5), 35, smallest=35, seats=10)
    heuristic = plan_heuristic(problem)
    stopped = plan_exact(problem, time_limit=0.05, start=heuristic.guests)
    solved = plan_exact(problem, start=heuristic.guests)
    assert solved.optimal
    assert solved.bound == solved.value
    assert not stopped.optimal
    assert stopped.bound is not None
    assert stopped.bound >= solved.value - 1e-6
    assert stopped.value >= heuristic.value - 1e-9  # it started from the heuristic's list
    assert feasible(problem, stopped.guests)
