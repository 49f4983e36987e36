"""Adamic-Adar top-20 per person: kithkin's sparse row blocks against NetworkX, same pairs, same scores.

    .venv/bin/python bench/bench_linkpred.py --data ../shared/data/ego-facebook --sample 400 --generated 100000

kithkin scores every person's two-hop candidates with one sparse product per
block of rows and takes each row's top 20 in one vectorised pass; NetworkX's
``adamic_adar_index`` scores the same candidate pairs one by one. Both are
timed on the same sample of people (NetworkX over the whole graph would take
minutes; median of ``--repeat`` runs each), the scores of both top-20 lists are
checked to agree (to 1e-12: the order of equal scores may differ), and the ratio
printed. With ``--generated N``: everyone's top 20, on one and on every core,
against a plain chunked ``scipy.sparse`` product ``A[rows] @ diag(w) @ A`` (no
top-k at all) in the same run, on two N-person networks: kithkin's demo
generator's, and a Barabási–Albert graph with 10 ties per newcomer
(``networkx.barabasi_albert_graph``: 10 N ties, heavy hubs, so far more pairs
two hops apart).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
import scipy.sparse as sp

from kithkin.generate import generate
from kithkin.network.heuristics import top_k
from kithkin.network.linkpred import Graph, heuristic_top, two_hop
from kithkin.sources.snap import load


def timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def versus_networkx(data: Path, sample: int, seed: int, repeat: int) -> None:
    net = load("ego-facebook", data)
    graph = Graph.build(net.size, net.edges)
    people = np.sort(np.random.default_rng(seed).choice(net.size, sample, replace=False))
    assert graph.spread  # the weighted adjacency, built once per graph like the graph itself
    all_s, _ = timed(lambda: heuristic_top(graph, "adamic-adar", 20), repeat)
    our_s, ours = timed(lambda: heuristic_top(graph, "adamic-adar", 20, people, workers=1), repeat)
    assert isinstance(ours, dict)

    g = nx.Graph()
    g.add_nodes_from(range(net.size))
    g.add_edges_from(net.edges.tolist())
    scores = two_hop(graph, people, "adamic-adar")
    pairs = []
    for i, person in enumerate(people.tolist()):
        cols = scores.indices[scores.indptr[i] : scores.indptr[i + 1]]
        pairs += [(person, int(c)) for c in cols if c != person and not g.has_edge(person, int(c))]

    def networkx_top() -> dict[int, list[tuple[float, int]]]:
        theirs: dict[int, list[tuple[float, int]]] = {}
        for u, v, score in nx.adamic_adar_index(g, pairs):
            theirs.setdefault(u, []).append((-score, v))
        return {u: sorted(found)[:20] for u, found in theirs.items()}

    nx_s, nx_top = timed(networkx_top, repeat)
    assert isinstance(nx_top, dict)
    score_of = {(u, v): -s for u, found in nx_top.items() for s, v in found}
    same_lists = sum(ours[p].tolist() == [v for _, v in nx_top.get(p, [])] for p in people.tolist())
    same_scores = sum(
        np.allclose(
            sorted(-s for s, _ in nx_top.get(p, [])),
            sorted(score_of.get((p, int(v)), -1.0) for v in ours[p]),
            rtol=1e-12,
            atol=0,
        )
        for p in people.tolist()
    )
    print(
        f"ego-Facebook, {net.size:,} people, {len(net.edges):,} ties; sample of {len(people)} people, "
        f"{len(pairs):,} candidate pairs (median of {repeat} runs each)"
    )
    print(f"kithkin Adamic-Adar top-20, sample, one core: {our_s * 1000:.1f} ms; everyone: {all_s:.2f} s")
    print(f"networkx.adamic_adar_index over the same pairs + sort: {nx_s:.2f} s")
    print(
        f"same top-20 scores: {same_scores}/{len(people)} (same order too: {same_lists}); "
        f"kithkin is {nx_s / our_s:.0f}x faster"
    )


def versus_plain_product(name: str, graph: Graph, repeat: int) -> None:
    size = graph.size
    weights = sp.diags_array(graph.weights("adamic-adar"))

    def plain() -> int:
        stored = 0
        for start in range(0, size, 4096):
            stored += sp.csr_array(graph.adj[start : start + 4096] @ weights @ graph.adj).nnz
        return stored

    plain_s, pairs = timed(plain, repeat)
    cores = os.cpu_count() or 1
    graph.warm(masked=True)
    one_s, one = timed(lambda: heuristic_top(graph, "adamic-adar", 20, workers=1), repeat)
    all_s, every = timed(lambda: heuristic_top(graph, "adamic-adar", 20, workers=cores), repeat)
    assert isinstance(one, dict)
    assert isinstance(every, dict)
    sample = np.arange(0, size, 97)
    exact = top_k(two_hop(graph, sample, "adamic-adar", masked=True), sample, graph, 20, masked=True)
    same = sum(one[p].tolist() == every[p].tolist() == e.tolist() for p, e in zip(sample.tolist(), exact, strict=True))
    print(f"{name}: {size:,} people, {graph.adj.nnz // 2:,} ties, {pairs:,} two-hop entries (median of {repeat} runs)")
    print(f"  plain chunked scipy.sparse product A[rows] @ diag(w) @ A, no top-k: {plain_s:.2f} s")
    print(f"  kithkin Adamic-Adar top-20 for everyone: {one_s:.2f} s on 1 core, {all_s:.2f} s on {cores} cores "
          f"({plain_s / all_s:.2f}x the plain product's speed); same lists as the full product's top-20 for "
          f"{same}/{len(sample)} sampled people")  # fmt: skip


def generated(size: int, seed: int, repeat: int) -> None:
    net = generate(size, seed)
    versus_plain_product("kithkin's generator", Graph.build(size, np.stack([net.tie_a, net.tie_b], axis=1)), repeat)
    hubs = nx.barabasi_albert_graph(size, 10, seed=seed)
    versus_plain_product("Barabási–Albert, m = 10", Graph.build(size, np.array(hubs.edges(), dtype=np.int64)), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ego-facebook"))
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--generated", type=int, default=0, help="Also run everyone on a generated N-person network.")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}")  # fmt: skip
    versus_networkx(args.data, args.sample, args.seed, args.repeat)
    if args.generated:
        generated(args.generated, args.seed, args.repeat)


if __name__ == "__main__":
    main()
