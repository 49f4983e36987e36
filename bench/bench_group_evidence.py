"""Evidence beyond the name (issue 15): how much recall the members add, on a scenario over real names.

The labelled pairs (``bench/data/org_name_pairs.csv`` and the fresh ``org_name_pairs_fresh3.csv``) are
names only; a store has people too. For every pair the name-only resolver leaves as a *proposal* (the only
verdict evidence can change), one real SQLite store is built through the use cases a user's commands call
(``add_person``, ``affiliate_resolved``, ``scan_groups``), under two stated models:

- **one person, two imports** — a member lists ``b`` from 2010 to 2014; for a *same* pair the same
  person lists ``a`` for the same years (the education imported twice, a LinkedIn export and a vCard); for
  a *different* pair that person lists ``a`` from 2015 to 2017 (a transfer, one school after the other).
- **addresses** — each group has one member with an address at the domain of the institution their
  school is, where the bundled knowledge names it by one of the pair's names: for a *same* pair both
  members at that one institution's domain; for a *different* pair each at its own (none when unknown).

Both are upper bounds of what a real store gives (there, only some pairs have such a member); the figures
say how far the evidence carries and whether it ever merges two different groups.

Run: ``.venv/bin/python bench/bench_group_evidence.py``
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

from kithkin.model import GroupKind
from kithkin.resolution import Entry, Resolver, normalise
from kithkin.resolution.knowledge import knowledge
from kithkin.services.groups import affiliate_resolved, scan_groups
from kithkin.services.people import add_person
from kithkin.store import Store

DATA = Path(__file__).resolve().parent / "data"


def load() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in ("org_name_pairs.csv", "org_name_pairs_fresh3.csv"):
        with (DATA / name).open(encoding="utf-8") as f:
            rows += [r for r in csv.DictReader(f) if r["kind"] in ("school", "employer")]
    return rows


def domain_of(name: str) -> str | None:
    """The domain of the one trusted institution the bundled knowledge names ``name`` for, if any."""
    found = [i for i in knowledge().by_key.get(normalise("school", name), ()) if i.aliases_trusted]
    return found[0].domain if len(found) == 1 else None


def one_group(store: Store, kind: GroupKind, a: str, b: str) -> bool:
    ga, gb = store.find_group(kind, a), store.find_group(kind, b)
    return ga is not None and gb is not None and ga.id == gb.id


def two_imports(path: Path, row: dict[str, str]) -> bool:
    kind, same = GroupKind(row["kind"]), row["same"] == "1"
    with Store.open(path) as store:
        add_person(store, "Member One")
        affiliate_resolved(store, "Member One", kind.value, row["b"], start="2010", end="2014")
        start, end = ("2010", "2014") if same else ("2015", "2017")
        affiliate_resolved(store, "Member One", kind.value, row["a"], start=start, end=end)
        return one_group(store, kind, row["a"], row["b"])


def addresses(path: Path, row: dict[str, str]) -> bool:
    kind, same = GroupKind(row["kind"]), row["same"] == "1"
    mine, theirs = domain_of(row["a"]), domain_of(row["b"])
    if same:
        mine = theirs = mine or theirs
    with Store.open(path) as store:
        for who, name, domain in (("Member One", row["b"], theirs), ("Member Two", row["a"], mine)):
            add_person(store, who, emails=[f"m@{domain}"] if domain and kind is GroupKind.SCHOOL else [])
            affiliate_resolved(store, who, kind.value, name)
        scan_groups(store)
        return one_group(store, kind, row["a"], row["b"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", action="append", help="only these splits (dev, heldout, fresh3); default all")
    args = parser.parse_args()
    rows = [r for r in load() if not args.split or r["split"] in args.split]
    knowledge()
    started = time.perf_counter()
    table: dict[tuple[str, str], Counter[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n, row in enumerate(rows):
            verdict = Resolver([Entry(1, row["kind"], row["b"])]).resolve(row["kind"], row["a"]).verdict
            truth = "same" if row["same"] == "1" else "different"
            for part in (row["split"], f"{row['split']} {row['kind']}s"):
                counts = table.setdefault((part, truth), Counter())
                counts["pairs"] += 1
                counts["by name"] += verdict == "same"
                counts["proposals"] += verdict == "proposal"
            if verdict != "proposal":
                continue
            m = two_imports(Path(tmp) / f"m{n}.sqlite", row)
            e = addresses(Path(tmp) / f"e{n}.sqlite", row)
            for part in (row["split"], f"{row['split']} {row['kind']}s"):
                table[part, truth]["+ two imports"] += m
                table[part, truth]["+ addresses"] += e
                table[part, truth]["+ either"] += m or e
    print("| split | truth | pairs | merged by name | proposals | + one person, two imports | + addresses | + either |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for (part, truth), c in sorted(table.items()):
        cells = [c["pairs"], c["by name"], c["proposals"], c["+ two imports"], c["+ addresses"], c["+ either"]]
        print(f"| {part} | {truth} | " + " | ".join(str(x) for x in cells) + " |")
    for (part, truth), c in sorted(table.items()):
        if truth == "same" and c["pairs"]:
            before, after = c["by name"] / c["pairs"], (c["by name"] + c["+ either"]) / c["pairs"]
            wrong = table.get((part, "different"), Counter())["+ either"]
            print(
                f"{part}: recall {before:.3f} by name -> {after:.3f} with the evidence; {wrong} different pairs merged"
            )
    print(f"{time.perf_counter() - started:.0f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
