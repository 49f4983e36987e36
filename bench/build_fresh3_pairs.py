"""Build ``bench/data/org_name_pairs_fresh3.csv``: the third session's fresh held-out of school names.

The first two held-out sets of ``org_name_pairs.csv`` have been looked at while tuning, so they no
longer tell how the resolver does on names it was not tuned on. This set comes from a source the
resolver has never seen and does not bundle: the IPEDS institution names since 2004 that the
``unitids`` 1.0.5 wheel ships (PyPI, MIT licence, Adam Hearn; ``dictionary_state`` in
``unitids/unitids.py``: name + state → IPEDS unitid). Each unitid is one institution, as the US
Department of Education counts it, so:

- *same*: two names IPEDS recorded for one unitid over the years ('Reinhardt College' /
  'Reinhardt University', 'Bryant & Stratton College-Albany' / 'Bryant and Stratton College-Albany',
  'Long Island University' / 'LIU Post'): renames, '&', campus suffixes, 'The', abbreviations;
- *different*: two names of different unitids that look alike (token-sort ratio ≥ 85, not the same
  text), such as campuses of one chain or like-named colleges in other states.

The state code IPEDS' key carries is dropped (people do not type it). Only names with 'University' or
'College' in them are drawn, the kind of school a person lists. Seed 3; the file is written and
committed before the resolver runs on it, and it is scored as one split, ``fresh3``.

Run (``unitids`` is not a dependency; fetch its wheel once)::

    pip download --no-deps unitids==1.0.5 -d /tmp/unitids && unzip -q /tmp/unitids/unitids-1.0.5-*.whl -d /tmp/unitids/x
    .venv/bin/python bench/build_fresh3_pairs.py /tmp/unitids/x/unitids/unitids.py
"""

from __future__ import annotations

import argparse
import ast
import csv
import random
import re
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

OUT = Path(__file__).resolve().parent / "data" / "org_name_pairs_fresh3.csv"
PROVENANCE = "IPEDS names via unitids 1.0.5 (PyPI, MIT) unitids.py dictionary_state"
SCHOOLISH = re.compile(r"\b(University|College)\b")


def ipeds_names(source: Path) -> dict[int, list[str]]:
    """unitid → its names (state code dropped, first spelling kept), from the wheel's source."""
    line = next(x for x in source.read_text(encoding="utf-8").splitlines() if "dictionary_state = " in x)
    table: dict[str, int] = ast.literal_eval(line.split("=", 1)[1].strip())["unitid"]
    names: dict[int, list[str]] = defaultdict(list)
    for key, unitid in table.items():
        name = re.sub(r" [A-Z]{2}$", "", key).strip()
        if name not in names[unitid]:
            names[unitid].append(name)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("unitids_py", type=Path, help="unitids/unitids.py from the unitids 1.0.5 wheel")
    parser.add_argument("--same", type=int, default=130)
    parser.add_argument("--different", type=int, default=70)
    args = parser.parse_args()
    rng = random.Random(3)
    names = ipeds_names(args.unitids_py)
    owners: dict[str, set[int]] = defaultdict(set)
    for unitid, group in names.items():
        for name in group:
            owners[name.casefold()].add(unitid)
    rows: list[tuple[str, str, int, str]] = []
    multi = sorted(u for u, g in names.items() if len(g) > 1 and all(SCHOOLISH.search(n) for n in g[:2]))
    for unitid in rng.sample(multi, args.same):
        a, b = names[unitid][0], names[unitid][1]
        rows.append((a, b, 1, f"{PROVENANCE}: both unitid {unitid}"))
    single = sorted(n for n, us in owners.items() if len(us) == 1)
    spelled = {name.casefold(): name for group in names.values() for name in group}
    pool = [spelled[n] for n in single if SCHOOLISH.search(spelled[n])]
    seen: set[frozenset[str]] = set()
    for name in rng.sample(pool, len(pool)):
        if sum(r[2] == 0 for r in rows) >= args.different:
            break
        mine = owners[name.casefold()]
        for other, score, _ in process.extract(name, pool, scorer=fuzz.token_sort_ratio, limit=6):
            pair = frozenset((name, other))
            if score < 85 or other.casefold() == name.casefold() or owners[other.casefold()] & mine or pair in seen:
                continue
            seen.add(pair)
            (u,), (v,) = mine, owners[other.casefold()]
            rows.append((name, other, 0, f"{PROVENANCE}: unitid {u} vs {v}"))
            break
    with OUT.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["kind", "a", "b", "same", "block", "split", "provenance"])
        for a, b, same, prov in rows:
            out.writerow(["school", a, b, same, "fresh3: IPEDS names", "fresh3", prov])
    print(f"{len(rows)} pairs, {sum(r[2] for r in rows)} same -> {OUT}")


if __name__ == "__main__":
    main()
