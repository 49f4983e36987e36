"""Several kithkin processes writing one store at once: every write lands, none fails with "database is
locked", and reads go on meanwhile without writing anything."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from kithkin import services
from kithkin.services import common_ground, followups
from kithkin.store import Store

WRITERS = 4
LOGS = 200


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


@pytest.mark.slow
def test_four_writers_and_a_reader_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite"
    with Store.open(path) as store:
        for name in ("Me Myself", "Ann Able", "Bob Bold", "Cy Clay", "Di Dunn", "Ed Eng"):
            services.add_person(store, name)
        services.set_me(store, "Me Myself")
        for name in ("me", "Ann"):
            services.affiliate(store, name, "school", "San Diego State University")
    context = multiprocessing.get_context("spawn")
    with context.Pool(WRITERS + 1) as pool:
        writers = [pool.apply_async(_writer, (str(path), n)) for n in range(WRITERS)]
        reader = pool.apply_async(_reader, (str(path),))
        failures = [w.get(timeout=600) for w in writers]
        assert reader.get(timeout=600) == 0
    assert failures == [0] * WRITERS
    with Store.open(path) as store:
        logged = store.exchanges(dt.date(2029, 1, 1))
    assert len(logged) == WRITERS * LOGS
