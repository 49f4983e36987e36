"""Parsing a big LinkedIn Connections.csv: 50,000 rows, preamble included.

    .venv/bin/python bench/bench_linkedin_parse.py --rows 50000

The whole import (parse, identity resolution, store) must stay under 10 s for
50,000 connections, so parsing alone should be well under 3 s. The file is
generated with Faker (names, companies, jobs with commas and accents), written
the way LinkedIn writes it, and parsed twice: with :func:`kithkin.sources.linkedin.parse`
and, for comparison in the same run, with a bare ``csv.DictReader`` loop that
only skips the preamble (the floor any CSV-based parser pays).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import platform
import random
import tempfile
import time
from pathlib import Path

from faker import Faker

from kithkin.sources import linkedin
from kithkin.sources.records import Link, Record

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    'You will only see email addresses for connections who have allowed it."\n\n'
)


def write_connections(path: Path, rows: int, seed: int) -> None:
    fake = Faker(["en_US", "fr_FR", "de_DE"])
    fake.seed_instance(seed)
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for number in range(rows):
            first, last = fake.first_name(), fake.last_name()
            day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000))
            email = fake.email() if rng.random() < 0.1 else ""
            url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{number}"
            writer.writerow([first, last, url, email, fake.company(), fake.job(), day.strftime("%d %b %Y")])


def parse_kithkin(path: Path) -> tuple[int, int]:
    people = links = 0
    for item in linkedin.parse(path):
        people += isinstance(item, Record)
        links += isinstance(item, Link)
    return people, links


def parse_bare(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in range(3):
            handle.readline()
        return sum(1 for _ in csv.DictReader(handle))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Connections.csv"
        started = time.perf_counter()
        write_connections(path, args.rows, args.seed)
        size = path.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        people, links = parse_kithkin(path)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        bare = parse_bare(path)
        floor = time.perf_counter() - started
    print(f"linkedin.parse: {people:,} records + {links:,} links in {ours:.2f} s ({people / ours:,.0f} rows/s)")
    print(f"csv.DictReader floor: {bare:,} rows in {floor:.2f} s; linkedin.parse costs {ours / floor:.1f}x that")
    print(f"target: parse well under 3 s for 50,000 rows -> {'met' if ours < 3 else 'MISSED'}")


if __name__ == "__main__":
    main()
