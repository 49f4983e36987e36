"""`kithkin merges`, `kithkin merge` and `kithkin unmerge`: who is who — proposals to review, a merge by hand,
and undoing any merge."""

from __future__ import annotations

from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import App, Json, opened

merges_app = App(help="Review merges kithkin proposes between people who may be one.", no_args_is_help=False)


@merges_app.callback(invoke_without_command=True)
def merges_list(
    ctx: typer.Context,
    status: Annotated[str, typer.Option("--status", help="open, or rejected: those kept apart.")] = "open",
    done: Annotated[
        bool, typer.Option("--done", help="The merges done instead, newest first, each with its undo.")
    ] = False,
    json: Json = False,
) -> None:
    """List proposed merges, strongest evidence first (or, with --done, the merges done)."""
    from kithkin.services import merging

    if ctx.invoked_subcommand is not None:
        return
    with opened(ctx) as store:
        if done:
            made = merging.merges_done(store)
            render.as_json(made) if json else render.merges_done(made)
            return
        views = merging.proposals(store, status)
    render.as_json(views) if json else render.proposals(views, rejected=status == "rejected")


@merges_app.command("accept")
def merges_accept(
    ctx: typer.Context,
    proposal: Annotated[int | None, typer.Argument(help="The proposal's number.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Accept every open proposal.")] = False,
    rule: Annotated[
        str | None, typer.Option("--rule", help="Accept the open proposals whose reason says this, e.g. 'same email'.")
    ] = None,
) -> None:
    """Merge the two people of a proposal, or of all (or some) of them at once (undo with `kithkin unmerge`)."""
    from kithkin.services import merging

    if (proposal is not None) + all_ + (rule is not None) != 1:
        raise typer.BadParameter("give a proposal's number, --all, or --rule TEXT")
    with opened(ctx, write=True) as store:
        if proposal is not None:
            render.done(f"merged into {render.person_line(merging.accept_proposal(store, proposal))}")
            return
        merged = merging.accept_all(store, rule=rule)
    render.done(f"accepted {f'{len(merged)} proposal' + ('' if len(merged) == 1 else 's')}")
    for person in merged:
        render.line(f"  {render.person_line(person)}")


@merges_app.command("reject")
def merges_reject(ctx: typer.Context, proposal: Annotated[int, typer.Argument(help="The proposal's number.")]) -> None:
    """Keep the two people of a proposal apart, now and in later imports."""
    from kithkin.services import merging

    with opened(ctx, write=True) as store:
        merging.reject_proposal(store, proposal)
    render.done(f"proposal #{proposal} rejected; they stay two people")


def merge_command(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The person to keep (name, email, #id or 'me').")],
    other: Annotated[str, typer.Argument(help="The same person, recorded twice: merged into the first.")],
) -> None:
    """Merge two records of one person by hand (undo with `kithkin unmerge`)."""
    from kithkin.services import merging

    with opened(ctx, write=True) as store:
        kept, gone = merging.merge_pair(store, keep, other)
        changes = merging.merge_changes(store, kept, gone)
        person = merging.merge(store, f"#{kept.id}", f"#{gone.id}")
        undo = merging.undo_command(store, person)
    render.done(f"merged into {render.person_line(person)} (undo: {undo})")
    for change in changes:
        render.line(f"  {change} (the undo gives it back)")


def unmerge_command(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="The merged person: a name, an email or #id.")],
    source: Annotated[str | None, typer.Option("--source", help="Split off the record from this source.")] = None,
    record: Annotated[int | None, typer.Option("--record", help="Split off this record (see --list).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="Show the records this person is made of.")] = False,
) -> None:
    """Split a record off a merged person into a person of their own."""
    from kithkin.services import merging

    with opened(ctx, write=not list_) as store:
        if list_:
            rows = merging.records(store, person)
            render.table(("record", "source", "key"), [(f"#{r.id}", r.source, r.key) for r in rows])
            return
        split = merging.unmerge(store, person, source=source, record=record)
    render.done(f"split off {render.person_line(split)}")
