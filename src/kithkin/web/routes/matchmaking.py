"""Matchmaking, as the Match page and ``/api/v1/match``: a round pairing the members of a community one to
one (never a pair from a past round, opted-out members left out), previewed, then recorded; opt-outs.
The same use cases as ``kithkin gathering match``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, BeforeValidator, Field

from kithkin.dates import parse_day
from kithkin.errors import KithkinError
from kithkin.services import groups, matchmaking
from kithkin.services.matchmaking import MatchView
from kithkin.store import Store
from kithkin.web import schemas
from kithkin.web.pages import StoreDep, render, today
from kithkin.web.routes.planning import blank_is_none

router = APIRouter()

Community = Annotated[str, Query(max_length=200, description="The community whose members to pair.")]
Pairs = Annotated[int, Field(ge=1, le=10_000)]
Size = Annotated[
    Pairs | None, BeforeValidator(blank_is_none), Query(description="At most this many pairs; the rest sit out.")
]


class PairOut(BaseModel):
    a: schemas.PersonBrief
    b: schemas.PersonBrief
    why: str  # what they share, in words ("" when nothing on record)
    opener: str
    opener_by: str  # who would say the opener: a's first name ("" with no opener)


class MatchOut(BaseModel):
    community: str
    on: str
    pairs: list[PairOut]
    sat_out: list[schemas.PersonBrief]
    opted_out: int
    round_id: int | None  # None: a preview, nothing recorded


class RoundIn(BaseModel):
    community: str = Field(max_length=200)
    size: int | None = Field(default=None, ge=1, le=10_000)
    on: str | None = Field(default=None, max_length=40, description="The round's day (default today).")


class OptOutIn(BaseModel):
    community: str = Field(max_length=200)
    person: str = Field(max_length=200, description="A name, email or `#id`.")
    out: bool = True  # False brings them back into rounds


class OptedOut(BaseModel):
    community: str
    person: schemas.PersonBrief
    out: bool


class PastRoundOut(BaseModel):
    on: str
    pairs: list[list[schemas.PersonBrief]]  # two people, or one who sat out


class HistoryOut(BaseModel):
    community: str
    rounds: list[PastRoundOut]


def _out(view: MatchView) -> MatchOut:
    b = schemas.brief
    return MatchOut(
        community=view.community.name, on=view.on.isoformat(),
        pairs=[PairOut(a=b(p.a), b=b(p.b), why=p.why, opener=p.opener, opener_by=p.opener_by) for p in view.pairs],
        sat_out=[b(p) for p in view.sat_out], opted_out=view.opted_out, round_id=view.round_id,
    )  # fmt: skip


def _day(text: str | None) -> dt.date:
    return parse_day(text, today=today()) if text else today()


def _page(request: Request, store: Store, community: str, size: int | None, **shown: Any) -> HTMLResponse:
    """The page for ``community``: what ``shown`` holds (a preview or a recorded round, or a problem), the
    members who opted out and the past rounds."""
    context: dict[str, Any] = {"community": community, "size": size, "view": None, "problem": "", "message": ""}
    context |= {"communities": groups.list_groups(store, "community", 200), "members": [], "opted": [], "history": []}
    context |= shown
    if community and not context["problem"]:
        try:
            _, context["members"], context["opted"] = matchmaking.taking_part(store, community)
            context["history"] = matchmaking.history(store, community)[1][::-1]
        except KithkinError as exc:
            context["problem"] = str(exc)
    return render(request, "matchmaking.html", context, status=400 if context["problem"] else 200)


@router.get("/match", response_class=HTMLResponse, include_in_schema=False)
def match_page(
    request: Request, store: StoreDep, community: Community = "", size: Size = None,
    forgot: Annotated[dt.date | None, Query(description="The day of a round just forgotten, to say so.")] = None,
) -> HTMLResponse:  # fmt: skip
    """Pick a community; with one picked, the preview of its next round (nothing recorded yet)."""
    said = f"Forgot the round of {forgot.strftime('%-d %B %Y')}: its pairs may be made again." if forgot else ""
    if not community:
        return _page(request, store, community, size)
    try:
        view = matchmaking.match(store, community, on=today(), dry_run=True, size=size)
    except KithkinError as exc:
        return _page(request, store, community, size, problem=str(exc))
    return _page(request, store, community, size, view=view, message=said)


@router.post("/match", response_class=HTMLResponse, include_in_schema=False)
def record_form(
    request: Request,
    store: StoreDep,
    community: Annotated[str, Form(max_length=200)],
    size: Annotated[Pairs | None, BeforeValidator(blank_is_none), Form()] = None,
) -> HTMLResponse:
    view = matchmaking.match(store, community, on=today(), size=size)
    done = f"Recorded the round of {view.on.strftime('%-d %B %Y')}: {len(view.pairs)} pairs."
    return _page(request, store, community, size, view=view, message=done)


@router.post("/match/undo", include_in_schema=False)
def undo_form(
    store: StoreDep,
    community: Annotated[str, Form(max_length=200)],
    round_id: Annotated[int, Form(ge=1)],
) -> Response:
    """Take back the round just recorded (a mistaken click was for good), then on to the community's page with the
    next round's preview (the browser was left at /match/undo, which a refresh or Back turned into an error)."""
    day = matchmaking.forget_round_day(store, community, round_id)
    return RedirectResponse(f"/match?{urlencode({'community': community, 'forgot': day.isoformat()})}", status_code=303)


@router.post("/match/opt-out", include_in_schema=False)
def opt_out_form(
    store: StoreDep,
    community: Annotated[str, Form(max_length=200)],
    person: Annotated[str, Form(max_length=200)],
    out: Annotated[bool, Form()] = True,
) -> Response:
    matchmaking.set_opt_out(store, community, person, out=out)
    return RedirectResponse(f"/match?{urlencode({'community': community})}", status_code=303)


@router.get("/api/v1/match", tags=["matchmaking"], responses={400: {"model": schemas.ErrorOut}})
def preview_api(store: StoreDep, community: Community, size: Size = None) -> MatchOut:
    """The next round's pairs for a community, with reasons; nothing is recorded."""
    return _out(matchmaking.match(store, community, on=today(), dry_run=True, size=size))


@router.post(
    "/api/v1/match",
    tags=["matchmaking"],
    responses={400: {"model": schemas.ErrorOut}, 403: {"model": schemas.ErrorOut}},
)
def record_api(store: StoreDep, body: RoundIn) -> MatchOut:
    """Make and record a round (later rounds never repeat its pairs); needs `X-CSRF-Token`."""
    return _out(matchmaking.match(store, body.community, on=_day(body.on), size=body.size))


@router.get("/api/v1/match/history", tags=["matchmaking"], responses={400: {"model": schemas.ErrorOut}})
def history_api(store: StoreDep, community: Community) -> HistoryOut:
    """Every recorded round of a community, oldest first."""
    group, rounds = matchmaking.history(store, community)
    b = schemas.brief
    return HistoryOut(
        community=group.name,
        rounds=[PastRoundOut(on=r.on.isoformat(), pairs=[[b(x), b(y)] if y else [b(x)] for x, y, _ in r.pairs])
                for r in rounds],
    )  # fmt: skip


@router.post(
    "/api/v1/match/opt-out",
    tags=["matchmaking"],
    responses={400: {"model": schemas.ErrorOut}, 403: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut}},
)
def opt_out_api(store: StoreDep, body: OptOutIn) -> OptedOut:
    """Take a member out of a community's rounds (`out: true`) or bring them back; needs `X-CSRF-Token`."""
    group, person = matchmaking.set_opt_out(store, body.community, body.person, out=body.out)
    return OptedOut(community=group.name, person=schemas.brief(person), out=body.out)
