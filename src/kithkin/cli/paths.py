"""`kithkin path` and `kithkin suggest`: warm introductions and people you should meet."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import click
import typer

from kithkin.cli import render
from kithkin.cli.context import opened, user_errors
from kithkin.errors import InputError
from kithkin.services import network
from kithkin.store import Store

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


@user_errors
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
    with opened(ctx) as store:
        view = network.introductions(store, source, target_ref=target, at=at, kind=kind, k=count)
    if view.paths and (draft or edit):
        view = _edited(view, draft, edit)
    if json:
        render.as_json(view)
    else:
        render.introductions(view)


#: The progress bar's line while the ranker learns from the network's ties (once per change of the store).
LEARNING = "learning from your network's ties"
#: Between the request and the note in a draft file; what follows it is the note.
NOTE_MARK = "--- note to forward ---"


def _edited(view: network.Introductions, to: Path | None, edit: bool) -> network.Introductions:
    """The request and the note, edited in the user's editor (``--edit``) and/or written to ``to``."""
    text = view.draft + (f"\n\n{NOTE_MARK}\n\n{view.note}" if view.note else "") + "\n"
    if edit:
        try:
            edited = click.edit(text, extension=".txt")
        except click.ClickException as error:
            raise InputError(f"the editor did not finish ({error.message}); check $EDITOR") from None
        if edited is not None and not edited.strip():
            raise InputError("the draft was left empty: nothing written")
        text = edited or text  # None: closed without saving, the draft as it was
    if to is not None:
        try:
            to.write_text(text, encoding="utf-8")
        except OSError as error:
            raise InputError(f"{to}: cannot write the draft ({error.strerror or error})") from None
        render.note(f"draft written to {to}")
    request, _, note = text.partition(NOTE_MARK)
    return dataclasses.replace(view, draft=request.strip(), note=note.strip())


@user_errors
def suggest(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="For whom (default: you).")] = "me",
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100)] = 10,
    dismiss: Annotated[str | None, typer.Option("--dismiss", help="Stop suggesting this person.")] = None,
    block: Annotated[str | None, typer.Option("--block", help="Never suggest this person.")] = None,
    undo: Annotated[str | None, typer.Option("--undo", help="Suggest a dismissed or blocked person again.")] = None,
    community: Annotated[
        str | None, typer.Option("--for-community", help="Suggestions for every member of this community.")
    ] = None,
    json: Json = False,
) -> None:
    """People you should meet, from your network and from common ground, each with its reasons."""
    with opened(ctx) as store:
        if dismiss or block or undo:
            _dismissal(store, person, dismiss, block, undo)
            return
        with render.progress_bar("") as update:

            def learning(done: int, total: int) -> None:
                update(LEARNING, done, total)

            if community is not None:
                batch = network.suggest_community(
                    store, community, limit=limit, learning=learning,
                    progress=lambda done, total: update(f"ranking {community}", done, total),
                )  # fmt: skip
            else:
                found = network.suggest(store, person, limit=limit, learning=learning)
    if community is not None:
        if json:
            render.as_json([{"person": p, "suggestions": [_as_dict(s) for s in found]} for p, found in batch])
        else:
            for member, found in batch:
                render.heading(member.name)
                render.suggestions(found)
    elif json:
        render.as_json([_as_dict(s) for s in found])
    else:
        render.suggestions(found)


def _as_dict(s: network.Suggestion) -> dict[str, object]:
    return {"person": s.person, "score": s.score, "mutual_contacts": s.mutual, "reasons": s.ground.items[:3]}


def _dismissal(store: Store, person: str, dismiss: str | None, block: str | None, undo: str | None) -> None:
    """One of --dismiss, --block, --undo: record it and say so."""
    if sum(x is not None for x in (dismiss, block, undo)) > 1:
        raise InputError("give one of --dismiss, --block or --undo")
    if undo is not None:
        render.line(f"{network.undo_dismissal(store, person, undo).name} can be suggested again")
    elif block is not None:
        render.line(f"{network.dismiss(store, person, block, blocked=True).name} will never be suggested")
    else:
        assert dismiss is not None
        render.line(f"{network.dismiss(store, person, dismiss).name} will not be suggested again")
