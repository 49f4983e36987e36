"""`kithkin today` on a big store: 100,000 people, a million interactions, cadences on a fifth of them.

    .venv/bin/python bench/bench_today.py --size 100000 --interactions 1000000

Measures the daily digest (who is overdue, ranked; what is due; one give) and,
in the same run, the same "last contact per person" answer computed the way a
script over an exported table would: every interaction loaded into Python and
reduced with a dict (the comparison a user without kithkin would reach for).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from kithkin.generate.history import TODAY
from kithkin.services import build_demo, followups
from kithkin.store import Store
from kithkin.store.rows import InteractionPersonRow, InteractionRow, TagRow, columns


def add_history(store: Store, size: int, count: int, seed: int) -> None:
    """``count`` interactions with random people over three years, and a 60-day cadence for 20% of people."""
    rng = np.random.default_rng(seed)
    days = (TODAY - dt.timedelta(days=3 * 365)).toordinal() + rng.integers(0, 3 * 365, count)
    people = rng.integers(2, size + 1, count)
    kinds = np.array(["meal", "call", "message", "email", "met"])[rng.integers(0, 5, count)]
    gave = rng.random(count) < 0.1
    got = rng.random(count) < 0.1
    with store.transaction():
        sid = store.source_id("bench")
        base = int(store.db.execute("SELECT COALESCE(max(id), 0) FROM interactions").fetchone()[0])
        ids = range(base + 1, base + count + 1)
        on_dates = [dt.date.fromordinal(int(d)).isoformat() for d in days]
        store.bulk_insert(
            columns(InteractionRow, id=ids, on_date=on_dates, kind=kinds.tolist(), note=[""] * count,
                    source_id=[sid] * count)
        )  # fmt: skip
        store.bulk_insert(
            columns(InteractionPersonRow, interaction_id=ids, person_id=people.tolist(), gave=gave.tolist(),
                    received=got.tolist(), on_date=on_dates)
        )  # fmt: skip
        tagged = rng.choice(np.arange(2, size + 1), size // 5, replace=False)
        store.bulk_insert(TagRow(int(p), "keep-up", sid) for p in tagged)
    store.set_cadence(60, "bench", tag="keep-up")


def python_baseline(store: Store) -> float:
    started = time.perf_counter()
    rows = store.db.execute(
        "SELECT ip.person_id, i.on_date FROM interaction_people ip JOIN interactions i ON i.id = ip.interaction_id"
    ).fetchall()
    last: dict[int, str] = {}
    for pid, on in rows:
        if on > last.get(pid, ""):
            last[pid] = on
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        built = build_demo(Path(tmp) / "today.sqlite", size=args.size, seed=args.seed)
        with Store.open(built.path) as store:
            started = time.perf_counter()
            add_history(store, args.size, args.interactions, args.seed)
            print(
                f"store: {args.size:,} people, {args.interactions:,} interactions added in "
                f"{time.perf_counter() - started:.0f} s"
            )
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                digest = followups.today_digest(store, TODAY)
                timings.append(time.perf_counter() - started)
            print(
                f"kithkin today: best of 3 {min(timings):.3f} s (first {timings[0]:.3f} s); "
                f"{len(digest.overdue)} overdue shown, {len(digest.upcoming)} upcoming"
            )
            baseline = python_baseline(store)
            print(
                f"last contact per person by a Python dict over every interaction: {baseline:.3f} s "
                f"(kithkin's whole digest is {baseline / min(timings):.1f}x faster)"
            )


if __name__ == "__main__":
    main()
