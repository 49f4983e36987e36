"""Import speed: vCards, a LinkedIn Connections.csv and a member directory, end to end into SQLite.

Each job generates its file (realistic names from faker's frequency tables,
real metros, schools, employers and titles from kithkin's catalogue), then
runs ``kithkin import`` in a fresh process so peak memory is the import's
own. The vCard job also times vobject — the library a user would otherwise
pick — parsing the same file (parse only, no store), as a ratio.

Targets (issue 3): 100,000 vCards < 30 s; 50,000-row Connections.csv < 10 s;
1,000,000-row directory < 3 min and < 4 GiB.

    .venv/bin/python bench/bench_import.py --vcards 100000 --linkedin 50000 --directory 1000000
"""

from __future__ import annotations

import argparse
import csv
import json
import pathlib
import random
import subprocess
import sys
import tempfile
import time

import numpy as np

from kithkin.generate.catalog import INTERESTS, MAJORS, REGIONS, TITLES
from kithkin.generate.people import emails_for, sample_names

ROOT = pathlib.Path(__file__).resolve().parents[1]
KITHKIN = ROOT / ".venv" / "bin" / "kithkin"


def people(count: int, seed: int = 1) -> list[dict[str, str]]:
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    names = sample_names(rng, count)
    emails = emails_for(names, range(count))
    titles = [t for group in TITLES.values() for t in group]
    rows = []
    for i, (name, email) in enumerate(zip(names, emails, strict=True)):
        region = pick.choice(REGIONS)
        year = pick.randint(1975, 2024)
        rows.append(
            {
                "name": name,
                "email": email,
                "phone": f"+1 {region.area_code} {200 + i // 10000:03d} {i % 10000:04d}",  # unique per person
                "school": pick.choice(region.schools).name,
                "major": pick.choice(MAJORS)[0],
                "year": str(year),
                "employer": pick.choice(region.employers).name,
                "title": pick.choice(titles),
                "city": pick.choice(region.cities),
                "interests": "; ".join(pick.sample(INTERESTS, 2)),
                "url": f"https://www.linkedin.com/in/{'-'.join(name.lower().split())}-{i}",
            }
        )
    return rows


def write_vcards(path: pathlib.Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        for i, r in enumerate(rows):
            first, _, last = r["name"].partition(" ")
            out.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-{i}\r\nFN:{r['name']}\r\nN:{last};{first};;;\r\n"
                f"EMAIL;TYPE=INTERNET,HOME:{r['email']}\r\nTEL;TYPE=CELL:{r['phone']}\r\n"
                f"ORG:{r['employer']}\r\nTITLE:{r['title']}\r\nADR;TYPE=HOME:;;1 Main St;{r['city']};CA;92101;USA\r\n"
                f"NOTE:met at {r['school']}\r\nEND:VCARD\r\n"
            )


def write_linkedin(path: pathlib.Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(
            'Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
            'are missing."\n\n'
        )
        writer = csv.writer(out)
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for i, r in enumerate(rows):
            first, _, last = r["name"].partition(" ")
            email = r["email"] if i % 3 == 0 else ""
            writer.writerow([first, last, r["url"], email, r["employer"], r["title"], f"{1 + i % 28:02d} Mar 2021"])


def write_directory(path: pathlib.Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["Full Name", "Email", "School", "Major", "Class Year", "Company", "Job Title", "City", "Interests"]
        )
        for r in rows:
            writer.writerow(
                [
                    r["name"],
                    r["email"],
                    r["school"],
                    r["major"],
                    r["year"],
                    r["employer"],
                    r["title"],
                    r["city"],
                    r["interests"],
                ]
            )


def timed_import(path: pathlib.Path, db: pathlib.Path, *extra: str) -> tuple[float, float, dict[str, object]]:
    """Seconds, peak RSS in GiB, and the import report, for `kithkin import` in its own process."""
    code = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        f"done = subprocess.run([{str(KITHKIN)!r}, '--db', {str(db)!r}, 'import', '--json', *{list(extra)!r}, "
        f"{str(path)!r}], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20\n"
        "print(json.dumps([elapsed, peak, done.returncode, done.stdout, done.stderr]))\n"
    )
    elapsed, peak, rc, stdout, stderr = json.loads(subprocess.check_output([sys.executable, "-c", code]))
    if rc != 0:
        raise SystemExit(f"import failed: {stderr}")
    return elapsed, peak, json.loads(stdout)[0]


def vobject_rate(path: pathlib.Path) -> float:
    import vobject

    start = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        count = sum(1 for _ in vobject.readComponents(handle))
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vcards", type=int, default=10_000)
    parser.add_argument("--linkedin", type=int, default=5_000)
    parser.add_argument("--directory", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        jobs = [
            ("vCards", args.vcards, write_vcards, "contacts.vcf", 30.0),
            ("LinkedIn Connections.csv", args.linkedin, write_linkedin, "Connections.csv", 10.0),
            ("member directory", args.directory, write_directory, "members.csv", 180.0),
        ]
        for label, count, writer, name, target in jobs:
            if not count:
                continue
            file = folder / name
            writer(file, people(count))
            seconds, peak, report = timed_import(file, folder / f"{name}.sqlite")
            print(
                f"{label}: {count:,} rows in {seconds:.1f} s ({count / seconds:,.0f}/s), peak {peak:.2f} GiB, "
                f"{report['added']:,} people added, {report['merged']:,} merged (target < {target:.0f} s)"
            )
            if name.endswith(".vcf"):
                ours = count / seconds
                theirs = vobject_rate(file)
                print(f"  vobject parse only: {theirs:,.0f} cards/s; kithkin import end to end {ours / theirs:.1f}x")
            again, _, report = timed_import(file, folder / f"{name}.sqlite")
            print(f"  re-import of the same file: {again:.1f} s, {report['unchanged']:,} unchanged")


if __name__ == "__main__":
    main()
