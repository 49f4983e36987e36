"""`kithkin path`: warm introductions — the strongest chains of ties, who should introduce you, a draft."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import Json, opened, today, write_file
from kithkin.errors import InputError

if TYPE_CHECKING:  # the use cases are imported where a command runs: --help stays fast
    from kithkin.services import introductions as service


def path(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Where paths start, usually 'me'.")],
    target: Annotated[str | None, typer.Argument(help="The person to reach.")] = None,
    at: Annotated[str | None, typer.Option("--at", help="Anyone at this employer, school or community.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="What --at names, if ambiguous.")] = None,
    count: Annotated[int, typer.Option("--paths", "-k", min=1, max=10, help="How many distinct paths.")] = 3,
    draft: Annotated[
        Path | None, typer.Option("--draft", help="Also write the request and the note to forward to this file.")
    ] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Edit the request and the note in $EDITOR first.")] = False,
    json: Json = False,
) -> None:
    """The strongest chains of real ties to someone, who should introduce you, and a draft request."""
    from kithkin.services import introductions as service

    with opened(ctx) as store:
        view = service.introductions(store, source, target_ref=target, at=at, kind=kind, k=count, today=today())
    if view.draft and (draft or edit):
        view = _edited(view, draft, edit)
    elif draft or edit:
        render.note("no draft to write: " + ("you know them directly" if view.paths else "there is no path"))
    if json:
        render.as_json(view)
    else:
        render.introductions(view)


def _edited(view: service.Introductions, to: Path | None, edit: bool) -> service.Introductions:
    """The request and the note, edited in the user's editor (``--edit``) and/or written to ``to``."""
    from kithkin.services import introductions as service

    text = service.draft_text(view)
    if edit:
        import click  # here: only --edit opens an editor

        try:
            edited = click.edit(text, extension=".txt")
        except click.ClickException as error:
            raise InputError(f"the editor did not finish ({error.message}); check $EDITOR") from None
        if edited is not None:  # None: closed without saving, the draft as it was
            view = service.with_draft(view, edited)
            text = edited
    if to is not None:
        write_file(to, text)
        render.note(f"draft written to {to}")
    return view
