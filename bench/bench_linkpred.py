"""Adamic-Adar top-20 per person: kithkin's sparse row blocks against NetworkX, same pairs, same scores.

    .venv/bin/python bench/bench_linkpred.py --data ../shared/data/ego-facebook --sample 400

kithkin scores every person's two-hop candidates with one sparse product per
block of rows; NetworkX's ``adamic_adar_index`` scores the same candidate pairs
one by one. Both are timed on the same sample of people (NetworkX over the whole
graph would take minutes), scores are checked to agree, and the ratio printed.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import networkx as nx
import numpy as np

from kithkin.network.linkpred import Graph, heuristic_top, two_hop
from kithkin.sources.snap import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("tests/data/ego-facebook"))
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    net = load("ego-facebook", args.data)
    graph = Graph.build(net.size, net.edges)
    people = np.sort(np.random.default_rng(args.seed).choice(net.size, args.sample, replace=False))

    started = time.perf_counter()
    heuristic_top(graph, "adamic-adar", 20)
    all_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ours = heuristic_top(graph, "adamic-adar", 20, people)
    our_seconds = time.perf_counter() - started

    g = nx.Graph()
    g.add_nodes_from(range(net.size))
    g.add_edges_from(net.edges.tolist())
    scores = two_hop(graph, people, "adamic-adar")
    pairs = []
    for i, person in enumerate(people.tolist()):
        cols = scores.indices[scores.indptr[i] : scores.indptr[i + 1]]
        pairs += [(person, int(c)) for c in cols if c != person and not g.has_edge(person, int(c))]
    started = time.perf_counter()
    theirs: dict[int, list[tuple[float, int]]] = {}
    for u, v, score in nx.adamic_adar_index(g, pairs):
        theirs.setdefault(u, []).append((-score, v))
    nx_top = {u: [v for _, v in sorted(found)[:20]] for u, found in theirs.items()}
    nx_seconds = time.perf_counter() - started

    agree = sum(ours[p].tolist() == nx_top.get(p, []) for p in people.tolist())
    print(
        f"ego-Facebook, {net.size:,} people, {len(net.edges):,} ties; sample of {len(people)} people, "
        f"{len(pairs):,} candidate pairs"
    )
    print(f"kithkin Adamic-Adar top-20, sample: {our_seconds:.3f} s; everyone: {all_seconds:.2f} s")
    print(f"networkx.adamic_adar_index over the same pairs + sort: {nx_seconds:.2f} s")
    print(f"identical top-20 lists: {agree}/{len(people)}; kithkin is {nx_seconds / our_seconds:.0f}x faster")


if __name__ == "__main__":
    main()
