"""The gathering planner, as the Plan page and ``/api/v1/plan``: who to invite so the people who should meet
do — seats, the pool, must/never/apart, a goal, tables — with a reason per guest and the introductions to
make, and the invitation (.ics) to download. The same use case as ``kithkin gathering plan``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, BeforeValidator, Field

from kithkin import services
from kithkin.dates import parse_day
from kithkin.errors import KithkinError
from kithkin.model import Person
from kithkin.services import gatherings, groups
from kithkin.services.gatherings import GatheringPlan, PlanRequest
from kithkin.services.people import people_page, tags
from kithkin.store import Store
from kithkin.web import schemas
from kithkin.web.pages import StoreDep, render, today

router = APIRouter()

#: Most guests the page plans for (the CLI allows more; a page listing hundreds of guests helps nobody).
MAX_SEATS = 500
Name = Annotated[str, Query(max_length=200)]


def blank_is_none(value: object) -> object:
    """A number field left empty on a form is sent as ``""``: it means "not given"."""
    return None if value == "" else value


Refs = Annotated[list[str], Query(max_length=100, description="People, as names, emails or `#id` (repeat).")]


@dataclass(frozen=True)
class PlanForm:
    """The planner's fields as the page and the API take them (empty ones do not filter)."""

    seats: int
    host: str
    tag: str
    city: str
    community: str
    must: list[str]
    never: list[str]
    apart: list[str]  # "A, B" each
    goal: str
    tables: int | None
    exact: bool

    def request(self) -> PlanRequest:
        return PlanRequest(
            self.host or "me", self.seats, self.tag or None, self.city or None, self.community or None,
            tuple(r for r in self.must if r.strip()), tuple(r for r in self.never if r.strip()),
            gatherings.parse_pairs([line for text in self.apart for line in text.splitlines()], "apart"),
            self.goal or None, self.exact, self.tables, today(),
        )  # fmt: skip


def plan_form(
    seats: Annotated[int, Query(ge=1, le=MAX_SEATS, description="How many guests to invite.")] = 7,
    host: Annotated[str, Query(max_length=200, description="Who is hosting; you by default.")] = "me",
    tag: Annotated[str, Query(max_length=100, description="Invite from people with this tag.")] = "",
    city: Annotated[str, Query(max_length=200, description="Invite from people in this city.")] = "",
    community: Annotated[str, Query(max_length=200, description="Invite from this community.")] = "",
    must: Refs = [],  # noqa: B006
    never: Refs = [],  # noqa: B006
    apart: Annotated[list[str], Query(max_length=50, description="'A, B': two who should not meet (repeat).")] = [],  # noqa: B006
    goal: Annotated[str, Query(max_length=200, description="'reach NAME', 'bridge the circles', or a topic.")] = "",
    tables: Annotated[
        Annotated[int, Field(ge=1, le=100)] | None,
        BeforeValidator(blank_is_none),
        Query(description="Seat the guests at this many tables."),
    ] = None,
    exact: Annotated[bool, Query(description="Also solve exactly (pools up to 60) and show the gap.")] = False,
) -> PlanForm:
    return PlanForm(seats, host, tag, city, community, must, never, apart, goal, tables, exact)


Form = Annotated[PlanForm, Depends(plan_form)]


class GuestOut(BaseModel):
    person: schemas.PersonBrief
    reason: str
    circle: int  # which of your circles (-1: none)


class IntroductionOut(BaseModel):
    a: schemas.PersonBrief
    b: schemas.PersonBrief
    why: str
    opener: str
    opener_by: str  # who would say the opener: a's first name, or "" when it is the host's own words
    seating: str | None  # where the two sit, in words, when the guests are seated at tables


class PlanOut(BaseModel):
    host: schemas.PersonBrief
    guests: list[GuestOut]
    introductions: list[IntroductionOut]
    tables: list[list[schemas.PersonBrief]]
    pool: int  # how many people were considered
    new_pairs: int  # pairs of guests who have not met and have something in common
    value: float
    exact_value: float | None  # the exact solver's best list's value
    exact_bound: float | None  # no list scores more: the optimum when proved
    proved: bool | None  # whether the exact solver proved its list the best (None: not asked)
    gap: float | None  # 1 - value / exact_bound


def _out(view: GatheringPlan) -> PlanOut:
    b = schemas.brief
    return PlanOut(
        host=b(view.host),
        guests=[GuestOut(person=b(g.person), reason=g.reason, circle=g.circle) for g in view.guests],
        introductions=[
            IntroductionOut(a=b(i.a), b=b(i.b), why=i.why, opener=i.opener, opener_by=i.opener_by, seating=i.seating)
            for i in view.introductions
        ],
        tables=[[b(p) for p in table] for table in view.tables],
        pool=view.pool, new_pairs=view.new_pairs, value=round(view.value, 3),
        exact_value=None if view.exact_value is None else round(view.exact_value, 3),
        gap=None if view.gap is None else round(view.gap, 4),
        exact_bound=None if view.exact_bound is None else round(view.exact_bound, 3),
        proved=None if view.exact_value is None else view.proved,
    )  # fmt: skip


def _invitation(store: Store, form: PlanForm, occasion: gatherings.Occasion) -> Response:
    view = gatherings.plan(store, form.request())
    data, _ = gatherings.invitation(view, occasion, today=today())
    name = f"gathering-{parse_day(occasion.day, today=today()).isoformat()}.ics"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type="text/calendar; charset=utf-8", headers=headers)


def _chips(store: Store, refs: list[str]) -> list[tuple[str, Person | None]]:
    """Each must/never ref with the person it names (``None``: nobody by that name; the plan says why)."""
    found: list[tuple[str, Person | None]] = []
    for ref in refs:
        try:
            found.append((ref, services.resolve_person(store, ref)))
        except KithkinError:
            found.append((ref, None))
    return found


@router.get("/plan", response_class=HTMLResponse, include_in_schema=False)
def plan_page(request: Request, store: StoreDep, form: Form) -> HTMLResponse:
    asked = "seats" in request.query_params
    view, problem = None, ""
    if asked:
        try:
            view = gatherings.plan(store, form.request())
        except KithkinError as exc:  # shown above the form, which keeps what was typed
            problem = str(exc)
    context = {
        "form": form, "view": view, "problem": problem, "must": _chips(store, form.must),
        "never": _chips(store, form.never), "tags": tags(store, 100),
        "communities": groups.list_groups(store, "community", 200), "query": request.query_params.multi_items(),
        "on": (today() + dt.timedelta(days=7)).isoformat(), "today_iso": today().isoformat(),
        "exact_seconds": f"{gatherings.EXACT_SECONDS:g}",
    }  # fmt: skip
    return render(request, "planning.html", context, status=400 if problem else 200)


@router.get("/plan/pick", response_class=HTMLResponse, include_in_schema=False)
def pick(request: Request, store: StoreDep, q: Name = "") -> HTMLResponse:
    """People matching what is typed so far, with buttons that put them on the must or never list."""
    page = people_page(store, q, limit=8) if q.strip() else None
    buttons = [("Must invite", "/plan/chip/must", "#must"), ("Never invite", "/plan/chip/never", "#never")]
    return render(request, "_pick_results.html", {"page": page, "q": q, "buttons": buttons})


@router.get("/plan/chip/{side}", response_class=HTMLResponse, include_in_schema=False)
def chip(
    request: Request, store: StoreDep, side: Annotated[str, Path(pattern="^(must|never)$")], pid: int
) -> HTMLResponse:
    person = services.resolve_person(store, f"#{pid}")
    return render(request, "_chip.html", {"person": person, "name": side, "value": f"#{pid}"})


@router.get("/plan/invitation.ics", include_in_schema=False)
def invitation_download(
    store: StoreDep, form: Form, on: Annotated[str, Query(max_length=40)], title: Name = "",
    start: Annotated[str, Query(max_length=20)] = "", end: Annotated[str, Query(max_length=20)] = "",
    where: Name = "",
) -> Response:  # fmt: skip
    return _invitation(store, form, gatherings.Occasion(on, start, end, where, title))


@router.get(
    "/api/v1/plan", tags=["gatherings"], responses={400: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut}}
)
def plan_api(store: StoreDep, form: Form) -> PlanOut:
    """Who to invite: a reason per guest, the introductions to make, and (with `tables`) the seating."""
    return _out(gatherings.plan(store, form.request()))


@router.get(
    "/api/v1/plan/invitation",
    tags=["gatherings"],
    responses={
        200: {"content": {"text/calendar": {}}},
        400: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
    },
)
def invitation_api(
    store: StoreDep,
    form: Form,
    on: Annotated[str, Query(max_length=40, description="The day of the gathering (YYYY-MM-DD, or 'tomorrow').")],
    title: Annotated[str, Query(max_length=200, description="The invitation's title.")] = "",
    start: Annotated[str, Query(max_length=20, description="When it starts (18:30); all day if not given.")] = "",
    end: Annotated[str, Query(max_length=20, description="When it ends (default: two hours after `start`).")] = "",
    where: Annotated[str, Query(max_length=200, description="Where it is (the invitation's location).")] = "",
) -> Response:
    """The plan's invitation (.ics) on `on`, all day or from `start` to `end` (local time), at `where`, from the
    host to every guest with an email."""
    return _invitation(store, form, gatherings.Occasion(on, start, end, where, title))
