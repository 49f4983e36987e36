"""Common ground, briefings and `find` on generated networks, with NetworkX and numpy for scale.

    .venv/bin/python bench/bench_common_ground.py --size 100000 --find-size 1000000

Figures: common ground for one pair (median and 95th percentile over random
pairs of people who share something), a 50-attendee briefing, and `find`
queries. In the same run, for comparison: the mutual-contacts part of a pair
with NetworkX's ``common_neighbors`` on the same graph held in memory, and
each `find` query as a numpy scan over the generator's in-memory arrays (what
a user with a dataframe would do; it needs the whole network in RAM).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np

from kithkin.generate import GeneratedNetwork
from kithkin.model import GroupKind
from kithkin.services import briefing, build_demo, common_ground
from kithkin.store import Store


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def bench_pairs(store: Store, net: GeneratedNetwork, pairs: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    # Pairs who share at least one group, as a user would ask about (strangers share nothing).
    chosen = rng.integers(0, net.tie_count, pairs)
    people = store.get_people(sorted({int(x) + 1 for x in np.r_[net.tie_a[chosen], net.tie_b[chosen]]}))
    by_id = {p.id: p for p in people}
    times, sizes = [], []
    graph = nx.Graph()
    graph.add_edges_from(zip(net.tie_a.tolist(), net.tie_b.tolist(), strict=True))
    nx_times = []
    for x, y in zip(net.tie_a[chosen].tolist(), net.tie_b[chosen].tolist(), strict=True):
        a, b = by_id[x + 1], by_id[y + 1]
        started = time.perf_counter()
        result = common_ground.compare(store, a, b)
        times.append(time.perf_counter() - started)
        sizes.append(len(result.items))
        started = time.perf_counter()
        list(nx.common_neighbors(graph, x, y))
        nx_times.append(time.perf_counter() - started)
    times.sort()
    print(
        f"common ground, one pair ({pairs} tied pairs, {statistics.mean(sizes):.1f} items each): "
        f"median {_ms(statistics.median(times))}, p95 {_ms(times[int(0.95 * len(times))])}"
    )
    print(
        f"  networkx.common_neighbors alone (mutual contacts only, graph in RAM): "
        f"median {_ms(statistics.median(nx_times))} — kithkin does all of common ground in "
        f"{statistics.median(times) / statistics.median(nx_times):.0f}x that time, from disk"
    )


def bench_brief(store: Store, net: GeneratedNetwork, seed: int) -> None:
    rng = np.random.default_rng(seed)
    refs = [f"#{int(p) + 1}" for p in rng.choice(np.arange(2, net.size), 50, replace=False)]
    started = time.perf_counter()
    view = briefing.brief(store, people=refs)
    took = time.perf_counter() - started
    print(f"briefing of 50 attendees: {took:.3f} s ({sum(len(e.ground.items) for e in view.entries)} items)")


def bench_find(store: Store, net: GeneratedNetwork) -> None:
    queries = [
        ("marketing at SDSU 1995–2005", common_ground.FindQuery(school="SDSU", role="Marketing", start=1995, end=2005)),
        ("Qualcomm before 2010", common_ground.FindQuery(employer="Qualcomm", end=2009)),
        ("who shares the most with me", common_ground.FindQuery(shares_with="me", limit=20)),
    ]
    for label, query in queries:
        started = time.perf_counter()
        results = common_ground.find(store, query)
        took = time.perf_counter() - started
        print(f"find {label}: {took:.3f} s, {len(results)} shown", end="")
        baseline = _numpy_scan(net, query)
        print(f"; numpy scan over in-memory arrays: {baseline:.3f} s" if baseline else "")


def _numpy_scan(net: GeneratedNetwork, query: common_ground.FindQuery) -> float | None:
    name = query.school or query.employer
    if name is None:
        return None
    kind = GroupKind.SCHOOL if query.school else GroupKind.EMPLOYER
    started = time.perf_counter()
    gid = next(i for i, g in enumerate(net.groups) if g.kind is kind and (g.name == name or name in g.aliases))
    mask = net.aff_group == gid
    if query.role:
        rid = net.roles.index(query.role)
        mask &= net.aff_role == rid
    if query.end is not None:
        mask &= (net.aff_start > 0) & (net.aff_start <= query.end)
    if query.start is not None:
        mask &= np.where(net.aff_end == 0, 2026, net.aff_end) >= query.start
    np.unique(net.aff_person[mask])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--find-size", type=int, default=1_000_000)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        built = build_demo(Path(tmp) / "cg.sqlite", size=args.size, seed=args.seed)
        print(f"store of {args.size:,} people built in {built.generate_seconds + built.save_seconds:.0f} s")
        with Store.open(built.path) as store:
            store.group_counts([])  # counts are derived once per revision; not part of a query
            bench_pairs(store, built.network, args.pairs, args.seed)
            bench_brief(store, built.network, args.seed)
            bench_find(store, built.network)
        if args.find_size and args.find_size != args.size:
            big = build_demo(Path(tmp) / "find.sqlite", size=args.find_size, seed=args.seed)
            print(f"store of {args.find_size:,} people built in {big.generate_seconds + big.save_seconds:.0f} s")
            with Store.open(big.path) as store:
                started = time.perf_counter()
                store.group_counts([])
                print(f"group counts derived once for this revision: {time.perf_counter() - started:.1f} s")
                bench_find(store, big.network)


if __name__ == "__main__":
    main()
