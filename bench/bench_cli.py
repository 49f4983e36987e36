"""How long a person waits for the command line: CPU seconds of `kithkin --help` and of every read command on
the demo store, and of `suggest` right after one logged interaction (the ranker is reused, not relearned).

    .venv/bin/python bench/bench_cli.py [--repeat 5]

Each figure is the median over ``--repeat`` runs of user + system CPU of the child process (CPU, not wall
time: the machine may be shared). Targets (issue 14): < 0.3 s for --help and read commands' start-up, < 1 s
for suggest after one interaction.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

KITHKIN = [sys.executable, "-m", "kithkin"]


def cpu(args: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of one run of kithkin ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([*KITHKIN, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.sqlite")
        env = {**os.environ, "KITHKIN_TODAY": "2026-11-20"}
        subprocess.run([*KITHKIN, "demo", "--out", db], check=True, stdout=subprocess.DEVNULL, env=env)
        base = ["--db", db]
        cases = {
            "kithkin --help": ["--help"],
            "person show": [*base, "person", "show", "Dana Reyes"],
            "person search": [*base, "person", "search", "reyes"],
            "common me Dana": [*base, "common", "me", "Dana Reyes"],
            "today": [*base, "today"],
            "followups": [*base, "followups"],
            "group list": [*base, "group", "list", "--kind", "school"],
        }
        print(f"{'command':<40} {'CPU s (median of ' + str(repeat) + ')':>24}")
        for label, args in cases.items():
            print(f"{label:<40} {statistics.median(cpu(args, env) for _ in range(repeat)):>24.2f}")
        cpu([*base, "suggest"], env)  # learn once
        after_log = []
        for n in range(repeat):
            cpu([*base, "log", f"coffee {n}", "--with", "Dana Reyes"], env)
            after_log.append(cpu([*base, "suggest"], env))
        print(f"{'suggest after one logged interaction':<40} {statistics.median(after_log):>24.2f}")


if __name__ == "__main__":
    main()
