"""`kithkin affiliate`, `kithkin tie`, `kithkin group …`, `kithkin summary`: what people share and whom they know."""

from __future__ import annotations

from typing import Annotated

import typer

from kithkin import services
from kithkin.cli import render
from kithkin.cli.context import opened, user_errors
from kithkin.text import affiliation_detail

group_app = typer.Typer(help="Schools, employers, events, communities, places and interests.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
KINDS = "school, employer, event, community, place or interest"


@user_errors
def affiliate(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Who (name, alias, email, #id or 'me').")],
    kind: Annotated[str, typer.Argument(help=f"The kind: {KINDS}.")],
    name: Annotated[str, typer.Argument(help="Its name, e.g. 'San Diego State University' (aliases work).")],
    role: Annotated[str, typer.Option("--role", "-r", help="Major, degree, title or team.")] = "",
    start: Annotated[str | None, typer.Option("--from", help="Start: a year (1998) or date (1998-09-01).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="End: a year or date; leave out if still so.")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Another name for it (repeatable).")] = None,
    json: Json = False,
) -> None:
    """Record that a person belongs to a school, employer, event, community, place or interest."""
    with opened(ctx, write=True) as store:
        found = services.affiliate(store, person, kind, name, role=role, start=start, end=end, aliases=alias or [])
        who = store.get_person(found.person_id)
    if json:
        render.as_json(found)
        return
    detail = affiliation_detail(found)
    render.done(f"{who.name}: {found.group.kind.value} {found.group.name}" + (f" ({detail})" if detail else ""))


@user_errors
def tie(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One person.")],
    b: Annotated[str, typer.Argument(help="The other person.")],
    how: Annotated[str, typer.Option("--how", help="How they know each other.")] = "",
    since: Annotated[str | None, typer.Option("--since", help="Since when: a year or date.")] = None,
    closeness: Annotated[
        int | None, typer.Option("--closeness", "-c", help="1 acquaintance … 5 closest.", min=1, max=5)
    ] = None,
    introduced_by: Annotated[str | None, typer.Option("--introduced-by", help="Who introduced them.")] = None,
    json: Json = False,
) -> None:
    """Record that two people know each other."""
    with opened(ctx, write=True) as store:
        found = services.tie(store, a, b, how=how, since=since, closeness=closeness, introduced_by=introduced_by)
        first, second = store.get_person(found.a), store.get_person(found.b)
    if json:
        render.as_json(found)
        return
    render.done(f"{first.name} and {second.name} know each other" + (f" ({found.how})" if found.how else ""))


@group_app.command("list")
@user_errors
def group_list(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=f"Only this kind: {KINDS}.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 50,
    json: Json = False,
) -> None:
    """List groups with how many people belong to each, largest first."""
    with opened(ctx) as store:
        found = services.list_groups(store, kind, limit)
    if json:
        render.as_json([{"group": g, "members": n} for g, n in found])
        return
    render.table(
        ["kind", "name", "also called", "members"], [(g.kind.value, g.name, ", ".join(g.aliases), n) for g, n in found]
    )


@group_app.command("alias")
@user_errors
def group_alias(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"The kind: {KINDS}.")],
    name: Annotated[str, typer.Argument(help="The group's name or an existing alias.")],
    aliases: Annotated[list[str], typer.Argument(help="Other names for it, e.g. SDSU 'San Diego State'.")],
    json: Json = False,
) -> None:
    """Let other names stand for a group, so 'SDSU' and 'San Diego State University' are one school."""
    with opened(ctx, write=True) as store:
        found = services.add_group_alias(store, kind, name, aliases)
    render.as_json(found) if json else render.done(f"{found.name} is also called {', '.join(found.aliases)}")


@user_errors
def summary(ctx: typer.Context, json: Json = False) -> None:
    """Summarise the network: people, ties and the largest groups of each kind."""
    with opened(ctx) as store:
        view = services.summary(store)
    render.as_json(view) if json else render.summary(view)
