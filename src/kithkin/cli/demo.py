"""`kithkin init` and `kithkin demo`: a store of your own, or a generated one to explore."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import data_dir, db_path, today
from kithkin.text import plural


def init(ctx: typer.Context) -> None:
    """Create your store (or upgrade an existing one) and say where it is."""
    from kithkin.store import Store

    path = db_path(ctx)
    with Store.open(path) as store:
        version, people = store.schema_version, store.count_people()
    render.done(f"store ready at {path} (schema {version}, {plural(people, 'person', 'people')})")


def demo(
    size: Annotated[
        int, typer.Option("--size", "-n", min=20, max=10_000_000, help="How many people to generate.")
    ] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same network.")] = 7,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Where to write the demo store (default: your data dir).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the file at --out even if it is not a demo store.")
    ] = False,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve the web app on it (when run from a terminal; Ctrl-C stops).")
    ] = False,
    samples: Annotated[
        Path | None,
        typer.Option(
            "--samples", help="Instead: write small sample files to import (vCard, iCalendar, CSV, LinkedIn, X) here."
        ),
    ] = None,
) -> None:
    """Build a realistic demo network in a fresh SQLite file and tour it (or, with --samples, write sample
    files to try the imports on)."""
    if samples is not None:
        _samples(samples)
        return
    from kithkin.services import demo as service
    from kithkin.store import Store

    path = out or data_dir() / "demo.sqlite"
    with render.out.status(f"Generating {size:,} people (seed {seed})…"):
        built = service.build_demo(path, size=size, seed=seed, force=force, today=today())
    net = built.network
    render.done(
        f"demo network of {plural(net.size, 'person', 'people')} and {plural(net.tie_count, 'tie')} built in "
        f"{built.generate_seconds + built.save_seconds:.1f}s → {path}"
    )
    with Store.open(path, create=False) as store:
        render.tour(service.tour(store, built))
    if not serve:
        return
    if not sys.stdin.isatty():  # a script or CI: the tour is all, nothing waits for Ctrl-C
        render.line(f"\nSee it in your browser: kithkin --db {shlex.quote(str(path))} serve")
        return
    import uvicorn

    from kithkin.web import create_app

    render.line("\nkithkin is at http://127.0.0.1:8765/  (Ctrl-C to stop)")
    uvicorn.run(create_app(path), host="127.0.0.1", port=8765, log_level="warning")


def _samples(folder: Path) -> None:
    from kithkin.services.samples import SAMPLES, write_samples

    made = write_samples(folder)
    for name in made.written:
        render.line(f"  {name:<30} {SAMPLES[name]}")
    for name in made.kept:
        render.line(f"  {name:<30} already there, kept as it is")
    first = shlex.quote(str(made.folder / "contacts.vcf"))
    render.done(f"{plural(len(made.written), 'sample')} written to {made.folder}; try: kithkin import {first}")
