"""The web app and the command line writing one store at once: a real ``kithkin serve`` process takes
dismissals from several browsers' sessions while ``kithkin log add`` runs in other processes; every write
lands, none fails, and nobody is shown "database is locked"."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from typer.testing import CliRunner

from kithkin import services
from kithkin.cli import app as cli
from kithkin.services import followups
from kithkin.store import Store

PEOPLE = 120
BROWSERS = 3
CLI_WRITERS = 2
CLI_LOGS = 25
TODAY = "2030-01-01"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "shared.sqlite"
    with Store.open(path) as store:
        services.set_me(store, services.add_person(store, "Me Myself").name)
        for n in range(PEOPLE):
            services.add_person(store, f"Friend {n:03d}")
    return path


@pytest.fixture
def served(store_path: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``kithkin serve`` on a free port in its own process; yields its URL and its log file."""
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "KITHKIN_TODAY": TODAY}
    command = [sys.executable, "-m", "kithkin", "--db", str(store_path), "serve", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                if httpx.get(f"{url}/api/v1/people?limit=1").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "kithkin serve did not start"
            time.sleep(0.1)
        yield url, log
    finally:
        server.terminate()
        server.wait(timeout=20)


def _cli_writer(db: str, number: int) -> tuple[list[str], float, float]:
    """``kithkin log add`` CLI_LOGS times (the CLI's own code, in a process of its own): what failed, and
    when the writing started and ended."""
    runner = CliRunner()
    failures = []
    started = time.time()
    for k in range(CLI_LOGS):
        args = ["--db", db, "log", "add", f"call {number}-{k}", "--with", f"Friend {k % 10:03d}", "--kind", "call"]
        result = runner.invoke(cli, args, env={"KITHKIN_TODAY": TODAY})
        if result.exit_code != 0:
            failures.append(result.output)
    return failures, started, time.time()


def _browser(url: str, ids: list[int], seen: list[tuple[int, str]]) -> None:
    """One browser session dismissing suggestions by the API, reading a profile after each."""
    with httpx.Client(base_url=url, timeout=120) as client:
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/people?limit=1").text)
        assert token
        for pid in ids:
            response = client.post(f"/api/v1/suggestions/{pid}/dismiss", headers={"X-CSRF-Token": token[1]})
            seen.append((response.status_code, response.text))
            profile = client.get(f"/api/v1/people/{pid}")
            seen.append((profile.status_code, profile.text))


def _first_log(db: Path, patience: float = 300) -> None:
    """Wait until a CLI writer's first interaction is in the store (the spawned processes take a while)."""
    deadline = time.monotonic() + patience
    with Store.open(db, create=False) as store:
        while not store.db.execute("SELECT EXISTS (SELECT 1 FROM interactions)").fetchone()[0]:
            assert time.monotonic() < deadline, "no CLI writer wrote anything"
            time.sleep(0.02)


@pytest.mark.slow
def test_web_and_cli_writers_lose_nothing(served: tuple[str, Path], store_path: Path) -> None:
    url, log = served
    with Store.open(store_path, create=False) as store:
        me = store.me()
        assert me is not None
        friends = [p.id or 0 for p in store.list_people() if not p.is_me]
    context = multiprocessing.get_context("spawn")
    seen: list[tuple[int, str]] = []
    with context.Pool(CLI_WRITERS) as pool:
        writers = [pool.apply_async(_cli_writer, (str(store_path), n)) for n in range(CLI_WRITERS)]
        browsers = [threading.Thread(target=_browser, args=(url, friends[b::BROWSERS], seen)) for b in range(BROWSERS)]
        _first_log(store_path)  # the browsers start once the CLI writes: a fast web app would otherwise be done first
        browsing = time.time()
        for thread in browsers:
            thread.start()
        for thread in browsers:
            thread.join(timeout=600)
        browsed = time.time()
        done = [w.get(timeout=600) for w in writers]
    assert [failures for failures, _, _ in done] == [[]] * CLI_WRITERS
    assert all(start < browsed and browsing < end for _, start, end in done)  # they did write at the same time
    assert len(seen) == 2 * len(friends)
    assert [(status, text) for status, text in seen if status != 200] == []
    assert not any("locked" in text for _, text in seen)
    with Store.open(store_path, create=False) as store:
        assert sorted(store.dismissals(me.id or 0)) == sorted(friends)
        logged = followups.log_entries(store, today=dt.date(2030, 1, 1), limit=1000)
    notes = [interaction.note for interaction, _ in logged.entries]
    assert sorted(notes) == sorted(f"call {n}-{k}" for n in range(CLI_WRITERS) for k in range(CLI_LOGS))
    server_log = log.read_text()
    assert "locked" not in server_log
    assert "Traceback" not in server_log
