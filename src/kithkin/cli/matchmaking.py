"""`kithkin gathering match`: matchmaking rounds — pair every member of a community one-to-one."""

from __future__ import annotations

from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import Json, opened, today
from kithkin.dates import parse_day
from kithkin.errors import InputError
from kithkin.text import is_number


def match(
    ctx: typer.Context,
    community: Annotated[str, typer.Option("--community", help="The community whose members to pair.")],
    on: Annotated[str | None, typer.Option("--on", help="The round's day (default today).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the pairs, write nothing.")] = False,
    pairs: Annotated[
        int | None, typer.Option("--pairs", min=1, help="At most this many pairs; the rest sit out this round.")
    ] = None,
    opt_out: Annotated[str | None, typer.Option("--opt-out", help="Take this member out of rounds.")] = None,
    opt_in: Annotated[str | None, typer.Option("--opt-in", help="Bring this member back into rounds.")] = None,
    show_history: Annotated[bool, typer.Option("--history", help="List the past rounds.")] = False,
    forget: Annotated[
        str | None,
        typer.Option("--forget", metavar="ROUND", help="Forget a round recorded by mistake (#id from --history)."),
    ] = None,
    json: Json = False,
) -> None:
    """Pair every member of a community one-to-one, never repeating a past pair; one sits out if odd."""
    from kithkin.services import matchmaking

    if opt_out or opt_in:
        with opened(ctx) as store:
            group, person = matchmaking.set_opt_out(store, community, opt_out or opt_in or "", out=bool(opt_out))
        render.done(f"{person.name} opted {'out of' if opt_out else 'back into'} {group.name} rounds")
        return
    if forget is not None:
        number = forget.strip().lstrip("#")
        if not is_number(number):
            raise InputError(f"{forget!r} is not a round's id: use the #id `--history` shows (#3)")
        with opened(ctx) as store:
            said = matchmaking.forget_round(store, community, int(number))
        render.done(said)
        return
    if show_history:
        with opened(ctx) as store:
            group, rounds = matchmaking.history(store, community)
        render.as_json(rounds) if json else render.match_history(group.name, rounds)
        return
    day = parse_day(on, today=today()) if on else today()
    with opened(ctx) as store:
        view = matchmaking.match(store, community, on=day, dry_run=dry_run, size=pairs)
    render.as_json(view) if json else render.match_view(view)
