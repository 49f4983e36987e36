"""`kithkin suggest`: people you should meet, with reasons; dismissing and blocking suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import Json, opened, today
from kithkin.errors import InputError

if TYPE_CHECKING:  # the use cases are imported where a command runs: --help stays fast
    from kithkin.services import suggestions as service
    from kithkin.store import Store

#: The progress bar's line while the ranker learns from the network's ties (once per change of the store).
LEARNING = "learning from your network's ties"


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
    relearn: Annotated[
        bool, typer.Option("--relearn", help="Learn again from the network now (else: once it changed by 5%).")
    ] = False,
    json: Json = False,
) -> None:
    """People you should meet, from your network and from common ground, each with its reasons."""
    from kithkin.services import suggestions as service

    with opened(ctx) as store:
        if dismiss or block or undo:
            _dismissal(store, person, dismiss, block, undo)
            return
        with render.progress_bar("") as update:

            def learning(done: int, total: int) -> None:
                update(LEARNING, done, total)

            if community is not None:
                batch = service.suggest_community(
                    store, community, limit=limit, learning=learning, today=today(), relearn=relearn,
                    progress=lambda done, total: update(f"ranking {community}", done, total),
                )  # fmt: skip
            else:
                found = service.suggest(store, person, limit=limit, learning=learning, today=today(), relearn=relearn)
    if community is not None:
        if json:
            render.as_json([{"person": p, "suggestions": [_as_dict(s) for s in found]} for p, found in batch])
        else:
            for member, found in batch:
                render.heading(member.name)
                render.suggestions(found, say_whose=False)
    elif json:
        render.as_json([_as_dict(s) for s in found])
    else:
        render.suggestions(found)


def _as_dict(s: service.Suggestion) -> dict[str, object]:
    return {"person": s.person, "score": s.score, "mutual_contacts": s.mutual, "reasons": render.reasons_shown(s),
            "common_ground": s.ground.items, "via": list(s.via) if s.via else None}  # fmt: skip


def _dismissal(store: Store, person: str, dismiss: str | None, block: str | None, undo: str | None) -> None:
    """One of --dismiss, --block, --undo: record it and say so."""
    from kithkin.services import suggestions as service

    if sum(x is not None for x in (dismiss, block, undo)) > 1:
        raise InputError("give one of --dismiss, --block or --undo")
    if undo is not None:
        render.line(f"{service.undo_dismissal(store, person, undo).name} can be suggested again")
    elif block is not None:
        render.line(f"{service.dismiss(store, person, block, blocked=True).name} will never be suggested")
    else:
        assert dismiss is not None
        render.line(f"{service.dismiss(store, person, dismiss).name} will not be suggested again")
