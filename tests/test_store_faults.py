"""A crash at any moment leaves the store all-or-nothing: an import killed with SIGKILL at random points
leaves either the store as it was or the complete import, and a file SQLite finds intact."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 20_000


def _directory(path: Path) -> None:
    lines = ["name,email,employer,city"]
    lines += [f"Person {n:05d} Test,person{n}@example.org,Employer {n % 300},City {n % 40}" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _import(db: Path, csv: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kithkin", "--db", str(db), "import", str(csv), "--community", "Test Club"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _people(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM people").fetchone()[0])


@pytest.mark.slow
def test_an_import_killed_at_random_moments_leaves_all_or_nothing(tmp_path: Path) -> None:
    csv = tmp_path / "members.csv"
    _directory(csv)
    subprocess.run([sys.executable, "-m", "kithkin", "--db", str(tmp_path / "base.sqlite"), "init"], check=True)
    timing = tmp_path / "timing.sqlite"
    timing.write_bytes((tmp_path / "base.sqlite").read_bytes())
    started = time.monotonic()
    assert _import(timing, csv).wait(timeout=600) == 0
    full = time.monotonic() - started
    assert _people(timing) == ROWS
    moments = random.Random(7)
    outcomes = []
    for attempt in range(6):
        db = tmp_path / f"killed-{attempt}.sqlite"
        db.write_bytes((tmp_path / "base.sqlite").read_bytes())
        process = _import(db, csv)
        time.sleep(moments.uniform(0.05, 1.1) * full)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        outcomes.append(_people(db))
    assert set(outcomes) <= {0, ROWS}, outcomes
