"""How fast are vCards read: kithkin's own content-line parser against vobject, on the same file.

Generates N vCard 3.0 cards (default 100,000) of the shape phones export --
FN, N, two emails, two phones, ORG, TITLE, ADR, BDAY, a folded NOTE,
CATEGORIES, UID -- writes them to a temporary file, then times
``kithkin.sources.vcard.reader.parse`` (records out) and ``vobject.readComponents``
(components out, no mapping to records, so vobject is flattered) and prints
cards/s for each and the ratio. The import budget is 30 s for 100k cards,
parse + store (the store takes ~10 s), so parsing must stay under 8 s.

``--careful`` adds a quoted-printable line to every card, which sends each
card down the careful line-by-line path instead of the whole-card fast path.

Figures for 100k cards (shared 2-core machine, load ~2): 24.5 s (4,075
cards/s) before the whole-card fast path, 6.6-7.1 s (14,000-15,000 cards/s)
after; ``--careful`` 17.0 s (5,900 cards/s).

    .venv/bin/python bench/bench_vcard_parse.py [N] [--vobject-cards M] [--careful]
"""

from __future__ import annotations

import argparse
import pathlib
import random
import tempfile
import time

import vobject

from kithkin.sources.records import Record
from kithkin.sources.vcard import reader
from kithkin.sources.vcard.writer import escape, fold

FIRST = ["Dana", "José", "Zoë", "Wei", "Aiko", "Liam", "Priya", "Olu", "Marta", "Noah"]
LAST = ["Reyes", "Núñez", "Okafor", "Tanaka", "Smith", "Kowalski", "Chen", "Müller", "Silva", "Haddad"]
CITIES = ["San Diego", "Lagos", "Kyoto", "Berlin", "Austin", "Porto"]
EMPLOYERS = ["Qualcomm", "Acme, Inc.", "Globex", "Initech", "Umbrella"]


def card(i: int, rng: random.Random, careful: bool = False) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    note = "Met at the meetup; talked about sailing, climbing and the new job. " * 2
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:{i:08d}-bench",
        f"FN:{first} {last}",
        f"N:{last};{first};;;",
        f"EMAIL;TYPE=INTERNET;TYPE=HOME:{first.lower()}.{i}@example.org",
        f"EMAIL;TYPE=INTERNET;TYPE=WORK:{last.lower()}{i}@work.example",
        f"TEL;TYPE=CELL:+1 619 555 {i % 10000:04d}",
        f"item1.TEL:+44 20 7946 {i % 10000:04d}",
        "item1.X-ABLabel:Office",
        "ORG:" + rng.choice(EMPLOYERS).replace(",", "\\,") + ";Engineering",
        "TITLE:Senior Engineer",
        f"ADR;TYPE=HOME:;;{i} Main St;{rng.choice(CITIES)};CA;92101;USA",
        f"BDAY:{1950 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        fold("NOTE:" + escape(note)),
        "CATEGORIES:friends,climbing",
        *(["X-CAREFUL;ENCODING=QUOTED-PRINTABLE:x"] if careful else []),
        "END:VCARD",
    ]
    return "\r\n".join(lines) + "\r\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cards", nargs="?", type=int, default=100_000)
    parser.add_argument("--vobject-cards", type=int, default=0, help="cards for vobject (default: all)")
    parser.add_argument("--careful", action="store_true", help="force kithkin's line-by-line path")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "bench.vcf"
        path.write_text("".join(card(i, rng, args.careful) for i in range(args.cards)), encoding="utf-8", newline="")
        size = path.stat().st_size
        print(f"{args.cards:,} cards, {size / 1e6:.1f} MB")
        start = time.perf_counter()
        records = sum(isinstance(item, Record) for item in reader.parse(path))
        ours = time.perf_counter() - start
        assert records == args.cards, records
        print(f"kithkin reader.parse : {ours:6.2f} s  {args.cards / ours:9,.0f} cards/s{' (careful)' * args.careful}")
        small = args.vobject_cards or args.cards
        if small < args.cards:
            path.write_text("".join(card(i, rng) for i in range(small)), encoding="utf-8", newline="")
        start = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            count = sum(1 for _ in vobject.readComponents(handle))
        theirs = time.perf_counter() - start
        assert count == small, count
        print(f"vobject 0.9.9       : {theirs:6.2f} s  {small / theirs:9,.0f} cards/s ({small:,} cards)")
        print(f"ratio               : {(small / theirs) and (args.cards / ours) / (small / theirs):.1f}x faster")


if __name__ == "__main__":
    main()
