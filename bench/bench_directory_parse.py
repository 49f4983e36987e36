"""Member-directory parsing speed and memory: CSV, a JSON array and JSON Lines of N members.

Generates a directory of ``--rows`` members with 11 columns (name, email,
phone, school, major, class year, company, title, city, interests, member id)
in a temporary folder, written row by row, then parses each format in a fresh
process (so peak RSS is the parser's own) and prints rows/s and peak RSS.
Parsing only: no identity resolution, no store (``bench_import.py`` times the
whole import).

Target (issue: member directories): 1,000,000 rows parse in well under 60 s
in bounded memory.

    .venv/bin/python bench/bench_directory_parse.py --rows 1000000
"""

from __future__ import annotations

import argparse
import csv
import json
import pathlib
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

FIRST = ("Dana", "Ana", "Bo", "Chen", "Priya", "José", "Zoë", "Liam", "Noor", "Kofi", "Mei", "Omar", "Sven", "Ada")
LAST = ("Reyes", "Lima", "Chen", "Okafor", "Núñez", "Smith", "O'Neil", "Tanaka", "Haddad", "Berg", "Kowalski")
SCHOOLS = ("San Diego State University", "UC Berkeley", "MIT", "Universidad de Chile", "Kyoto University")
MAJORS = ("Computer Science", "Biology", "Economics", "History", "Mechanical Engineering")
EMPLOYERS = ("Qualcomm", "Acme Corp", "City of San Diego", "Illumina", "Kaiser Permanente", "Intuit")
TITLES = ("Engineer", "Teacher", "Nurse", "Product Manager", "Analyst", "Designer")
CITIES = ("San Diego, CA", "Oakland", "Boston, MA", "Santiago", "Kyoto", "Austin, TX")
INTERESTS = ("hiking", "jazz", "chess", "cycling", "baking", "go", "sailing", "poetry")
HEADER = ("Member ID", "Full Name", "E-mail", "Phone", "University", "Major", "Class Year", "Company")
HEADER += ("Job Title", "City", "Interests")


def rows(count: int, seed: int = 7) -> Iterator[list[str]]:
    pick = random.Random(seed)
    for i in range(count):
        first, last = pick.choice(FIRST), pick.choice(LAST)
        yield [
            f"M{i:07d}",
            f"{first} {last}",
            f"{first.lower()}.{last.lower().replace(' ', '')}{i}@example.org",
            f"+1 619 555 {i % 10000:04d}",
            pick.choice(SCHOOLS),
            pick.choice(MAJORS),
            str(pick.randint(1960, 2024)),
            pick.choice(EMPLOYERS),
            pick.choice(TITLES),
            pick.choice(CITIES),
            "; ".join(pick.sample(INTERESTS, 2)),
        ]


def write(folder: pathlib.Path, count: int) -> dict[str, pathlib.Path]:
    paths = {fmt: folder / f"members.{fmt}" for fmt in ("csv", "json", "jsonl")}
    with (
        paths["csv"].open("w", newline="", encoding="utf-8") as c,
        paths["json"].open("w", encoding="utf-8") as j,
        paths["jsonl"].open("w", encoding="utf-8") as jl,
    ):
        writer = csv.writer(c)
        writer.writerow(HEADER)
        j.write("[\n")
        for i, row in enumerate(rows(count)):
            writer.writerow(row)
            text = json.dumps(dict(zip(HEADER, row, strict=True)), ensure_ascii=False)
            j.write(("" if i == 0 else ",\n") + text)
            jl.write(text + "\n")
        j.write("\n]\n")
    return paths


def parse_one(path: pathlib.Path) -> None:
    """Run in a child process: parse, print records, seconds and peak RSS as JSON."""
    from kithkin.sources import directory
    from kithkin.sources.records import Record

    start = time.perf_counter()
    records = sum(isinstance(item, Record) for item in directory.parse(path, community="Bench Alumni"))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"records": records, "seconds": seconds, "peak": peak}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--parse", type=pathlib.Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.parse:
        parse_one(args.parse)
        return
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        paths = write(pathlib.Path(tmp), args.rows)
        print(f"generated {args.rows:,} members x 3 formats in {time.perf_counter() - start:.1f} s")
        for fmt, path in paths.items():
            out = subprocess.run(
                [sys.executable, __file__, "--parse", str(path)], check=True, capture_output=True, text=True
            )
            result = json.loads(out.stdout)
            size = path.stat().st_size / 2**20
            print(
                f"{fmt:5} {size:7.0f} MiB  {result['records']:>9,} records  {result['seconds']:6.1f} s  "
                f"{result['records'] / result['seconds']:>9,.0f} rows/s  peak RSS {result['peak'] / 2**20:5.0f} MiB"
            )


if __name__ == "__main__":
    main()
