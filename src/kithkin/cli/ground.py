"""`kithkin common`, `kithkin find` and `kithkin brief`: common ground before you meet."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kithkin import report
from kithkin.cli import render
from kithkin.cli.context import opened, user_errors
from kithkin.services import briefing, ground

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@user_errors
def common(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One person (name, alias, email, #id or 'me').")],
    b: Annotated[str, typer.Argument(help="The other person.")],
    json: Json = False,
) -> None:
    """What two people share — schools, employers, events, communities, places, interests, contacts — best first."""
    with opened(ctx) as store:
        view = ground.common(store, a, b)
    if json:
        render.as_json({"a": view.a, "b": view.b, "score": view.score, "items": view.items})
    else:
        render.common_ground(view)


@user_errors
def find(
    ctx: typer.Context,
    school: Annotated[str | None, typer.Option("--school", help="A school (aliases work: SDSU).")] = None,
    employer: Annotated[str | None, typer.Option("--employer", help="An employer.")] = None,
    role: Annotated[str | None, typer.Option("--role", "-r", help="Major, degree, title or team.")] = None,
    start: Annotated[int | None, typer.Option("--from", help="Overlapping this year or later.")] = None,
    end: Annotated[int | None, typer.Option("--to", help="Overlapping this year or earlier.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Any kind of group, with --name.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="The group's name, with --kind.")] = None,
    shares_with: Annotated[
        str | None, typer.Option("--shares-with", help="Rank by common ground with this person (e.g. me).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 25,
    json: Json = False,
) -> None:
    """Who studied, worked or took part where and when — e.g. marketing at SDSU between 1995 and 2005."""
    query = ground.FindQuery(school, employer, kind, name, role, start, end, shares_with, limit)
    with opened(ctx) as store:
        results = ground.find(store, query)
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


class Format(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"


@user_errors
def brief(
    ctx: typer.Context,
    invite: Annotated[Path | None, typer.Argument(help="An invitation (.ics) whose attendees to brief.")] = None,
    people: Annotated[str | None, typer.Option("--people", help="Names or emails, comma-separated.")] = None,
    event: Annotated[str | None, typer.Option("--event", help="An event already in your network.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="How to render it.")] = Format.terminal,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Before a gathering: who will be there, what you share with each, and what is open between you."""
    refs = [p for p in (people or "").split(",") if p.strip()]
    with opened(ctx) as store:
        view = briefing.brief(store, invite=invite, people=refs, event=event)
    if fmt is Format.terminal and output is None:
        render.briefing(view)
        return
    text = {
        Format.terminal: report.markdown,
        Format.markdown: report.markdown,
        Format.html: report.html_page,
        Format.json: render.json_text,
    }[fmt](view)
    if output is None:
        render.line(text.rstrip("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        render.done(f"briefing on {len(view.entries)} people written to {output}")
