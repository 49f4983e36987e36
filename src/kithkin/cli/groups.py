"""`kithkin affiliate` and `kithkin group …`: schools, employers, events, communities, places and interests."""

from __future__ import annotations

from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import App, Json, opened
from kithkin.text import affiliation_detail

app = App(help="Schools, employers, events, communities, places and interests.", no_args_is_help=True)

KINDS = "school, employer, event, community, place or interest"


def affiliate(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Who (name, alias, email, #id or 'me').")],
    kind: Annotated[str, typer.Argument(help=f"The kind: {KINDS}.")],
    name: Annotated[str, typer.Argument(help="Its name, e.g. 'San Diego State University' (aliases work).")],
    role: Annotated[str, typer.Option("--role", "-r", help="Major, degree, title or team.")] = "",
    start: Annotated[
        str | None, typer.Option("--from", help="Start: a year (1998) or date (1998-09-01); for an event, its day.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="End: a year or date; leave out if still so.")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Another name for it (repeatable).")] = None,
    json: Json = False,
) -> None:
    """Record that a person belongs to a school, employer, event, community, place or interest."""
    from kithkin import services

    with opened(ctx, write=True) as store:
        found = services.affiliate(store, person, kind, name, role=role, start=start, end=end, aliases=alias or [])
        who = store.get_person(found.person_id)
    if json:
        render.as_json(found)
        return
    detail = affiliation_detail(found)
    render.done(f"{who.name}: {found.group.kind.value} {found.group.name}" + (f" ({detail})" if detail else ""))


@app.command("list")
def group_list(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=f"Only this kind: {KINDS}.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000)] = 50,
    json: Json = False,
) -> None:
    """List groups with how many people belong to each, largest first."""
    from kithkin import services

    with opened(ctx) as store:
        found = services.list_groups(store, kind, limit)
    if json:
        render.as_json([{"group": g, "members": n} for g, n in found])
        return
    render.table(
        ["kind", "name", "also called", "members"], [(g.kind.value, g.name, ", ".join(g.aliases), n) for g, n in found]
    )


@app.command("alias")
def group_alias(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"The kind: {KINDS}.")],
    name: Annotated[str, typer.Argument(help="The group's name or an existing alias.")],
    aliases: Annotated[list[str], typer.Argument(help="Other names for it, e.g. SDSU 'San Diego State'.")],
    json: Json = False,
) -> None:
    """Let other names stand for a group, so 'SDSU' and 'San Diego State University' are one school."""
    from kithkin import services

    with opened(ctx, write=True) as store:
        found = services.add_group_alias(store, kind, name, aliases)
    render.as_json(found) if json else render.done(f"{found.name} is also called {', '.join(found.aliases)}")
