"""The `kithkin` command line: parse, call one use case, render.

Commands live one feature per module, named as the feature is named in every layer
(``cli/followups.py`` calls ``services/followups.py``, which reads ``store/followups.py``);
this module wires them into one app and holds the global ``--db`` and ``--version`` options.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kithkin import __version__
from kithkin.cli import (
    batch,
    briefing,
    common_ground,
    demo,
    evaluation,
    exporting,
    followups,
    gatherings,
    groups,
    importing,
    introductions,
    matchmaking,
    merging,
    people,
    serve,
    suggestions,
)
from kithkin.cli.coercion import install
from kithkin.cli.context import App

install()  # text and path values without importing pydantic (kithkin.cli.coercion)

app = App(
    name="kithkin",
    help="kithkin: know your people, find common ground, make warm introductions, follow up.",
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kithkin {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", envvar="KITHKIN_DB", help="The store file (default: kithkin.sqlite in your data dir)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print kithkin's version and exit.")
    ] = False,
) -> None:
    """kithkin: know your people, find common ground, make warm introductions, follow up."""
    ctx.obj = {"db": db}


app.command("init")(demo.init)
app.command("demo")(demo.demo)
app.add_typer(people.app, name="person")
app.command("me")(people.me)
app.command("forget")(people.remove)
app.command("tie")(people.tie)
app.command("untie")(people.untie)
app.command("summary")(people.summary)
app.command("affiliate")(groups.affiliate)
app.command("unaffiliate")(groups.unaffiliate)
app.add_typer(groups.app, name="group")
app.command("common")(common_ground.common)
app.command("find")(common_ground.find)
app.command("brief")(briefing.brief)
app.add_typer(followups.log_app, name="log")
app.add_typer(followups.goal_app, name="goal")
app.command("cadence", context_settings={"ignore_unknown_options": True})(followups.cadence)
app.add_typer(followups.followups_app, name="followups")
app.command("ledger")(followups.ledger)
app.command("today")(followups.today_command)
app.command("reminders")(followups.reminders)
app.add_typer(evaluation.app, name="eval")
gatherings.app.command("match")(matchmaking.match)
app.add_typer(gatherings.app, name="gathering")
app.command("path")(introductions.path)
app.command("suggest")(suggestions.suggest)
app.command("import")(importing.import_command)
app.command("export")(exporting.export_command)
app.add_typer(merging.merges_app, name="merges")
app.command("merge")(merging.merge_command)
app.command("unmerge")(merging.unmerge_command)
app.command("serve")(serve.serve)
app.add_typer(batch.app, name="batch")


def main() -> None:
    """Console-script entry point."""
    app()
