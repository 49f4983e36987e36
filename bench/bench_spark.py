"""The Spark engine against the in-process engine on a generated network: wall time, peak memory, shuffle.

    .venv/bin/python bench/bench_spark.py --people 100000                    # in-process, local[1], local[2]
    .venv/bin/python bench/bench_spark.py --people 1000000 --runs local 'local[2]'

Environment: ``KITHKIN_BENCH_HEAP`` (the Spark driver's heap, default 3g), ``KITHKIN_BENCH_PARTITIONS``
(shuffle partitions, default 16 up to 2·10^5 people, else 64) and ``KITHKIN_BENCH_SLICES`` (slices of people
Spark runs one after the other, default one per 250,000: :func:`kithkin.spark.suggest.write`).

Writes the network as Parquet (kithkin.sources.parquet) and learns the ranker once in-process (3 rounds of
``--sample`` people, saved as ranker.npz); then each engine runs in a process of its own on the same folder
and ranker — ``local`` is ``kithkin.network.scored.top_scored`` (the in-process engine, forked workers on every
core), ``local[k]`` is ``kithkin.spark.suggest`` on a Spark master with k cores — and writes its top 20 to
Parquet. Peak memory is the largest sum of RSS over the run's whole process tree (Python driver, the JVM
that is Spark's driver and executors in local mode, its Python workers; forked workers counted in full,
so shared pages count twice), sampled every 0.2 s. The load average of the machine is printed beside each
figure (it is shared). Every engine's lists are checked equal to the in-process ones.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import psutil  # type: ignore[import-untyped]

from kithkin.generate import generate
from kithkin.network.linkpred import Ranker
from kithkin.services import batch
from kithkin.sources import parquet


def prepare(folder: Path, people: int, sample: int) -> dict[str, Any]:
    """The generated network as Parquet and the ranker learned from it (ranker.npz)."""
    net = generate(people, seed=7)
    ties = np.stack([net.tie_a, net.tie_b], axis=1)
    parquet.write_network(folder, np.arange(people), ties, net.aff_person, net.aff_group)
    network = batch.load_network(folder)
    started = time.perf_counter()
    ranker = Ranker.learn(network.graph, network.edges, sample=sample)
    learned = time.perf_counter() - started
    with (folder / "ranker.npz").open("wb") as out:
        ranker.save(out)
    degree = np.asarray(network.graph.degree, dtype=np.float64)
    return {
        "people": people,
        "ties": len(ties),
        "memberships": len(net.aff_person),
        "sum_d2": float((degree**2).sum()),
        "max_degree": int(degree.max()),
        "learn_s": learned,
    }


def _beside(folder: Path, what: str, engine: str) -> Path:
    """``folder/<what>-<engine>`` without brackets: Spark reads ``out-local[1]`` as a glob matching ``out-local1``."""
    return folder / f"{what}-{engine.replace('[', '-').replace(']', '')}"


def _out(folder: Path, engine: str) -> Path:
    """The engine's output folder."""
    return _beside(folder, "out", engine)


def _scratch(folder: Path, engine: str) -> Path:
    """Where a Spark run keeps its shuffle and spill files."""
    return _beside(folder, "scratch", engine)


def _disk_bytes(top: Path) -> int:
    """Bytes the files under ``top`` occupy on disk (files vanishing while counted are skipped)."""
    total = 0
    for here, _, files in os.walk(top):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(here, name)).st_blocks * 512
    return total


def run(folder: Path, engine: str) -> dict[str, Any]:
    """One engine's top 20 for everyone (in this process), into ``folder/out-<engine>`` (see ``_out``)."""
    ranker = batch.load_ranker(folder / "ranker.npz")
    out = _out(folder, engine)
    started = time.perf_counter()
    if engine == "local":
        rows = batch.write_suggestions(out, batch.suggest_local(batch.load_network(folder), ranker, 20))
        return {"wall_s": time.perf_counter() - started, "rows": rows}
    from kithkin.spark.session import session, ui_url
    from kithkin.spark.suggest import write

    people = json.loads((folder / "about.json").read_text())["people"]
    config = {
        # A heap the shared machine can give (an 8g one was killed by the kernel's OOM killer at 10^5 while
        # other jobs held 16 GiB): Spark spills to disk instead; more shuffle partitions keep each task small.
        "spark.driver.memory": os.environ.get("KITHKIN_BENCH_HEAP", "3g"),
        "spark.sql.shuffle.partitions": os.environ.get("KITHKIN_BENCH_PARTITIONS", "16" if people <= 200_000 else "64"),
        # Shuffle and spill files in a folder of the run's own, so the parent can measure the disk they take.
        "spark.local.dir": str(_scratch(folder, engine)),
    }
    spark = session(engine, config=config)
    print(f"  Spark UI: {ui_url(spark)}", file=sys.stderr)
    slices = os.environ.get("KITHKIN_BENCH_SLICES")
    said = write(
        spark,
        str(folder),
        ranker,
        str(out / "suggestions.parquet"),
        20,
        lambda m: print(f"  {time.strftime('%H:%M:%S')} {m}", file=sys.stderr),
        slices=int(slices) if slices else None,
    )
    wall = time.perf_counter() - started
    result = {
        "wall_s": wall,
        "slices": said,
        "rows": int(spark.read.parquet(str(out / "suggestions.parquet")).count()),
        "stages": _stages(spark),
    }
    spark.stop()
    return result


def _stages(spark: Any) -> list[dict[str, Any]]:
    """Shuffle bytes and task time per stage, from the Spark UI's REST API."""
    url = spark.sparkContext.uiWebUrl
    app = spark.sparkContext.applicationId
    with urllib.request.urlopen(f"{url}/api/v1/applications/{app}/stages") as answer:
        stages = json.load(answer)
    return [
        {
            "stage": s["stageId"],
            "name": s["name"][:48],
            "write_mib": s["shuffleWriteBytes"] / 2**20,
            "read_mib": s["shuffleReadBytes"] / 2**20,
            "task_s": s.get("executorRunTime", 0) / 1000,
        }
        for s in stages
        if s["shuffleWriteBytes"] or s["shuffleReadBytes"]
    ]


def _tree_rss(pid: int) -> int:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total


def measured(folder: Path, engine: str) -> dict[str, Any]:
    """Run one engine in a child process; its result, the peak RSS of its process tree, the load around it."""
    load_before = os.getloadavg()[0]
    child = subprocess.Popen(
        [sys.executable, __file__, "--run", engine, "--dir", str(folder)], stdout=subprocess.PIPE, text=True
    )
    peak = disk = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(child.pid))
            time.sleep(0.2)

    def sample_disk() -> None:
        nonlocal disk
        while not done.wait(5.0):
            disk = max(disk, _disk_bytes(_scratch(folder, engine)))

    samplers = [threading.Thread(target=job, daemon=True) for job in (sample, sample_disk)]
    for sampler in samplers:
        sampler.start()
    output, _ = child.communicate()
    done.set()
    for sampler in samplers:
        sampler.join()
    if child.returncode:
        raise SystemExit(f"{engine} failed ({child.returncode})")
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    result |= {
        "engine": engine,
        "peak_gib": peak / 2**30,
        "scratch_gib": disk / 2**30,
        "load": (load_before, os.getloadavg()[0]),
    }
    return result


def _lists(folder: Path, engine: str) -> np.ndarray:
    table = parquet.read_dataset(_out(folder, engine) / "suggestions.parquet", ("person", "rank", "candidate"))
    order = np.lexsort((table["rank"], table["person"]))
    return np.stack([table["person"][order], table["candidate"][order]], axis=1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--runs", nargs="+", default=["local", "local[1]", "local[2]"])
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help="reuse a prepared folder")
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run(args.dir, args.run)))
        return
    folder = args.dir or Path(tempfile.mkdtemp(prefix="kithkin-bench-spark-"))
    started, load = time.perf_counter(), os.getloadavg()[0]
    prepared = folder / "about.json"
    about = json.loads(prepared.read_text()) if prepared.exists() else prepare(folder, args.people, args.sample)
    prepared.write_text(json.dumps(about))
    print(
        f"{about['people']:,} people, {about['ties']:,} ties, {about['memberships']:,} memberships, "
        f"Σd² {about['sum_d2']:.3g}, max degree {about['max_degree']}; prepared in "
        f"{time.perf_counter() - started:.0f} s (ranker {about['learn_s']:.0f} s), load {load:.1f}; folder {folder}"
    )
    results = [measured(folder, engine) for engine in args.runs]
    reference = _lists(folder, args.runs[0])
    base = results[0]
    print(f"{'engine':10s} {'wall s':>8s} {'× ' + base['engine']:>10s} {'peak GiB':>9s} {'×':>6s}  load (start-end)")
    for result in results:
        same = np.array_equal(_lists(folder, result["engine"]), reference)
        print(
            f"{result['engine']:10s} {result['wall_s']:8.1f} {result['wall_s'] / base['wall_s']:10.2f} "
            f"{result['peak_gib']:9.2f} {result['peak_gib'] / base['peak_gib']:6.2f}  "
            f"{result['load'][0]:.1f}-{result['load'][1]:.1f}  rows {result['rows']:,}, same lists: {same}"
        )
        stages = result.get("stages", [])
        if stages:
            write = sum(s["write_mib"] for s in stages)
            print(
                f"  shuffle write {write:,.1f} MiB in {len(stages)} stages, {result['slices']} slice(s); "
                f"scratch disk peak {result['scratch_gib']:.1f} GiB (sampled every 5 s); largest:"
            )
            for s in sorted(stages, key=lambda s: -s["write_mib"] - s["read_mib"])[:6]:
                print(
                    "    stage {stage:3d} {name:48s} write {write_mib:9.1f} MiB read {read_mib:9.1f} MiB "
                    "{task_s:8.1f} task-s".format(**s)
                )
    print(json.dumps({"about": about, "results": results}), file=sys.stderr)


if __name__ == "__main__":
    main()
