"""Several kithkin processes writing one store at once (four loggers and an import): every write lands,
none fails with "database is locked", and reads go on meanwhile without writing anything."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from kithkin import services
from kithkin.services import common_ground, followups
from kithkin.store import Store

WRITERS = 4
LOGS = 200
IMPORTED = 2_000


def _writer(path: str, number: int) -> int:
    failures = 0
    with Store.open(path) as store:
        for k in range(LOGS):
            try:
                followups.log(store, f"call {number}-{k}", with_refs=[f"#{2 + k % 5}"], today=dt.date(2030, 1, 1))
            except Exception:
                failures += 1
    return failures


def _reader(path: str) -> int:
    failures = 0
    with Store.open(path, create=False) as store:
        for _ in range(40):
            try:
                common_ground.common(store, "me", "#2", today=dt.date(2030, 1, 1))
            except Exception:
                failures += 1
    return failures


def _importer(path: str, csv: str) -> int:
    """``kithkin import`` of a member directory in its own process, as a user would run it beside the rest."""
    command = [sys.executable, "-m", "kithkin", "--db", path, "import", csv, "--community", "Busy Club"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    return done.returncode if "locked" not in done.stderr + done.stdout else -1


@pytest.mark.slow
def test_four_writers_an_import_and_a_reader_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite"
    csv = tmp_path / "members.csv"
    rows = [f"Member {n:05d} Busy,member{n}@example.org,City {n % 9}" for n in range(IMPORTED)]
    csv.write_text("name,email,city\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with Store.open(path) as store:
        for name in ("Me Myself", "Ann Able", "Bob Bold", "Cy Clay", "Di Dunn", "Ed Eng"):
            services.add_person(store, name)
        services.set_me(store, "Me Myself")
        for name in ("me", "Ann"):
            services.affiliate(store, name, "school", "San Diego State University")
    context = multiprocessing.get_context("spawn")
    with context.Pool(WRITERS + 2) as pool:
        writers = [pool.apply_async(_writer, (str(path), n)) for n in range(WRITERS)]
        importer = pool.apply_async(_importer, (str(path), str(csv)))
        reader = pool.apply_async(_reader, (str(path),))
        failures = [w.get(timeout=600) for w in writers]
        assert importer.get(timeout=600) == 0
        assert reader.get(timeout=600) == 0
    assert failures == [0] * WRITERS
    with Store.open(path) as store:
        logged = store.exchanges(dt.date(2029, 1, 1))
        people = store.count_people()
    assert len(logged) == WRITERS * LOGS
    assert people == 6 + IMPORTED
