"""`kithkin log`, `goal`, `cadence`, `followups`, `ledger`, `today`, `reminders`: keeping relationships alive."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kithkin.cli import render
from kithkin.cli.context import App, Json, opened, today, write_file
from kithkin.errors import InputError
from kithkin.model import InteractionKind, Status
from kithkin.text import is_number, plural, when


class _LogGroup(TyperGroup):
    """`kithkin log NOTE --with NAME` logs (its first word is no subcommand); `kithkin log list` lists."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Any: typer's own click Context
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


log_app = App(
    cls=_LogGroup,
    help="Log an interaction (kithkin log NOTE --with NAME), or list what was logged (kithkin log list).",
)
goal_app = App(help="Goals: what you want out of your network.", no_args_is_help=True)
followups_app = App(
    help="What is due: follow-ups, dated goals, people to get back in touch with.", no_args_is_help=False
)


@log_app.command("add")
def log(
    ctx: typer.Context,
    note: Annotated[str, typer.Argument(help="What happened, e.g. 'coffee with Dana; she offered an intro'.")],
    with_: Annotated[list[str], typer.Option("--with", "-w", help="Who it was with (repeat for several).")],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="met, call, email, message, meal, favour, intro-made, intro-received, referral, gift, event.",
        ),
    ] = None,
    got: Annotated[str | None, typer.Option("--got", help="What they did for you: intro, referral, favour, …")] = None,
    gave: Annotated[str | None, typer.Option("--gave", help="What you did for them.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="When: a date, 'yesterday'; default today.")] = None,
    json: Json = False,
) -> None:
    """Log an interaction with one or more people (it resets their keep-in-touch timers)."""
    from kithkin.services import followups as service

    with opened(ctx, write=True) as store:
        entry = service.log(store, note, with_refs=with_, kind=kind, got=got, gave=gave, on=on, today=today())
        names = ", ".join(p.name for p in store.get_people(list(entry.people)))
    guessed = kind is None and not got and not gave and entry.kind is not InteractionKind.MET
    said = " (read from the note's words: --kind to say otherwise)" if guessed else ""  # a guess says it is one
    if (got or gave) and len(entry.people) > 1:  # one favour from two people read as a favour from each
        said += f"; what changed hands counts for each of the {len(entry.people)}"
    render.as_json(entry) if json else render.done(f"logged {entry.kind.label} with {names} on {when(entry.on)}{said}")


@log_app.command("remove")
def log_remove(
    ctx: typer.Context,
    entry: Annotated[str, typer.Argument(help="The id `kithkin log list` shows: #12 or 12.")],
) -> None:
    """Forget an interaction logged by mistake (its keep-in-touch timers and give and take go back)."""
    from kithkin.services import followups as service

    number = entry.strip().lstrip("#")
    if not is_number(number):
        raise InputError(f"{entry!r} is not a logged interaction's id: use the id `kithkin log list` shows (#12)")
    with opened(ctx, write=True) as store:
        found, people = service.unlog(store, int(number))
    names = ", ".join(p.name for p in people)
    render.done(f"forgot the {found.kind.label} with {names} on {when(found.on)}")


@log_app.command("list")
def log_list(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Argument(help="Only interactions with this person.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only on or after this day.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000, help="At most this many.")] = 50,
    json: Json = False,
) -> None:
    """List logged interactions, most recent first (with one person, or since a day)."""
    from kithkin.services import followups as service

    with opened(ctx) as store:
        view = service.log_entries(store, today=today(), ref=person, since=since, limit=limit)
    render.as_json(view) if json else render.log_entries(view)


@goal_app.command("add")
def goal_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="e.g. 'discuss local business opportunities with Sam'.")],
    with_: Annotated[str | None, typer.Option("--with", "-w", help="Who it is about.")] = None,
    due: Annotated[str | None, typer.Option("--due", help="By when (a date).")] = None,
    json: Json = False,
) -> None:
    """Add a goal, optionally about a person and with a due date."""
    from kithkin.services import followups as service

    with opened(ctx, write=True) as store:
        goal = service.add_goal(store, text, with_ref=with_, due=due, today=today())
    by = f", by {when(goal.due)}" if goal.due else ""  # the day was said nowhere
    render.as_json(goal) if json else render.done(f"goal g{goal.id}: {goal.text}{by}")


@goal_app.command("list")
def goal_list(ctx: typer.Context, json: Json = False) -> None:
    """List open goals."""
    from kithkin.services import followups as service

    with opened(ctx) as store:
        found = service.open_goals(store)
    if json:
        render.as_json([g for g, _ in found])
        return
    render.table(
        ["id", "goal", "about", "due"], [(f"g{g.id}", g.text, p.name if p else "", when(g.due)) for g, p in found]
    )


def cadence(
    ctx: typer.Context,
    args: Annotated[list[str], typer.Argument(help="PERSON EVERY, or EVERY with --tag (30d, 2w, 3m, 1y; off clears).")],
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Everyone with this tag.")] = None,
) -> None:
    """Keep in touch with a person (or a tagged circle) every so often: `kithkin cadence Dana 30d` (`off` stops)."""
    from kithkin.services import followups as service

    if len(args) != (1 if tag else 2):
        render.error("usage: kithkin cadence PERSON EVERY, or kithkin cadence --tag TAG EVERY")
        raise typer.Exit(2)
    from kithkin import services

    with opened(ctx, write=True) as store:
        days = service.set_cadence(store, args[-1], ref=None if tag else args[0], tag=tag)
        # the person's name, not what was typed ("keep in touch with #60")
        who = ("everyone tagged " + tag) if tag else services.resolve_person(store, args[0]).name
    render.done(f"keep in touch with {who} every {days} days" if days else f"no keep-in-touch timer for {who}")


@followups_app.callback(invoke_without_command=True)
def followups(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option("--days", min=0, max=3650, help="Also show what is due within this many days.")
    ] = 7,
    json: Json = False,
) -> None:
    """List what is due and overdue (then: kithkin followups done|snooze|drop ID)."""
    from kithkin.services import followups as service

    if ctx.invoked_subcommand is not None:
        return
    with opened(ctx) as store:
        items = service.due_items(store, today(), horizon_days=days)
    if json:
        render.as_json(items)
        return
    render.due(items)


def _finish(ctx: typer.Context, item: str, status: Status, until: str | None = None) -> None:
    from kithkin.services import followups as service

    with opened(ctx, write=True) as store:
        message = service.finish(store, item, status, today=today(), until=until)
    render.done(message)


@followups_app.command("add")
def followups_add(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Who it is about.")],
    text: Annotated[str, typer.Argument(help="What to do, e.g. 'send the deck'.")],
    due: Annotated[str, typer.Option("--due", help="By when: a date, 'tomorrow'.")],
    json: Json = False,
) -> None:
    """Add a follow-up: something to do about a person by a day."""
    from kithkin.services import followups as service

    with opened(ctx, write=True) as store:
        found = service.add_followup(store, person, text, due=due, today=today())
        name = store.get_person(found.person_id).name
    if json:
        render.as_json(found)
    else:
        render.done(f"follow-up f{found.id}: {name}: {found.text}, due {when(found.due)}")


@followups_app.command("done")
def followups_done(ctx: typer.Context, item: Annotated[str, typer.Argument(help="An id: f12, g3.")]) -> None:
    """Mark a follow-up or goal done."""
    _finish(ctx, item, Status.DONE)


@followups_app.command("drop")
def followups_drop(ctx: typer.Context, item: Annotated[str, typer.Argument(help="An id: f12, g3.")]) -> None:
    """Drop a follow-up or goal."""
    _finish(ctx, item, Status.DROPPED)


@followups_app.command("reopen")
def followups_reopen(ctx: typer.Context, item: Annotated[str, typer.Argument(help="An id: f12, g3.")]) -> None:
    """Reopen a follow-up or goal marked done or dropped by mistake."""
    _finish(ctx, item, Status.OPEN)


@followups_app.command("snooze")
def followups_snooze(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(help="An id: f12, g3, p45.")],
    until: Annotated[str | None, typer.Option("--until", help="A date; default a week from today.")] = None,
) -> None:
    """Put something off until a later date."""
    _finish(ctx, item, Status.SNOOZED, until)


def ledger(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Argument(help="One person; leave out for everyone.")] = None,
    window: Annotated[int, typer.Option("--window", help="Look back this many days.", min=1, max=36500)] = 365,
    json: Json = False,
) -> None:
    """The give-and-take balance: what you did for people lately, and they for you."""
    from kithkin.services import followups as service

    with opened(ctx) as store:
        view = service.give_and_take(store, today=today(), ref=person, window_days=window)
    if json:
        render.as_json(
            {
                "window_days": view.window_days,
                "people": [
                    {"person": p, "gave": b.gave, "got": b.got, "balance": b.balance, "last": b.last}
                    for p, b in view.balances
                ],
                "one_sided": [{"person": p, "balance": b.balance} for p, b in view.one_sided],
            }
        )
        return
    render.ledger(view)


def today_command(
    ctx: typer.Context,
    notify: Annotated[bool, typer.Option("--notify", help="One plain line, for cron or a desktop notifier.")] = False,
    json: Json = False,
) -> None:
    """Your daily digest: who is overdue, what is coming up, one give to make."""
    from kithkin.services import followups as service

    with opened(ctx) as store:
        digest = service.today_digest(store, today())
    if json:
        render.as_json(digest)
    elif notify:
        render.line(render.digest_line(digest))
    else:
        render.digest(digest)


def reminders(
    ctx: typer.Context,
    ics: Annotated[Path, typer.Option("--ics", help="The calendar file to write.")],
    days: Annotated[
        int, typer.Option("--days", min=0, max=3650, help="Include what is due within this many days.")
    ] = 60,
    todo: Annotated[
        bool, typer.Option("--todo", help="Write to-dos (VTODO) instead of all-day events with an alarm.")
    ] = False,
) -> None:
    """Write follow-ups, keep-in-touch reminders and birthdays as an iCalendar file of all-day events with an
    alarm (re-export updates, never duplicates)."""
    from kithkin.services import followups as service

    with opened(ctx) as store:
        found = service.reminders(store, today(), horizon_days=days, todo=todo)
    write_file(ics, found.text)
    render.done(f"{plural(found.count, 'reminder')} written to {ics}")
