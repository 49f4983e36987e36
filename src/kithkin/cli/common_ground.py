"""`kithkin common` and `kithkin find`: what two people share, and who studied, worked or took part where."""

from __future__ import annotations

from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import Json, opened, today


def common(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One person (name, alias, email, #id or 'me').")],
    b: Annotated[str, typer.Argument(help="The other person.")],
    json: Json = False,
) -> None:
    """What two people share — schools, employers, events, communities, places, interests, contacts — best first."""
    from kithkin.services import common_ground as service

    with opened(ctx) as store:
        view = service.common(store, a, b, today=today())
    if json:
        render.as_json({"a": view.a, "b": view.b, "score": view.score, "items": view.items, "tie": view.tie,
                        "introducer": view.introducer})  # fmt: skip
    else:
        render.common_ground(view)


def find(
    ctx: typer.Context,
    school: Annotated[str | None, typer.Option("--school", help="A school (aliases work: SDSU).")] = None,
    employer: Annotated[str | None, typer.Option("--employer", help="An employer.")] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            "-r",
            help="Major, degree, title or team; at a school a degree, a field or both, however spelt; at an employer "
            "the title's words, however shortened ('Engineer' finds 'Sr. Software Engineer').",
        ),
    ] = None,
    start: Annotated[
        int | None, typer.Option("--from", min=1, max=9999, help="Overlapping this year or later.")
    ] = None,
    end: Annotated[int | None, typer.Option("--to", min=1, max=9999, help="Overlapping this year or earlier.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Any kind of group, with --name.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="The group's name, with --kind.")] = None,
    shares_with: Annotated[
        str | None, typer.Option("--shares-with", help="Rank by common ground with this person (e.g. me).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000)] = 25,
    json: Json = False,
) -> None:
    """Who studied, worked or took part where and when: `--school SDSU --role marketing --from 1995 --to 2005`."""
    from kithkin.services import common_ground as service

    query = service.FindQuery(school, employer, kind, name, role, start, end, shares_with, limit)
    with opened(ctx) as store:
        results = service.find(store, query, today=today())
        total = service.count_matches(store, query, today=today()) if len(results) == limit and not json else None
    if json:
        render.as_json(
            [
                {
                    "person": r.person,
                    "matched": r.matched,
                    "score": r.ground.score if r.ground else None,
                    "common_ground": r.ground.items if r.ground else [],
                }
                for r in results
            ]
        )
    else:
        render.found(results)
        more = f"-n {min(limit * 4, 10_000)} for more"
        if total is not None and total > limit:  # before, the 25th row ended the list with nothing to say
            render.line(f"(the best {limit} of {total:,} who match: {more})")
        elif len(results) == limit and total is None:
            render.line(f"(the best {limit}; there may be more: {more})")
