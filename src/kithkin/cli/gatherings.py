"""`kithkin gathering plan` and `kithkin gathering match`: who to invite, and matchmaking rounds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import App, Json, opened, today, write_file
from kithkin.errors import InputError
from kithkin.text import plural

app = App(help="Gatherings: who to invite so the right people meet; matchmaking rounds.", no_args_is_help=True)


@app.command("plan")
def plan(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Who is hosting (name, email, #id or 'me').")],
    seats: Annotated[int, typer.Option("--seats", "-n", min=1, max=10_000, help="How many guests to invite.")],
    pool: Annotated[str | None, typer.Option("--pool", help="Invite from people with this tag.")] = None,
    city: Annotated[str | None, typer.Option("--city", help="Invite from people in this city.")] = None,
    community: Annotated[str | None, typer.Option("--community", help="Invite from this community.")] = None,
    must: Annotated[list[str] | None, typer.Option("--must", help="Must be invited (repeat).")] = None,
    never: Annotated[list[str] | None, typer.Option("--never", help="Never invite (repeat).")] = None,
    apart: Annotated[list[str] | None, typer.Option("--apart", help="'A,B': two who should not meet.")] = None,
    goal: Annotated[
        str | None, typer.Option("--goal", help="'reach NAME', 'bridge the circles', or a topic or kind.")
    ] = None,
    exact: Annotated[bool, typer.Option("--exact", help="Also solve exactly (pools up to 60); shows the gap.")] = False,
    tables: Annotated[
        int | None, typer.Option("--tables", min=1, max=1000, help="Seat the guests at this many tables.")
    ] = None,
    ics: Annotated[Path | None, typer.Option("--ics", help="Write an invitation (.ics) with the guests.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The invitation's title.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="The day of the gathering (for --ics).")] = None,
    at: Annotated[str, typer.Option("--at", help="When it starts (18:30, 6:30pm); all day if not given.")] = "",
    until: Annotated[str, typer.Option("--until", help="When it ends (default: two hours after --at).")] = "",
    where: Annotated[str, typer.Option("--where", help="Where it is (the invitation's location).")] = "",
    json: Json = False,
) -> None:
    """Who to invite so that people who should meet do: a reason per guest, introductions with openers."""
    from kithkin.services import gatherings

    if ics is not None and on is None:
        raise InputError("--ics needs --on DATE for the day of the gathering")
    if ics is None and (on or at or until or where or title):
        raise InputError("--on, --at, --until, --where and --title are the invitation's: add --ics FILE to write it")
    occasion = gatherings.Occasion(on or "", at, until, where, title or "")
    pairs = gatherings.parse_pairs(apart or [])
    request = gatherings.PlanRequest(
        host, seats, pool, city, community, tuple(must or ()), tuple(never or ()), pairs, goal, exact, tables, today()
    )  # fmt: skip
    with opened(ctx) as store:
        view = gatherings.plan(store, request)
    said = ""
    if ics is not None:
        data, said = gatherings.invitation(view, occasion, today=today())
        write_file(ics, data)
    if json:
        render.as_json(view)
    else:
        render.gathering_plan(view)
        if ics is not None:
            render.done(f"invitation for {plural(len(view.guests), 'guest')} ({said}) written to {ics}")
