"""`kithkin init` and `kithkin demo`: a store of your own, or a generated one to explore."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from kithkin import services
from kithkin.cli import render
from kithkin.cli.context import data_dir, db_path, user_errors
from kithkin.generate.history import TODAY
from kithkin.services import briefing, ground, keeping, network
from kithkin.store import Store


@user_errors
def init(ctx: typer.Context) -> None:
    """Create your store (or upgrade an existing one) and say where it is."""
    path = db_path(ctx)
    with Store.open(path) as store:
        version, people = store.schema_version, store.count_people()
    render.done(f"store ready at {path} (schema {version}, {people:,} people)")


@user_errors
def demo(
    size: Annotated[int, typer.Option("--size", "-n", min=20, help="How many people to generate.")] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same network.")] = 7,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Where to write the demo store (default: your data dir).")
    ] = None,
) -> None:
    """Build a realistic demo network in a fresh SQLite file and tour it."""
    path = out or data_dir() / "demo.sqlite"
    with render.out.status(f"Generating {size:,} people (seed {seed})…"):
        built = services.build_demo(path, size=size, seed=seed)
    net = built.network
    render.done(
        f"demo network of {net.size:,} people and {net.tie_count:,} ties built in "
        f"{built.generate_seconds + built.save_seconds:.1f}s → {path}"
    )
    gathering = net.history.gathering_name
    with Store.open(path, create=False) as store:
        render.heading("The network")
        render.summary(services.summary(store))
        render.heading("You")
        render.profile(services.profile(store, "me"), max_ties=8)
        render.heading("Someone you have been trying to reach")
        render.profile(services.profile(store, f"#{net.target + 1}"), max_ties=5)
        render.heading("What you share with her")
        render.common_ground(ground.common(store, "me", f"#{net.target + 1}"), limit=6)
        render.introductions(network.introductions(store, "me", target_ref=f"#{net.target + 1}", k=2))
        render.digest(keeping.today_digest(store, TODAY))
        if gathering:
            render.heading(f"Your briefing for {gathering}")
            render.briefing(briefing.brief(store, event=gathering))
    db = shlex.quote(str(path))
    render.heading("Explore it yourself")
    for command in (
        f"kithkin --db {db} person search reyes",
        f"kithkin --db {db} person show 'Dana Reyes'",
        f"kithkin --db {db} common me 'Dana Reyes'",
        f"kithkin --db {db} path me --at ServiceNow",
        f"kithkin --db {db} path me 'Dana Reyes' --draft intro.txt",
        f"kithkin --db {db} suggest",
        f"kithkin --db {db} find --school SDSU --role Marketing --from 1995 --to 2005",
        f"kithkin --db {db} find --shares-with me",
        f"kithkin --db {db} brief --event {shlex.quote(gathering)} --format html -o briefing.html",
        f"kithkin --db {db} followups",
        f"kithkin --db {db} ledger",
        f"kithkin --db {db} gathering plan --host me --seats 7 --tables 2",
        f"kithkin --db {db} gathering plan --host me --seats 7 --goal 'help me reach Dana Reyes'",
        f"kithkin --db {db} export --format graphml -o network.graphml",
        f"kithkin --db {db} group list --kind school",
        f"kithkin --db {db} summary --json",
    ):
        render.line(f"  {command}")
