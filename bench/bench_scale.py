"""The network engine at a million people: snapshot load, path queries, and the full ranker for everyone.

    .venv/bin/python bench/bench_scale.py --size 1000000

The generated network (``generate(size, seed)``) is written once to a SQLite
store under ``--cache`` (default ``/tmp/kithkin-scale``) and its graph snapshot
(``<db>.graph.npz``) built once; later runs reuse both. Then, in one run:

* snapshot load: ``services.snapshot.snapshot`` on an unchanged store (reads the
  cached arrays) plus the cost matrix paths search — what a query pays first;
* path queries from the user to ``--queries`` random people: the best path, and
  the three best distinct paths (median and 99th percentile);
* kithkin's full ranker (learned from the network's ties, then each person's
  top 20 over every core, with a progress line), its time and the process's
  peak memory (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from kithkin.generate import generate
from kithkin.network.linkpred import Graph, Ranker
from kithkin.network.paths import PathIndex
from kithkin.services import save_generated, snapshot
from kithkin.store import Store


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def prepare(db: Path, size: int, seed: int) -> None:
    """Generate and store the network once, and build its snapshot once."""
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        net = generate(size, seed)
        partial = db.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        with Store.open(partial) as store:
            save_generated(store, net, "bench")
        partial.rename(db)
        print(f"generated and stored {size:,} people: {time.perf_counter() - started:.0f} s (once)")
    with Store.open(db) as store:
        started = time.perf_counter()
        snapshot.snapshot(store)
        print(f"snapshot ready: {time.perf_counter() - started:.1f} s (built once, then cached)")


def paths(db: Path, queries: int, seed: int) -> None:
    with Store.open(db) as store:
        me = store.me()
        assert me is not None
        assert me.id is not None
        started = time.perf_counter()
        snap = snapshot.snapshot(store)
        index = PathIndex.build(len(snap.ids), snap.a, snap.b, snap.strength)
        load_s = time.perf_counter() - started
    print(f"snapshot load + path index: {load_s:.2f} s ({len(snap.ids):,} people, {len(snap.a):,} ties)")
    source = snap.index(me.id)
    targets = np.random.default_rng(seed).choice(len(snap.ids), queries, replace=False)
    for k in (1, 3):
        times, found = [], 0
        for target in targets.tolist():
            started = time.perf_counter()
            result = index.best_paths(source, [target], k)
            times.append(time.perf_counter() - started)
            found += bool(result)
        ms = np.array(times) * 1000
        print(
            f"{'best path' if k == 1 else 'three best distinct paths'}: median {np.median(ms):.2f} ms, "
            f"p99 {np.percentile(ms, 99):.2f} ms, max {ms.max():.1f} ms ({found}/{queries} reachable)"
        )


def ranker(db: Path, workers: int) -> None:
    with Store.open(db) as store:
        snap = snapshot.snapshot(store)
    size = len(snap.ids)
    started = time.perf_counter()
    incidence = sp.csr_array(
        (np.ones(len(snap.member)), (snap.member, snap.group)), shape=(size, int(snap.group.max(initial=0)) + 1)
    )
    edges = np.stack([snap.a, snap.b], axis=1)
    graph = Graph.build(size, edges, incidence)
    build_s = time.perf_counter() - started
    print(
        f"graph: {build_s:.1f} s ({graph.attributes.shape[1]:,} attributes kept of {incidence.shape[1]:,}, "
        f"{graph.rare.shape[1]:,} rare enough to propose candidates); peak {peak_gib():.2f} GiB"
    )
    started = time.perf_counter()
    model = Ranker.learn(graph, edges)
    learn_s = time.perf_counter() - started
    print(f"learn: {learn_s:.1f} s (blend chosen: {model.blend}); peak {peak_gib():.2f} GiB")
    shown = [0.0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - shown[0] > 10 or done == total:
            shown[0] = time.perf_counter()
            sys.stderr.write(f"\r  {done:,}/{total:,} people ({time.perf_counter() - started:.0f} s)")
            sys.stderr.flush()

    started = time.perf_counter()
    top = model.top(graph, 20, workers=workers, progress=progress)
    top_s = time.perf_counter() - started
    sys.stderr.write("\n")
    lengths = np.array([len(v) for v in top.values()])
    print(
        f"ranker top-20 for all {len(top):,} people: {top_s:.1f} s on {workers} workers, "
        f"{len(top) / top_s:,.0f} people/s (mean list {lengths.mean():.1f}); learn + top {learn_s + top_s:.1f} s; "
        f"graph + learn + top {build_s + learn_s + top_s:.1f} s"
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    print(f"peak RSS: this process {peak_gib():.2f} GiB, largest worker {children:.2f} GiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/kithkin-scale"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", choices=("prepare", "paths", "ranker"), default=None)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}")  # fmt: skip
    db = args.cache / f"scale-{args.size}-{args.seed}.sqlite"
    prepare(db, args.size, args.seed)
    if args.only in (None, "paths"):
        paths(db, args.queries, args.seed)
    if args.only in (None, "ranker"):
        ranker(db, args.workers)


if __name__ == "__main__":
    main()
