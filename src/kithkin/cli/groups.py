"""`kithkin affiliate` and `kithkin group …`: schools, employers, events, communities, places and interests."""

from __future__ import annotations

from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import App, Json, opened, today
from kithkin.model import GroupKind
from kithkin.text import affiliation_detail, event_setting, plural

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
    from kithkin.services import groups as service

    with opened(ctx, write=True) as store:
        found, resolved = service.affiliate_resolved(
            store, person, kind, name, role=role, start=start, end=end, aliases=alias or [], today=today()
        )
        who = store.get_person(found.person_id)
        others = [
            a for a in store.affiliations_of(found.person_id) if a.group.id == found.group.id and a.id != found.id
        ]
    if json:
        render.as_json(found)
        return
    detail = affiliation_detail(found)
    render.done(f"{who.name}: {found.group.kind.value} {found.group.name}" + (f" ({detail})" if detail else ""))
    if others and found.group.kind is not GroupKind.EVENT:  # a second period was added without a word
        said = "; ".join(affiliation_detail(a) or "no dates" for a in others)
        render.note(f"{who.name} also has {said} at {found.group.name}: both are kept (kithkin unaffiliate "
                    f"{who.name!r} {found.group.kind.value} {found.group.name!r} takes back every one)")  # fmt: skip
    if resolved.group is not None and resolved.resolution.verdict == "proposal":
        render.note(
            f"{name!r} may be {resolved.group.name!r} ({resolved.resolution.reason}); `kithkin group merges` to review"
        )
    elif (resolved.same or resolved.resolution.named) and found.group.name != name.strip():
        render.note(f"{name!r} is {found.group.name!r}: {resolved.resolution.reason}")


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
        ["kind", "name", "also called", "when and where", "members"],
        [(g.kind.value, g.name, ", ".join(g.aliases), event_setting(g, today()), n) for g, n in found],
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


@app.command("merges")
def group_merges(
    ctx: typer.Context,
    scan: Annotated[
        bool, typer.Option("--scan", help="First look over every group for ones that may be one (slow on big stores).")
    ] = False,
    log: Annotated[bool, typer.Option("--log", help="Show the merges done (to undo one), not the proposals.")] = False,
    json: Json = False,
) -> None:
    """Groups that may be one ('SDSU' and 'San Diego State University'), for review; or the merges done."""
    from kithkin.services import groups as service

    with opened(ctx, write=scan) as store:
        scanned = service.scan_groups(store) if scan else None
        done = service.group_merge_log(store) if log else []
        views = [] if log else service.group_proposals(store)
    if json:
        render.as_json(done if log else views)
        return
    if scanned is not None:
        render.note(f"{plural(scanned.proposed, 'new proposal')} from the scan")
        for merge in scanned.merged:
            render.note(
                f"merged '{merge.gone_name}' into #{merge.keep}: {merge.reason} (undo: group unmerge #{merge.id})"
            )
    if log:
        log_rows = [(f"#{m.id}", m.kind, m.gone_name, f"#{m.keep}", m.reason, m.at) for m in done]
        render.table(["merge", "kind", "merged", "into", "why", "when"], log_rows)
        return
    if not views:
        render.note("no group merges to review")
        return
    rows = [
        (
            f"#{v.proposal.id}",
            v.keep.kind.value,
            f"{v.keep.name} (#{v.keep.id})",
            f"{v.other.name} (#{v.other.id})",
            v.proposal.reason,
        )
        for v in views
    ]
    render.table(["proposal", "kind", "keep", "merge in", "why"], rows)
    render.note(
        "`kithkin group merge KEEP OTHER` (names or #id) merges two, `kithkin group unmerge NAME` undoes it; "
        "`kithkin group reject PROPOSAL` keeps them apart"
    )


@app.command("merge")
def group_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The group to keep (its name, an alias or #id).")],
    other: Annotated[str, typer.Argument(help="The group to merge into it (its name, an alias or #id).")],
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=f"When a name is of several kinds: {KINDS}.")] = None,
    json: Json = False,
) -> None:
    """Merge two groups into one: the other's members and names move to the one kept (undo: group unmerge)."""
    from kithkin.services import groups as service

    with opened(ctx, write=True) as store:
        merge = service.merge_groups(store, keep, other, kind=kind)
        kept = store.get_group(merge.keep)
    if json:
        render.as_json(merge)
        return
    render.done(f"{merge.gone_name} is now {kept.name} (merge #{merge.id}; `kithkin group unmerge` undoes it)")


@app.command("unmerge")
def group_unmerge(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The merged group's former name, or the merge's #id.")],
    json: Json = False,
) -> None:
    """Undo a group merge: the merged group comes back with its members and names."""
    from kithkin.services import groups as service

    with opened(ctx, write=True) as store:
        back = service.unmerge_group(store, name)
    render.as_json(back) if json else render.done(f"{back.name} is its own {back.kind.value} again (#{back.id})")


@app.command("reject")
def group_reject(
    ctx: typer.Context,
    proposal: Annotated[str, typer.Argument(help="The proposal's number, as `kithkin group merges` shows it.")],
) -> None:
    """Keep two groups apart that `kithkin group merges` proposed as one; they are not proposed again."""
    from kithkin.services import groups as service

    with opened(ctx, write=True) as store:
        view = service.reject_group_proposal(store, proposal)
    render.done(f"{view.keep.name} and {view.other.name} stay two {view.keep.kind.value}s")


def unaffiliate(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Who.")],
    kind: Annotated[str, typer.Argument(help="school, employer, event, community, place or interest.")],
    name: Annotated[str, typer.Argument(help="The group's name or any of its names.")],
) -> None:
    """Forget that a person belongs to a group (every period of theirs there); the group stays."""
    from kithkin.services import groups as service

    with opened(ctx, write=True) as store:
        gone = service.unaffiliate(store, person, kind, name)
        who = store.get_person(gone[0].person_id).name
    render.done(f"{who}: forgot {gone[0].group.kind.value} {gone[0].group.name}"
                + (f" ({plural(len(gone), 'period')})" if len(gone) > 1 else ""))  # fmt: skip
