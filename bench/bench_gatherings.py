"""Guest-list planning: the heuristic against the exact optimum (HiGHS), and speed on a large pool.

    .venv/bin/python bench/bench_gatherings.py --instances 200 --largest 40 --pool 5000

Instances are clustered pools (four circles; bridging circles is worth 1.5x; 12 % of pairs already
know each other and count as comfortable, as do pairs with much in common).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from kithkin.errors import InputError
from kithkin.gatherings import Problem, plan_exact, plan_heuristic
from test_gatherings import random_problem


def quality(count: int, largest: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    ratios, exact_s, heuristic_s, skipped = [], 0.0, 0.0, 0
    for _ in range(count):
        problem = random_problem(rng, largest)
        started = time.perf_counter()
        try:
            exact = plan_exact(problem)
        except InputError:
            skipped += 1
            continue
        exact_s += time.perf_counter() - started
        started = time.perf_counter()
        heuristic = plan_heuristic(problem)
        heuristic_s += time.perf_counter() - started
        ratios.append(heuristic.value / exact.value if exact.value else 1.0)
    r = np.array(ratios)
    print(
        f"{count} instances, pools 10–{largest} ({skipped} with no feasible plan skipped): heuristic / optimum "
        f"mean {r.mean():.4f}, median {np.median(r):.4f}, min {r.min():.4f}; "
        f"heuristic {heuristic_s:.1f} s in all, exact {exact_s:.1f} s in all"
    )


def speed(pool: int, seats: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    value = np.triu(rng.random((pool, pool)) * (rng.random((pool, pool)) < 0.05), 1)
    value = value + value.T
    known = np.triu(rng.random((pool, pool)) < 0.01, 1)
    comfortable = known | known.T | (value > 0.9)
    np.fill_diagonal(comfortable, False)
    problem = Problem(np.where(comfortable & (value == 0), 0.0, value), comfortable, seats)
    started = time.perf_counter()
    plan = plan_heuristic(problem)
    print(
        f"{seats}-seat gathering from a pool of {pool:,}: {time.perf_counter() - started:.2f} s "
        f"(value {plan.value:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=200)
    parser.add_argument("--largest", type=int, default=40)
    parser.add_argument("--pool", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    speed(args.pool, 12, args.seed)
    quality(args.instances, args.largest, args.seed)


if __name__ == "__main__":
    main()
