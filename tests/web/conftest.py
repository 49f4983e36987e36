"""Fixtures for the web edge: one real demo store for the whole session, a client, and XSS-named people."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.support import XSS_NAMES

from kithkin import services
from kithkin.services import snapshot
from kithkin.store import Store
from kithkin.web import create_app


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 300-person demo, plus two people with hostile names tied to the user."""
    path = tmp_path_factory.mktemp("web") / "demo.sqlite"
    services.build_demo(path, size=300, seed=7)
    with Store.open(path, create=False) as store:
        for name in XSS_NAMES:
            person = services.add_person(store, name, tags=["<b>tag</b>"], notes="<i>note</i>")
            services.tie(store, "me", f"#{person.id}", how="<u>met</u>", closeness=3)
        snapshot.snapshot(store)  # warm the graph cache once, not in every test
    return path


@pytest.fixture(scope="session")
def client(demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db), base_url="http://127.0.0.1:8765") as test_client:
        yield test_client
