"""Shared fixtures: real SQLite files in temporary folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kithkin.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "kithkin.sqlite") as opened:
        yield opened


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One Spark session (`local[2]`, UI off) for every test that runs Spark: a JVM starts once."""
    from kithkin.spark.session import session

    started = session("local[2]", app="kithkin-tests", ui=False, config={"spark.sql.shuffle.partitions": "4"})
    yield started
    started.stop()
