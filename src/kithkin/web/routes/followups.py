"""Follow-ups, as the Today page: the daily digest — who is overdue, what is coming up, one give to
make — each item marked done, snoozed or dropped in place; the reminders as a calendar file for the user's own
calendar app; and the give-and-take ledger."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from kithkin.model import Status
from kithkin.services import followups
from kithkin.store import Store
from kithkin.web import schemas
from kithkin.web.forms import attempt
from kithkin.web.pages import StoreDep, is_fragment, render, today

router = APIRouter()

Action = Literal["done", "snoozed", "dropped", "open"]
STATUS = {"done": Status.DONE, "snoozed": Status.SNOOZED, "dropped": Status.DROPPED, "open": Status.OPEN}


class OverdueOut(BaseModel):
    id: str  # the item id to snooze: p45
    person: schemas.PersonBrief
    every_days: int
    last_contact: dt.date | None
    overdue_days: int


class DueOut(BaseModel):
    id: str  # f12 (follow-up), g3 (goal), p45 (keep in touch)
    due: dt.date
    what: str
    person: schemas.PersonBrief | None
    overdue_days: int


class BirthdayOut(BaseModel):
    person: schemas.PersonBrief
    on: dt.date


class EventSoonOut(BaseModel):
    id: int
    name: str
    on: dt.date
    others: int  # on its list besides you
    known: int  # of them, people you have a tie to
    you: bool  # you are on its list


class DigestOut(BaseModel):
    today: dt.date
    overdue: list[OverdueOut]
    late: list[DueOut]  # follow-ups and goals past their day
    upcoming: list[DueOut]
    give: str
    birthdays: list[BirthdayOut]  # this week
    events: list[EventSoonOut]  # dated in the next fortnight, the soonest first


class BalanceOut(BaseModel):
    person: schemas.PersonBrief
    gave: int  # what you did for them in the window
    got: int  # what they did for you
    balance: int  # gave − got
    last: dt.date | None


class LedgerOut(BaseModel):
    window_days: int
    people: list[BalanceOut]  # most exchanged first
    one_sided: list[BalanceOut]  # relationships gone one way


Window = Annotated[int, Query(ge=1, le=36_500, description="Look back this many days.")]
Days = Annotated[int, Query(ge=0, le=3650, description="What is due within this many days.")]


class FinishIn(BaseModel):
    status: Action
    until: str | None = None  # a date to snooze until (default: a week)


class FinishedOut(BaseModel):
    message: str


@router.get("/today", response_class=HTMLResponse, include_in_schema=False)
def today_page(
    request: Request, store: StoreDep, everyone: Annotated[bool, Query(alias="all")] = False
) -> HTMLResponse:
    """The digest, five of each; ``?all=1`` lists everyone overdue and every follow-up coming up."""
    limit = 1_000_000 if everyone else 5
    return render(request, "today.html", _today_context(store, limit))


def _today_context(
    store: Store, limit: int = 5, form: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    """The digest and the user's goals (every open one: undated goals were shown nowhere), with the goal form."""
    return {"digest": followups.today_digest(store, today(), limit=limit), "goals": followups.open_goals(store),
            "goal_form": form or {}, "goal_errors": errors or {}}  # fmt: skip


GoalText = Annotated[str, Form(max_length=2000)]
GoalShort = Annotated[str, Form(max_length=500)]


@router.post("/goals", include_in_schema=False)
def goal_form(
    request: Request, store: StoreDep, text: GoalText = "", person: GoalShort = "", due: GoalShort = ""
) -> Response:
    """Add a goal from Today, about someone or not, with a day or not (a goal not about a person needed the CLI)."""
    errors: dict[str, str] = {}
    added = attempt(
        lambda: followups.add_goal(store, text, with_ref=person.strip() or None, due=due.strip() or None,
                                   today=today()),
        errors,
    )  # fmt: skip
    if added is not None:
        return RedirectResponse("/today#goals-h", status_code=303)
    form = {"text": text, "person": person, "due": due}
    return render(request, "today.html", _today_context(store, form=form, errors=errors), status=422)


@router.post("/today/items/{item_id}", include_in_schema=False)
def finish_form(
    request: Request, store: StoreDep, item_id: str, status: Annotated[Action, Form()] = "done"
) -> Response:
    message = followups.finish(store, item_id, STATUS[status], today=today())
    if is_fragment(request):
        undo = status in ("done", "dropped") and not item_id.lower().startswith("p")
        return render(request, "_settled.html", {"message": message, "item_id": item_id, "undo": undo})
    return RedirectResponse("/today", status_code=303)


@router.get("/api/v1/today", tags=["today"], responses={404: {"model": schemas.ErrorOut}})
def today_api(store: StoreDep) -> DigestOut:
    """Your daily digest: the most valuable overdue relationships, what is coming up, birthdays this week, events in
    the next fortnight, one give to make."""
    digest = followups.today_digest(store, today())
    return DigestOut(
        today=digest.today,
        overdue=[
            OverdueOut(id=f"p{d.person_id}", person=schemas.brief(p), every_days=d.every_days,
                       last_contact=d.last_contact, overdue_days=d.overdue_days)
            for p, d in digest.overdue
        ],
        late=[_due(i) for i in digest.late],
        upcoming=[_due(i) for i in digest.upcoming],
        give=digest.give,
        birthdays=[BirthdayOut(person=schemas.brief(b.person), on=b.on) for b in digest.birthdays],
        events=[EventSoonOut(id=e.event.id or 0, name=e.event.name, on=e.event.on.first_day if e.event.on else
                             digest.today, others=e.others, known=e.known, you=e.you) for e in digest.events],
    )  # fmt: skip


def _due(item: followups.DueItem) -> DueOut:
    person = None if item.person is None else schemas.brief(item.person)
    return DueOut(id=item.id, due=item.due, what=item.what, person=person, overdue_days=item.overdue_days)


@router.post(
    "/api/v1/today/items/{item_id}",
    tags=["today"],
    responses={400: {"model": schemas.ErrorOut}, 403: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut}},
)
def finish_api(store: StoreDep, item_id: str, body: FinishIn) -> FinishedOut:
    """Mark a follow-up or goal done or dropped, or snooze any item (needs the `X-CSRF-Token` header)."""
    return FinishedOut(message=followups.finish(store, item_id, STATUS[body.status], today=today(), until=body.until))


@router.get(
    "/today/reminders.ics",
    tags=["today"],
    response_class=Response,
    responses={200: {"description": "An iCalendar file.", "content": {"text/calendar": {}}}},
)
def reminders_file(store: StoreDep, days: Days = 60, todo: bool = False) -> Response:
    """Follow-ups, keep-in-touch reminders and birthdays due within `days`, as all-day events with an alarm (or
    to-dos) for your calendar app, as `kithkin reminders` writes them: each keeps its UID, so importing a newer
    file updates the reminders, never duplicates them."""
    found = followups.reminders(store, today(), horizon_days=days, todo=todo)
    headers = {"Content-Disposition": 'attachment; filename="kithkin-reminders.ics"'}
    return Response(found.text, media_type="text/calendar; charset=utf-8", headers=headers)


@router.get("/ledger", response_class=HTMLResponse, include_in_schema=False)
def ledger_page(request: Request, store: StoreDep, window: Window = 365) -> HTMLResponse:
    view = followups.give_and_take(store, today=today(), window_days=window)
    exchanged = [(p, b) for p, b in view.balances if b.gave or b.got]
    return render(request, "ledger.html", {"view": view, "exchanged": exchanged,
                                           "quiet": len(view.balances) - len(exchanged)})  # fmt: skip


@router.get("/api/v1/ledger", tags=["today"], responses={400: {"model": schemas.ErrorOut}})
def ledger_api(store: StoreDep, window: Window = 365) -> LedgerOut:
    """The give-and-take balance over the last `window` days: what you did for people, and they for you (from
    the interactions logged with what each gave or got), and the relationships gone one-sided."""
    view = followups.give_and_take(store, today=today(), window_days=window)
    people, one_sided = (
        [BalanceOut(person=schemas.brief(p), gave=b.gave, got=b.got, balance=b.balance, last=b.last) for p, b in rows]
        for rows in (view.balances, view.one_sided)
    )
    return LedgerOut(window_days=view.window_days, people=people, one_sided=one_sided)
