"""The `kithkin` command line: parse, call one use case, render.

Commands live one group per module; this module wires them into one app and
holds the global ``--db`` option.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import demo, evaluation, gatherings, ground, keeping, network, paths, people, sources

app = typer.Typer(
    name="kithkin",
    help="kithkin: know your people, find common ground, make warm introductions, follow up.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", envvar="KITHKIN_DB", help="The store file (default: kithkin.sqlite in your data dir)."),
    ] = None,
) -> None:
    """kithkin: know your people, find common ground, make warm introductions, follow up."""
    ctx.obj = {"db": db}


app.command("init")(demo.init)
app.command("demo")(demo.demo)
app.add_typer(people.app, name="person")
app.command("me")(people.me)
app.command("affiliate")(network.affiliate)
app.command("tie")(network.tie)
app.add_typer(network.group_app, name="group")
app.command("summary")(network.summary)
app.command("common")(ground.common)
app.command("find")(ground.find)
app.command("brief")(ground.brief)
app.command("log")(keeping.log)
app.add_typer(keeping.goal_app, name="goal")
app.command("cadence", context_settings={"ignore_unknown_options": True})(keeping.cadence)
app.add_typer(keeping.followups_app, name="followups")
app.command("ledger")(keeping.ledger)
app.command("today")(keeping.today_command)
app.command("reminders")(keeping.reminders)
app.add_typer(evaluation.app, name="eval")
app.add_typer(gatherings.app, name="gathering")
app.command("path")(paths.path)
app.command("suggest")(paths.suggest)
app.command("import")(sources.import_command)
app.command("export")(sources.export_command)
app.add_typer(sources.merges_app, name="merges")
app.command("unmerge")(sources.unmerge_command)


def main() -> None:
    """Console-script entry point."""
    app()
