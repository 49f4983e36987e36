"""`kithkin brief`: before a gathering, who will be there, what you share with each, what is open between you."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import opened, today, write_file
from kithkin.text import plural


class Format(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"


def brief(
    ctx: typer.Context,
    invite: Annotated[Path | None, typer.Argument(help="An invitation (.ics) whose attendees to brief.")] = None,
    people: Annotated[str | None, typer.Option("--people", help="Names or emails, comma-separated.")] = None,
    event: Annotated[str | None, typer.Option("--event", help="An event already in your network.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="How to render it.")] = Format.terminal,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Before a gathering: who will be there, what you share with each, and what is open between you."""
    from kithkin import report
    from kithkin.services import briefing

    refs = [p for p in (people or "").split(",") if p.strip()]
    with opened(ctx) as store:
        view = briefing.brief(store, invite=invite, people=refs, event=event, today=today())
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
        write_file(output, text)
        render.done(f"briefing on {plural(len(view.entries), 'person', 'people')} written to {output}")
