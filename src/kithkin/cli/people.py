"""`kithkin person …`, `kithkin me`, `kithkin tie` and `kithkin summary`: the people in the network and whom
they know."""

from __future__ import annotations

from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import App, Json, opened, today
from kithkin.serialize import to_jsonable

app = App(help="Add, show, edit, list, search and remove people.", no_args_is_help=True)

Ref = Annotated[str, typer.Argument(help="A name (or its start), an alias, an email, #id or 'me'.")]
Many = Annotated[list[str] | None, typer.Option()]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Full name, e.g. 'Dana Reyes'.")],
    email: Annotated[list[str] | None, typer.Option("--email", "-e", help="An email (repeatable).")] = None,
    phone: Annotated[list[str] | None, typer.Option("--phone", "-p", help="A phone number (repeatable).")] = None,
    handle: Annotated[list[str] | None, typer.Option("--handle", help="A social handle (repeatable).")] = None,
    url: Annotated[list[str] | None, typer.Option("--url", help="A profile URL (repeatable).")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="A tag (repeatable).")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Another name (repeatable).")] = None,
    note: Annotated[str, typer.Option("--note", help="Free-text notes.")] = "",
    new: Annotated[
        bool, typer.Option("--new", help="Add a second person with the name of someone already there.")
    ] = False,
    json: Json = False,
) -> None:
    """Add a person to your network."""
    from kithkin import services

    with opened(ctx, write=True) as store:
        person = services.add_person(
            store,
            name,
            emails=email or [],
            phones=phone or [],
            handles=handle or [],
            urls=url or [],
            tags=tag or [],
            aliases=alias or [],
            notes=note,
            new=new,
        )
    render.as_json(person) if json else render.done(f"added {render.person_line(person)}")


@app.command("show")
def show(ctx: typer.Context, ref: Ref, json: Json = False) -> None:
    """Show everything known about a person: contacts, schools, employers, events, ties, and what you have
    done together (interactions, goals, follow-ups, cadence, give and take, birthday)."""
    from kithkin import services
    from kithkin.services import followups

    with opened(ctx) as store:
        view = services.profile(store, ref)
        together = followups.relationship(store, f"#{view.person.id}", today())
    if json:
        render.as_json({**to_jsonable(view), "relationship": together})
        return
    render.profile(view, today=today())
    if not view.person.is_me:  # what "you" did for "them": nothing to say of the user themselves
        render.relationship(together)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: Ref,
    name: Annotated[str | None, typer.Option("--name", help="A new full name.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Replace the notes.")] = None,
    add_alias: Annotated[list[str] | None, typer.Option("--add-alias")] = None,
    add_email: Annotated[list[str] | None, typer.Option("--add-email")] = None,
    remove_email: Annotated[list[str] | None, typer.Option("--remove-email")] = None,
    add_phone: Annotated[list[str] | None, typer.Option("--add-phone")] = None,
    remove_phone: Annotated[list[str] | None, typer.Option("--remove-phone")] = None,
    add_handle: Annotated[list[str] | None, typer.Option("--add-handle")] = None,
    add_url: Annotated[list[str] | None, typer.Option("--add-url")] = None,
    add_tag: Annotated[list[str] | None, typer.Option("--add-tag")] = None,
    remove_tag: Annotated[list[str] | None, typer.Option("--remove-tag")] = None,
    birthday: Annotated[
        str | None, typer.Option("--birthday", help="1980-04-15, 15 April 1980, --04-15 (no year); '' clears.")
    ] = None,
    json: Json = False,
) -> None:
    """Change a person's name, notes, aliases, emails, phones, handles, URLs, tags or birthday."""
    from kithkin import services

    change = services.PersonEdit(
        name=name,
        notes=note,
        add_aliases=add_alias or [],
        add_emails=add_email or [],
        remove_emails=remove_email or [],
        add_phones=add_phone or [],
        remove_phones=remove_phone or [],
        add_handles=add_handle or [],
        add_urls=add_url or [],
        add_tags=add_tag or [],
        remove_tags=remove_tag or [],
        birthday=birthday,
    )
    with opened(ctx, write=True) as store:
        person = services.edit_person(store, ref, change, today=today())
    render.as_json(person) if json else render.done(f"updated {render.person_line(person)}")


@app.command("list")
def list_(
    ctx: typer.Context,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Only people with this tag.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000, help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, max=10**12, help="Skip this many first.")] = 0,
    json: Json = False,
) -> None:
    """List people in name order."""
    from kithkin import services

    with opened(ctx) as store:
        found, more = services.list_people(store, tag=tag, limit=limit, offset=offset)
    if json:
        render.as_json(found)
        return
    render.people(found)
    if more:  # before, the 50th name ended the list with nothing to say there were more
        render.line(f"… and more: --offset {offset + limit} for the next {limit}")


@app.command("search")
def search(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(help="Starts of words in names, aliases or notes; an email or phone; a school or employer.")
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000)] = 20,
    json: Json = False,
) -> None:
    """Find people by words in their name, aliases or notes (prefixes work: 'mich bre'), by email or phone, or by
    the school or employer they belong to (its name or an alias: 'SDSU')."""
    from kithkin import services

    with opened(ctx) as store:
        found = services.search_people(store, text, limit=limit)
    render.as_json(found) if json else render.people(found)


@app.command("remove")
def remove(
    ctx: typer.Context,
    ref: Ref,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    vacuum: Annotated[
        bool, typer.Option("--vacuum", help="Also rewrite the file, so not even its free pages hold them.")
    ] = False,
) -> None:
    """Forget a person: every trace of them — contacts, records, ties, notes of meetings with them alone,
    goals about them, groups only they were in, their words in the search index, the caches."""
    from kithkin import services

    with opened(ctx, write=True) as store:
        person = services.resolve_person(store, ref)
        you = " — this is you: nothing will say who you are until you choose again —" if person.is_me else ""
        if not yes and not typer.confirm(f"Forget {render.person_line(person)}{you} and every trace of them?"):
            raise typer.Exit(1)
        services.remove_person(store, f"#{person.id}", vacuum=vacuum)
    render.done(f"forgot {render.person_line(person)}" + (" (file rewritten)" if vacuum else ""))


def me(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="Who you are; leave out to see who is set.")] = None,
    json: Json = False,
) -> None:
    """Say which person in the network is you (or show who is set)."""
    from kithkin import services

    with opened(ctx, write=ref is not None) as store:
        person = services.set_me(store, ref) if ref is not None else services.resolve_person(store, "me")
    if json:
        render.as_json(person)
    else:
        render.done(f"you are {render.person_line(person)}") if ref is not None else render.line(
            f"you are {render.person_line(person)}"
        )


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
    from kithkin import services

    with opened(ctx, write=True) as store:
        found = services.tie(
            store, a, b, how=how, since=since, closeness=closeness, introduced_by=introduced_by, today=today()
        )
        first, second = store.get_person(found.a), store.get_person(found.b)
    if json:
        render.as_json(found)
        return
    render.done(f"{first.name} and {second.name} know each other" + (f" ({found.how})" if found.how else ""))


def untie(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One person.")],
    b: Annotated[str, typer.Argument(help="The other person.")],
) -> None:
    """Forget that two people know each other (a tie recorded by mistake); both stay."""
    from kithkin import services

    with opened(ctx, write=True) as store:
        _, first, second = services.untie(store, a, b)
    render.done(f"forgot that {first.name} and {second.name} know each other")


def summary(ctx: typer.Context, json: Json = False) -> None:
    """Summarise the network: people, ties and the largest groups of each kind."""
    from kithkin import services

    with opened(ctx) as store:
        view = services.summary(store)
    render.as_json(view) if json else render.summary(view)
