"""The web app on a generated 10^5-person store: the person page and people search under 8 concurrent
clients, and the Network page (2,000 people) drawn in Chromium.

    .venv/bin/python bench/bench_web.py --size 100000

In one run:

* the demo store (``build_demo(size, seed)``: people, groups, ties, history) is built once under
  ``--cache`` (default ``/tmp/kithkin-web``) with its graph snapshot; later runs reuse it;
* ``kithkin serve`` is started on a free loopback port (its own process, one uvicorn worker, as a user
  runs it);
* ``--clients`` threads, each its own HTTP client and session, send ``--requests`` person pages
  (``/people/ID``, random people) and then as many searches (``/people?q=…`` as the search box asks for
  them: the results part only, ``HX-Request``), after a warm-up; each request's time is read twice: in
  the server (its ``Server-Timing`` header: arrival to response) and in the client (round trip);
* the baseline: the same use cases the pages call (profile + common ground + headline; one page of
  search results), called in this process one after another — the time a script over the library
  pays. The ratio says what the HTTP edge, the templates and sharing the CPU with 7 other clients cost;
* Chromium (``/usr/bin/chromium`` via Playwright) opens ``/network?depth=2`` (your ties and theirs, capped
  at 2,000 people; the bench ties the generated user to 60 more people so that two hops pass 2,000)
  ``--draws`` times; the time is from navigation start to the mark the page sets once Cytoscape has laid
  the graph out and a frame has been painted.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import httpx2 as httpx
import numpy as np

from kithkin import services
from kithkin.services import common_ground, snapshot
from kithkin.services.graph import ego_graph
from kithkin.services.people import headline, people_page
from kithkin.store import Store

CHROMIUM = "/usr/bin/chromium"
TODAY = "2026-12-05"
TIMING = re.compile(r"app;dur=([0-9.]+)")


def prepare(db: Path, size: int, seed: int) -> None:
    """Build the demo store and its graph snapshot once."""
    if not db.exists():
        started = time.perf_counter()
        services.build_demo(db, size=size, seed=seed)
        print(f"built the {size:,}-person demo store: {time.perf_counter() - started:.0f} s (once)")
    with Store.open(db) as store:
        started = time.perf_counter()
        snapshot.snapshot(store)
        print(f"graph snapshot ready: {time.perf_counter() - started:.1f} s (built once, then cached)")
        drawn = ego_graph(store, "me", depth=2)
        if not drawn.truncated:  # the generated user reaches ~1,300 people in two hops: tie them to more
            rng = random.Random(seed)
            top = int(store.db.execute("SELECT max(id) FROM people").fetchone()[0])
            tied = {n.id for n in drawn.nodes if n.distance == 1}
            fresh = [pid for pid in rng.sample(range(2, top + 1), 200) if pid not in tied][:60]
            for pid in fresh:  # every write keeps the group sizes fresh (schema step 12)
                services.tie(store, "me", f"#{pid}", how="bench: a wider network")
            snapshot.snapshot(store)
            print(f"tied the user to {len(fresh)} more people, so that two hops reach past 2,000 people")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(db: Path) -> Iterator[tuple[str, int]]:
    """``kithkin serve`` in its own process on a free port; yields its URL and process id."""
    port = _free_port()
    env = {**os.environ, "KITHKIN_TODAY": TODAY}
    command = [sys.executable, "-m", "kithkin", "--db", str(db), "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise SystemExit("kithkin serve stopped")
            try:
                if httpx.get(f"{url}/api/v1/people?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
            if time.monotonic() > deadline:
                raise SystemExit("kithkin serve did not start")
        yield url, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


class Run(NamedTuple):
    """One load: each request's time in the server and in the client (ms), the wall time, the server
    process's CPU time over the run (s), and the load average (1 min) before and after."""

    server: np.ndarray
    client: np.ndarray
    wall: float
    cpu: float
    loads: tuple[float, float]


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far (Linux: ``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14 and 15


def load(url: str, pid: int, paths: list[str], clients: int, headers: dict[str, str]) -> Run:
    """Send ``paths`` from ``clients`` threads at once, to the server at ``url`` (process ``pid``)."""
    todo: queue.Queue[str] = queue.Queue()
    for path in paths:
        todo.put(path)
    server_ms: list[float] = []
    client_ms: list[float] = []
    failures: list[str] = []

    def client() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
            while True:
                try:
                    path = todo.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                response = http.get(path)
                took = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    failures.append(f"{path}: {response.status_code}")
                    continue
                found = TIMING.search(response.headers.get("server-timing", ""))
                server_ms.append(float(found[1]) if found else float("nan"))
                client_ms.append(took)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    load_before, cpu_before = os.getloadavg()[0], server_cpu(pid)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = server_cpu(pid) - cpu_before
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[:3]}")
    return Run(np.array(server_ms), np.array(client_ms), wall, cpu, (load_before, os.getloadavg()[0]))


def in_process(calls: list[Callable[[], object]]) -> np.ndarray:
    """Milliseconds of each call, one after another."""
    times = []
    for call in calls:
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return np.array(times)


def p(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q))


def report(what: str, run: Run, base: np.ndarray, target: float) -> None:
    server, client = run.server, run.client
    verdict = "meets" if p(server, 95) < target else "MISSES"
    print(
        f"{what}: {len(server)} requests, {len(server) / run.wall:.0f}/s; server p50 {p(server, 50):.1f} ms, "
        f"p95 {p(server, 95):.1f} ms ({verdict} < {target:.0f} ms); client p50 {p(client, 50):.1f} ms, "
        f"p95 {p(client, 95):.1f} ms"
    )
    print(
        f"  server CPU per request {run.cpu / len(server) * 1000:.2f} ms (the server process's CPU time over the "
        f"run / requests: little changed by other load); load average {run.loads[0]:.1f} -> {run.loads[1]:.1f}"
    )
    print(
        f"  baseline, the use case in-process one at a time: p50 {p(base, 50):.2f} ms, p95 {p(base, 95):.2f} ms; "
        f"server p95 / baseline p95 = {p(server, 95) / p(base, 95):.1f}x"
    )


def person_ids(db: Path, count: int, seed: int) -> list[int]:
    with Store.open(db, create=False) as store:
        top = int(store.db.execute("SELECT max(id) FROM people").fetchone()[0])
    rng = random.Random(seed)
    return [rng.randint(1, top) for _ in range(count)]


def search_words(db: Path, count: int, seed: int) -> list[str]:
    """What people type in the search box: the start of a first name, a surname, or both words."""
    with Store.open(db, create=False) as store:
        names = [p.name for p in store.get_people(person_ids(db, count, seed + 1))]
    rng = random.Random(seed)
    words = []
    for name in names:
        parts = name.split()
        pick = rng.randrange(3)
        if pick == 0:
            words.append(parts[0][: rng.randint(2, 4)])
        elif pick == 1:
            words.append(parts[-1])
        else:
            words.append(f"{parts[0]} {parts[-1][:2]}")
    return words


def person_page_use_case(store: Store, pid: int) -> None:
    """What ``/people/ID`` calls: the profile, common ground with you, the headline."""
    found = services.profile(store, f"#{pid}")
    if not found.person.is_me:
        common_ground.with_me(store, found, today=None)
    headline(store, pid)


def network(url: str, draws: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        times, fetches = [], []
        nodes = edges = 0
        for _ in range(draws + 1):  # the first draw warms the server's graph cache and the browser
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/network?depth=2")
            page.wait_for_function("() => document.getElementById('graph').dataset.drawn === 'true'", timeout=60_000)
            drawn = page.evaluate("performance.getEntriesByName('graph-drawn')[0].startTime")
            api = page.evaluate(
                "performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/graph'))[0].duration"
            )
            nodes, edges = page.evaluate("[window.kithkinGraph.nodes().length, window.kithkinGraph.edges().length]")
            times.append(drawn)
            fetches.append(api)
            page.close()
        browser.close()
    ms, api_ms = np.array(times[1:]), np.array(fetches[1:])
    verdict = "meets" if ms.max() < 2000 else "MISSES"
    print(
        f"Network page, {nodes:,} people and {edges:,} ties drawn in Chromium: median {np.median(ms):.0f} ms, "
        f"worst {ms.max():.0f} ms of {len(ms)} ({verdict} < 2,000 ms); of which the graph JSON "
        f"median {np.median(api_ms):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/kithkin-web"))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--draws", type=int, default=5)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    db = args.cache / f"web-{args.size}-{args.seed}.sqlite"
    prepare(db, args.size, args.seed)
    os.environ["KITHKIN_TODAY"] = TODAY
    ids = person_ids(db, args.requests, args.seed)
    words = search_words(db, args.requests, args.seed)
    with Store.open(db, create=False) as store:
        person_base = in_process([lambda pid=pid: person_page_use_case(store, pid) for pid in ids])  # type: ignore[misc]
        search_base = in_process([lambda q=q: people_page(store, q, limit=50) for q in words])  # type: ignore[misc]
    fragment = {"HX-Request": "true", "HX-Target": "results"}
    with served(db) as (url, pid):
        warm = ids[: args.clients * 5]
        load(url, pid, [f"/people/{person}" for person in warm], args.clients, {})
        load(url, pid, [f"/people?q={q}" for q in words[: args.clients * 5]], args.clients, fragment)
        run = load(url, pid, [f"/people/{person}" for person in ids], args.clients, {})
        report(f"person page, {args.clients} clients", run, person_base, 50)
        queries = [f"/people?{httpx.QueryParams({'q': q})}" for q in words]
        run = load(url, pid, queries, args.clients, fragment)
        report(f"people search, {args.clients} clients", run, search_base, 100)
        if Path(CHROMIUM).exists():
            network(url, args.draws)
        else:
            print(f"Network page: skipped, no {CHROMIUM}")


if __name__ == "__main__":
    main()
