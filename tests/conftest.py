"""Shared fixtures: real SQLite files in temporary folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.store_support import copy_store

from kithkin import services
from kithkin.services import suggestions
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


@pytest.fixture(scope="session")
def learned_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 300-person demo (seed 7) with its graph and its default ranker learned once for the session and kept
    beside it (seconds each time a test would learn it again). Tests that change it take :func:`demo_copy`."""
    path = tmp_path_factory.mktemp("learned") / "demo.sqlite"
    services.build_demo(path, size=300, seed=7)
    with Store.open(path, create=False) as store:
        suggestions.suggest(store, "me", limit=1)
    return path


@pytest.fixture
def demo_copy(learned_demo: Path, tmp_path: Path) -> Path:
    """A copy of :func:`learned_demo` with its caches (the same store, so they are read, not rebuilt), this
    test's own to change."""
    return copy_store(learned_demo, tmp_path)
