"""What the web edge adds to an import and an export: the same vCard file previewed and committed through
``/api/v1/imports`` (a real uvicorn server on loopback, uploaded with httpx2) against the same use case
called directly, as ``kithkin import --dry-run`` then ``kithkin import`` do; and the vCard export downloaded
from ``/api/v1/export/vcard`` against ``services.exporting.export`` into a file.

    .venv/bin/python bench/bench_web_import.py --cards 50000
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx
import uvicorn

from kithkin.services.exporting import export
from kithkin.services.importing import ImportOptions, import_files
from kithkin.store import Store
from kithkin.web import create_app


def write_cards(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        for i in range(count):
            out.write(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Example\r\nEMAIL:p{i}@example.org\r\n"
                      f"TEL:+1 415 555 {i % 10000:04d}\r\nORG:Org {i % 700}\r\nEND:VCARD\r\n")  # fmt: skip


def fresh(path: Path) -> Path:
    path.unlink(missing_ok=True)
    Store.open(path, create=True).close()
    return path


def direct(db: Path, cards: Path) -> tuple[float, float, int]:
    today = dt.date.today()
    with Store.open(db, create=False) as store:
        start = time.perf_counter()
        preview = import_files(store, [cards], ImportOptions(dry_run=True), today=today)
        middle = time.perf_counter()
        done = import_files(store, [cards], ImportOptions(), today=today)
        end = time.perf_counter()
    assert preview[0].added == done[0].added
    return middle - start, end - middle, done[0].added


def served(db: Path) -> tuple[uvicorn.Server, str]:
    probe = __import__("socket").socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}"


def over_http(db: Path, cards: Path) -> tuple[float, float, int, float, int]:
    server, url = served(db)
    try:
        with httpx.Client(base_url=url, timeout=600) as client:
            token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/import").text)
            assert token is not None
            client.headers["X-CSRF-Token"] = token[1]
            start = time.perf_counter()
            with cards.open("rb") as data:
                preview = client.post("/api/v1/imports", files={"files": (cards.name, data, "text/vcard")}).json()
            middle = time.perf_counter()
            done = client.post(f"/api/v1/imports/{preview['id']}/commit").json()
            end = time.perf_counter()
            assert preview["reports"][0]["added"] == done["reports"][0]["added"]
            started = time.perf_counter()
            exported = client.get("/api/v1/export/vcard")
            download = time.perf_counter() - started
            assert exported.status_code == 200
        return middle - start, end - middle, done["reports"][0]["added"], download, len(exported.content)
    finally:
        server.should_exit = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cards = folder / "address-book.vcf"
        write_cards(cards, args.cards)
        size = cards.stat().st_size / 2**20
        d_preview, d_commit, added = direct(fresh(folder / "direct.sqlite"), cards)
        start = time.perf_counter()
        with (
            Store.open(folder / "direct.sqlite", create=False) as store,
            (folder / "out.vcf").open("w", encoding="utf-8", newline="") as out,
        ):
            export(store, "vcard", out)
        d_export = time.perf_counter() - start
        w_preview, w_commit, w_added, w_export, w_bytes = over_http(fresh(folder / "web.sqlite"), cards)
    assert added == w_added == args.cards
    print(f"{args.cards:,} cards, {size:.1f} MB")
    print(f"{'':28}{'direct':>10}{'web API':>10}{'ratio':>8}")
    for label, a, b in (
        ("preview (dry run)", d_preview, w_preview),
        ("commit", d_commit, w_commit),
        ("export vCard", d_export, w_export),
    ):
        print(f"{label:28}{a:>9.2f}s{b:>9.2f}s{b / a:>7.2f}x")
    print(f"export downloaded: {w_bytes / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
