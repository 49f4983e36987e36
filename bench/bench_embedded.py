"""Embedded resource allocation on its own, beside the heuristics, on one split of a real data set.

    .venv/bin/python bench/bench_embedded.py ego-facebook --data ../shared/data/ego-facebook --seed 7

Embedded resource allocation (the ranker's ``embedded`` feature,
:func:`kithkin.network.pairs.embedded_weights`) scores a pair (u, v) by
``Σ_z (1 + e(u, z))^a / degree(z)^b`` over common neighbours ``z``, where
``e(u, z)`` is how many friends u and z share; kithkin uses a = ½, b = 1. This
prints Hits@10/20/50 and MRR of each person's top 50 by it, for a small grid of
(a, b) and for a symmetric variant weighing both ends' ties
(``Σ_z ((1 + e(u, z))(1 + e(v, z)))^¼ / degree(z)``), next to common
neighbours, Adamic-Adar and resource allocation on the same split (the split
``kithkin eval linkpred`` makes with the same seed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from kithkin.network.evaluate import metrics, split
from kithkin.network.heuristics import Graph, heuristic_top, top_k
from kithkin.sources.snap import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    net = load(args.dataset, args.data)
    train, test = split(net.edges, 0.1, args.seed)
    graph = Graph.build(net.size, train)
    who = np.unique(test.ravel())
    print(f"{args.dataset}, seed {args.seed}: {len(train):,} training ties, {len(test):,} hidden")
    print(f"{'method':34s} Hits@10 Hits@20 Hits@50 MRR")

    def report(name: str, top: dict[int, np.ndarray]) -> None:
        hits, mrr = metrics(top, test)
        print(f"{name:34s} {hits[10]:.4f}  {hits[20]:.4f}  {hits[50]:.4f}  {mrr:.4f}")

    for method in ("common-neighbours", "adamic-adar", "resource-allocation"):
        report(method, heuristic_top(graph, method, 50, who))
    adj, degree = graph.adj, np.maximum(graph.degree, 1)
    # e(u, z) for every tie, on the adjacency's own pattern (0 where a tie closes no triangle)
    common = sp.csr_array(adj @ adj)
    shared = sp.csr_array(adj + adj.multiply(common))
    shared.data -= 1

    def ranked(name: str, left: sp.csr_array, right: sp.csr_array) -> None:
        scores = sp.csr_array(left[who] @ right) - 1e9 * sp.csr_array(adj[who])  # ties below zero
        report(name, dict(zip(who.tolist(), top_k(scores, who, graph, 50, masked=True), strict=True)))

    for a in (0.25, 0.5, 0.75, 1.0):
        for b in (0.75, 1.0, 1.25):
            left = sp.csr_array(((1 + shared.data) ** a, shared.indices, shared.indptr), shape=adj.shape)
            ranked(f"embedded a={a} b={b}" + ("  (kithkin)" if (a, b) == (0.5, 1.0) else ""), left,
                   sp.csr_array(sp.diags_array(1 / degree**b) @ adj))  # fmt: skip
    both = sp.csr_array(((1 + shared.data) ** 0.25 / np.sqrt(degree[shared.indices]), shared.indices, shared.indptr),
                        shape=adj.shape)  # fmt: skip
    ranked("embedded, both ends", both, sp.csr_array(both.T))


if __name__ == "__main__":
    main()
