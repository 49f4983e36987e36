"""The Spark engine against the in-process engine on a generated network: wall time, peak memory, shuffle.

    .venv/bin/python bench/bench_spark.py --people 10000 --master local[2]
    .venv/bin/python bench/bench_spark.py --people 100000 --master local[1] --skip-local

Writes the network as Parquet (kithkin.sources.parquet), learns the ranker once in-process (3 rounds of
``--sample`` people), then times ``--engine local`` (kithkin.network.scored.top_scored) and ``--engine spark``
(kithkin.spark.suggest) on the same folder and checks that their top-20 lists agree. Peak memory: the
Python driver's max RSS, and the JVM's VmHWM (driver and executors are one JVM in local mode); shuffle
bytes per stage from the Spark UI's REST API.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

from kithkin.generate import generate
from kithkin.network.linkpred import Ranker
from kithkin.services import batch
from kithkin.sources import parquet
from kithkin.spark.session import session, ui_url
from kithkin.spark.suggest import suggest


def _jvm_peak_gib(spark: Any) -> float:
    pid = spark.sparkContext._gateway.proc.pid
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 2**20
    return float("nan")


def _stages(spark: Any) -> list[dict[str, Any]]:
    url = ui_url(spark)
    if not url:
        return []
    app = spark.sparkContext.applicationId
    with urllib.request.urlopen(f"{url}/api/v1/applications/{app}/stages") as answer:
        stages = json.load(answer)
    return [
        {
            "stage": s["stageId"],
            "name": s["name"][:40],
            "shuffle_write_mib": s["shuffleWriteBytes"] / 2**20,
            "shuffle_read_mib": s["shuffleReadBytes"] / 2**20,
            "seconds": s.get("executorRunTime", 0) / 1000,
        }
        for s in stages
        if s["shuffleWriteBytes"] or s["shuffleReadBytes"]
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--skip-local", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kithkin-bench-spark-"))
    net = generate(args.people, seed=7)
    ties = np.stack([net.tie_a, net.tie_b], axis=1)
    parquet.write_network(folder, np.arange(args.people), ties, net.aff_person, net.aff_group)
    network = batch.load_network(folder)
    started = time.perf_counter()
    ranker = Ranker.learn(network.graph, network.edges, sample=args.sample)
    print(f"{args.people:,} people, {len(ties):,} ties; ranker learned in {time.perf_counter() - started:.1f} s")
    local = None
    if not args.skip_local:
        started = time.perf_counter()
        local = batch.suggest_local(network, ranker, 20)
        print(f"local: {time.perf_counter() - started:.1f} s, {len(local.person):,} suggestions")
    spark = session(args.master, config={"spark.driver.memory": "6g"})
    started = time.perf_counter()
    out = folder / "spark-suggestions.parquet"
    suggest(spark, str(folder), ranker, 20, print).write.mode("overwrite").parquet(str(out))
    wall = time.perf_counter() - started
    rows = spark.read.parquet(str(out)).orderBy("person", "rank").select("candidate").collect()
    print(f"spark {args.master}: {wall:.1f} s, {len(rows):,} suggestions")
    if local is not None:
        order = np.lexsort((local.rank, local.person))
        print("same lists:", [r[0] for r in rows] == local.candidate[order].tolist())
    print(
        f"peak memory: python driver {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB, "
        f"JVM (driver + executors) {_jvm_peak_gib(spark):.2f} GiB"
    )
    for stage in _stages(spark):
        print(
            "  stage {stage}: {name:40s} shuffle write {shuffle_write_mib:8.1f} MiB, read {shuffle_read_mib:8.1f}"
            " MiB, {seconds:6.1f} task-s".format(**stage)
        )
    spark.stop()


if __name__ == "__main__":
    main()
