"""Matchmaking rounds: a round for a large community, and the value against networkx's exact matching.

    .venv/bin/python bench/bench_matching.py --members 100000 --compare 2000

Members belong to groups of log-normal sizes (a median of ~20, a few in the
thousands), about six each; a group's weight is its rarity, as common ground
weighs it. Each member keeps their top-12 candidates (kithkin's default).
"""

from __future__ import annotations

import argparse
import platform
import resource
import time

import networkx as nx
import numpy as np
import scipy.sparse as sp

from kithkin.common_ground import rarity
from kithkin.matchmaking import candidate_edges, match_round
from kithkin.services.matchmaking import TOP_K


def community(members: int, seed: int) -> tuple[sp.csr_array, np.ndarray]:
    rng = np.random.default_rng(seed)
    groups = max(members // 4, 10)
    sizes = np.clip(rng.lognormal(3.0, 1.0, groups).astype(np.int64), 2, members)
    rows = np.concatenate([rng.choice(members, s, replace=False) for s in sizes])
    cols = np.repeat(np.arange(groups), sizes)
    incidence = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(members, groups))
    weight = np.array([rarity(int(s), members) for s in sizes])
    return incidence, weight


def large(members: int, seed: int) -> None:
    incidence, weight = community(members, seed)
    started = time.perf_counter()
    graph = candidate_edges(incidence, weight, TOP_K)
    built = time.perf_counter()
    past = {(int(a), int(b)) for a, b in zip(graph[0][::7], graph[1][::7], strict=True)}  # a seventh already met
    found = match_round(members, graph, forbidden=past)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
    print(
        f"round for {members:,} members ({len(graph[0]):,} candidate pairs, {len(past):,} past pairs): "
        f"{done - started:.1f} s (candidates {built - started:.1f} s, matching {done - built:.1f} s), "
        f"peak memory {peak:.2f} GiB; {len(found.pairs):,} pairs, {len(found.sat_out)} sat out"
    )


def against_exact(members: int, seed: int) -> None:
    incidence, weight = community(members, seed)
    every = candidate_edges(incidence, weight, members)  # all valued pairs: the exact problem
    g = nx.Graph()
    g.add_weighted_edges_from(zip(*(x.tolist() for x in every), strict=True))
    started = time.perf_counter()
    best = sum(g[a][b]["weight"] for a, b in nx.max_weight_matching(g))
    exact_s = time.perf_counter() - started
    started = time.perf_counter()
    ours = match_round(members, candidate_edges(incidence, weight, TOP_K)).value
    ours_s = time.perf_counter() - started
    print(
        f"{members:,} members ({len(every[0]):,} valued pairs): top-{TOP_K} + greedy + local moves / "
        f"networkx.max_weight_matching = {ours / best:.4f} ({ours_s:.2f} s vs {exact_s:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--compare", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    large(args.members, args.seed)
    against_exact(args.compare, args.seed)


if __name__ == "__main__":
    main()
