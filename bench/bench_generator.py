"""How fast the demo generator makes a network, and how that compares with NetworkX.

Measures, for N people: generating the network in memory (people, affiliations,
ties), writing it to a fresh SQLite store, and the process's peak memory. For
comparison, in the same run, NetworkX's Holme–Kim generator
(``powerlaw_cluster_graph``: preferential attachment with triadic closure — the
nearest thing a user would pick) makes a graph with the same number of people
and about the same number of ties — ties only, with no affiliations or names.

    .venv/bin/python bench/bench_generator.py --size 1000000 --compare-size 100000
"""

from __future__ import annotations

import argparse
import platform
import resource
import tempfile
import time
from pathlib import Path

import networkx as nx

from kithkin.generate import generate
from kithkin.services import save_generated
from kithkin.store import Store


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(size: int, compare_size: int, seed: int) -> None:
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    started = time.perf_counter()
    net = generate(size, seed)
    gen_s = time.perf_counter() - started
    print(
        f"generate {size:,} people: {gen_s:.1f} s — {len(net.aff_person):,} affiliations, "
        f"{net.tie_count:,} ties, {len(net.groups):,} groups; peak {peak_mib():,.0f} MiB"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        started = time.perf_counter()
        with Store.open(path) as store:
            save_generated(store, net, "bench")
            people = store.count_people()
        save_s = time.perf_counter() - started
        print(
            f"save to SQLite: {save_s:.1f} s ({people:,} people, {path.stat().st_size / 2**20:,.0f} MiB file); "
            f"peak {peak_mib():,.0f} MiB"
        )
    print(f"total: {gen_s + save_s:.1f} s for {size:,} people")

    # Same run, smaller size: kithkin's generator vs NetworkX's Holme–Kim, same people and ~same ties.
    started = time.perf_counter()
    small = generate(compare_size, seed)
    ours = time.perf_counter() - started
    m = max(1, round(small.tie_count / compare_size))
    started = time.perf_counter()
    graph = nx.powerlaw_cluster_graph(compare_size, m, 0.5, seed=seed)
    theirs = time.perf_counter() - started
    print(
        f"at {compare_size:,} people: kithkin {ours:.2f} s ({small.tie_count:,} ties + affiliations) vs "
        f"networkx.powerlaw_cluster_graph {theirs:.2f} s ({graph.number_of_edges():,} ties only): "
        f"kithkin is {theirs / ours:.1f}x faster"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--compare-size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    run(args.size, args.compare_size, args.seed)


if __name__ == "__main__":
    main()
