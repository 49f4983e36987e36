"""The server runs at most ``threads`` routes at once (anyio's worker threads): with its default of 40, eight
clients made the threads fight over the GIL and doubled a person page's CPU (bench/RESULTS.md, "Web app speed")."""

from __future__ import annotations

import inspect
from pathlib import Path

import anyio.to_thread
from fastapi.testclient import TestClient

from kithkin.cli.serve import serve
from kithkin.web import create_app
from kithkin.web.app import THREADS


def _tokens() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


def test_the_app_sizes_its_worker_threads(demo_db: Path) -> None:
    for threads in (THREADS, 2):
        with TestClient(create_app(demo_db, secret="x" * 32, threads=threads)) as client:
            assert client.portal is not None
            assert client.portal.call(_tokens) == threads
    assert inspect.signature(serve).parameters["threads"].default == THREADS  # the CLI's default is the app's
