"""`kithkin path` and `kithkin suggest`: warm introductions and people you should meet."""

from __future__ import annotations

from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import opened, user_errors
from kithkin.services import network

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


@user_errors
def path(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Where paths start, usually 'me'.")],
    target: Annotated[str | None, typer.Argument(help="The person to reach.")] = None,
    at: Annotated[str | None, typer.Option("--at", help="Anyone at this employer, school or community.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="What --at names, if ambiguous.")] = None,
    count: Annotated[int, typer.Option("--paths", "-k", min=1, max=10, help="How many distinct paths.")] = 3,
    json: Json = False,
) -> None:
    """The strongest chains of real ties to someone, who should introduce you, and a draft request."""
    with opened(ctx) as store:
        view = network.introductions(store, source, target_ref=target, at=at, kind=kind, k=count)
    if json:
        render.as_json(view)
    else:
        render.introductions(view)


@user_errors
def suggest(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="For whom (default: you).")] = "me",
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100)] = 10,
    json: Json = False,
) -> None:
    """People you should meet, from your network and from common ground, each with its reasons."""
    with opened(ctx) as store:
        found = network.suggest(store, person, limit=limit)
    if json:
        render.as_json(
            [
                {"person": s.person, "score": s.score, "mutual_contacts": s.mutual, "reasons": s.ground.items[:3]}
                for s in found
            ]
        )
    else:
        render.suggestions(found)
