"""Follow-ups, as the Today page: the daily digest — who is overdue, what is coming up, one give to
make — each item marked done, snoozed or dropped in place."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from kithkin.model import Status
from kithkin.services import followups
from kithkin.web import schemas
from kithkin.web.pages import StoreDep, is_fragment, render, today

router = APIRouter()

Action = Literal["done", "snoozed", "dropped"]
STATUS = {"done": Status.DONE, "snoozed": Status.SNOOZED, "dropped": Status.DROPPED}


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


class DigestOut(BaseModel):
    today: dt.date
    overdue: list[OverdueOut]
    late: list[DueOut]  # follow-ups and goals past their day
    upcoming: list[DueOut]
    give: str


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
    return render(request, "today.html", {"digest": followups.today_digest(store, today(), limit=limit)})


@router.post("/today/items/{item_id}", include_in_schema=False)
def finish_form(
    request: Request, store: StoreDep, item_id: str, status: Annotated[Action, Form()] = "done"
) -> Response:
    message = followups.finish(store, item_id, STATUS[status], today=today())
    if is_fragment(request):
        return render(request, "_settled.html", {"message": message, "item_id": item_id})
    return RedirectResponse("/today", status_code=303)


@router.get("/api/v1/today", tags=["today"], responses={404: {"model": schemas.ErrorOut}})
def today_api(store: StoreDep) -> DigestOut:
    """Your daily digest: the most valuable overdue relationships, what is coming up, one give to make."""
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
