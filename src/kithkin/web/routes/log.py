"""Logging from the web: the Log page (an interaction with several people, its kind, what changed hands, its
day), the same small form on Today and on a person's page, and a person's goals and keep-in-touch cadence
— the use cases of `kithkin log`, `goal add` and `cadence`, as pages and as ``/api/v1`` writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from kithkin import services
from kithkin.model import Interaction, Person
from kithkin.services import followups
from kithkin.store import Store
from kithkin.text import when
from kithkin.web import schemas
from kithkin.web.forms import attempt, go, items, just_logged, log_options, refused, safe_next, with_logged
from kithkin.web.pages import StoreDep, is_fragment, render, today
from kithkin.web.routes.editing import WRITE, manage_refused

router = APIRouter()

Short = Annotated[str, Form(max_length=500)]
Text = Annotated[str, Form(max_length=10_000)]


class LogIn(BaseModel):
    people: list[str] = Field(min_length=1, max_length=200)  # names, emails or #ids
    note: str = Field("", max_length=10_000)
    kind: str | None = Field(None, max_length=50)  # met, call, meal, …; left out: read from the note
    gave: str | None = Field(None, max_length=50)  # what you did for them: intro, favour, gift, …
    got: str | None = Field(None, max_length=50)  # what they did for you
    on: str | None = Field(None, max_length=100)  # a date or 'yesterday'; default today


class LoggedOut(BaseModel):
    id: int
    on: dt.date
    kind: str
    people: list[schemas.PersonBrief]
    note: str


class LogOut(BaseModel):
    items: list[LoggedOut]
    total: int


class CadenceIn(BaseModel):
    every: str = Field(max_length=20)  # 30d, 2w, 3m, 1y


class GoalIn(BaseModel):
    text: str = Field(max_length=2_000)
    person: str | None = Field(None, max_length=500)  # who it is about: a name, an email or #id
    due: str | None = Field(None, max_length=100)


class GoalOut(BaseModel):
    id: int
    text: str
    person: int | None
    due: dt.date | None


class RelationshipOut(BaseModel):
    """What you and one person have been to each other."""

    cadence_days: int | None
    cadence_tag: str | None  # the cadence comes from this tag of theirs
    birthday: str
    goals: list[GoalOut]
    interactions: list[LoggedOut]
    interaction_count: int
    gave: int
    got: int


def _logged(store: Store, entry: Interaction) -> LoggedOut:
    people = [schemas.brief(p) for p in store.get_people(list(entry.people))]
    return LoggedOut(id=entry.id or 0, on=entry.on, kind=entry.kind.value, people=people, note=entry.note)


def _goal(goal: Any) -> GoalOut:
    return GoalOut(id=goal.id or 0, text=goal.text, person=goal.person_id, due=goal.due)


# --- the log page and its form ----------------------------------------------------------------------


#: The most entries the log page lists when asked for all of them (the newest first).
MOST_SHOWN = 1000


def _log_context(
    store: Store, form: dict[str, str], errors: dict[str, str], show: int = 15, person: Person | None = None
) -> dict[str, Any]:
    ref = f"#{person.id}" if person is not None else None
    recent = followups.log_entries(store, today=today(), ref=ref, limit=show)
    return {**log_options(), "form": form, "errors": errors, "recent": recent, "logged": None, "compact": False,
            "most": MOST_SHOWN, "person": person}  # fmt: skip


@router.get("/log", response_class=HTMLResponse, include_in_schema=False)
def log_page(
    request: Request, store: StoreDep, with_: Annotated[str, Query(alias="with", max_length=500)] = "",
    show: Annotated[int, Query(ge=1, le=MOST_SHOWN)] = 15, person: int | None = None,
) -> HTMLResponse:  # fmt: skip
    """Log an interaction, and what was logged lately — with everyone, or (``person``) with one person: a person
    page said "6 interactions logged" above five, with no way to the sixth."""
    who = services.resolve_person(store, f"#{person}") if person is not None else None
    form = {"people": with_ or (who.name if who is not None else "")}
    context = {**_log_context(store, form, {}, show, who), "logged": just_logged(store, request)}
    return render(request, "log.html", context)


@router.get("/log/form", response_class=HTMLResponse, include_in_schema=False)
def log_form_part(
    request: Request, store: StoreDep, next_: Annotated[str, Query(alias="next", max_length=500)] = "",
    with_: Annotated[str, Query(alias="with", max_length=500)] = "",
) -> HTMLResponse:  # fmt: skip
    """The small log form, for a page that loads it after itself (Today), saying what was just logged."""
    form = {"people": with_, "next": safe_next(next_, "")}
    context = {**log_options(), "form": form, "errors": {}, "compact": True, "logged": just_logged(store, request)}
    return render(request, "_log_form.html", context)


@router.post("/log", include_in_schema=False)
def log_form(
    request: Request, store: StoreDep, people: Text = "", note: Text = "", kind: Short = "", gave: Short = "",
    got: Short = "", on: Short = "", next_: Annotated[str, Form(alias="next", max_length=500)] = "",
    compact: Annotated[bool, Form()] = False, also: Annotated[str | None, Form(max_length=10_000)] = None,
) -> Response:  # fmt: skip
    errors: dict[str, str] = {}
    refs = items(people.replace(";", ",")) + items((also or "").replace(";", ","))
    entry = attempt(
        lambda: followups.log(
            store, note, with_refs=refs, kind=kind or None, got=got or None, gave=gave or None, on=on or None,
            today=today(),
        ),
        errors,
    )  # fmt: skip
    if entry is not None:
        return go(request, with_logged(safe_next(next_, "/log"), entry.id or 0))
    form = {"people": people, "also": also or "", "note": note, "kind": kind, "gave": gave, "got": got, "on": on,
            "next": next_}  # fmt: skip
    # From a person's page (it has the `also` box): the form again with that person fixed.
    fixed = attempt(lambda: services.resolve_person(store, people), {}) if also is not None else None
    if fixed is not None and errors.get("people"):
        errors["also"] = errors.pop("people")
    context = {**_log_context(store, form, errors), "compact": compact, "fixed": fixed}
    return refused(request, "log.html", "_log_form.html", context)


class UnloggedOut(BaseModel):
    message: str


@router.post("/log/{iid}/remove", include_in_schema=False)
def unlog_form(request: Request, store: StoreDep, iid: int) -> Response:
    """Forget an interaction logged by mistake (a wrong log moved keep-in-touch timers and the ledger for good)."""
    message = _unlogged(store, iid)
    if is_fragment(request):
        return HTMLResponse(f'<li class="settled" role="status">{escape(message[:1].upper() + message[1:])}.</li>')
    return go(request, safe_next(request.query_params.get("next", ""), "/log"))


@router.delete("/api/v1/log/{iid}", tags=["log"], responses=WRITE)
def unlog_api(store: StoreDep, iid: int) -> UnloggedOut:
    """Forget a logged interaction: the keep-in-touch timers and the give and take it moved go back."""
    return UnloggedOut(message=_unlogged(store, iid))


def _unlogged(store: Store, iid: int) -> str:
    found, people = followups.unlog(store, iid)
    return f"forgot the {found.kind.label} with {', '.join(p.name for p in people)} on {when(found.on)}"


@router.post("/api/v1/log", tags=["log"], status_code=201, responses=WRITE)
def log_api(store: StoreDep, body: LogIn) -> LoggedOut:
    """Log an interaction with one or more people; it resets their keep-in-touch timers."""
    entry = followups.log(
        store, body.note, with_refs=body.people, kind=body.kind, got=body.got, gave=body.gave, on=body.on,
        today=today(),
    )  # fmt: skip
    return _logged(store, entry)


@router.get("/api/v1/log", tags=["log"], responses={400: {"model": schemas.ErrorOut}})
def log_list_api(
    store: StoreDep, person: Annotated[str, Query(max_length=500)] = "", limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> LogOut:
    """What was logged, most recent first (with one `person`, or with anyone)."""
    view = followups.log_entries(store, today=today(), ref=person or None, limit=limit)
    return LogOut(items=[_logged(store, entry) for entry, _ in view.entries], total=view.total)


# --- cadence and goals on a person's page ---------------------------------------------------------------


@router.post("/people/{pid}/cadence", include_in_schema=False)
def cadence_form(request: Request, store: StoreDep, pid: int, every: Short = "", clear: Short = "") -> Response:
    errors: dict[str, str] = {}
    if clear:
        followups.clear_cadence(store, ref=f"#{pid}")
        return go(request, f"/people/{pid}#keep-h")
    if attempt(lambda: followups.set_cadence(store, every, ref=f"#{pid}"), errors) is not None:
        return go(request, f"/people/{pid}#keep-h")
    return manage_refused(request, store, pid, "cadence", {"every": every}, errors)


@router.post("/people/{pid}/goals", include_in_schema=False)
def goal_form(request: Request, store: StoreDep, pid: int, text: Text = "", due: Short = "") -> Response:
    return _added(
        request, store, pid, "goal", {"text": text, "due": due},
        lambda: followups.add_goal(store, text, with_ref=f"#{pid}", due=due or None, today=today()),
    )  # fmt: skip


@router.post("/people/{pid}/followups", include_in_schema=False)
def followup_form(request: Request, store: StoreDep, pid: int, text: Text = "", due: Short = "") -> Response:
    return _added(
        request, store, pid, "followup", {"text": text, "due": due},
        lambda: followups.add_followup(store, f"#{pid}", text, due=due, today=today()),
    )  # fmt: skip


def _added(
    request: Request, store: Store, pid: int, which: str, form: dict[str, str], add: Callable[[], object]
) -> Response:
    """Back to the person's keeping-in-touch section once ``add`` wrote, or the form ``which`` again with why not."""
    errors: dict[str, str] = {}
    if attempt(add, errors) is not None:
        return go(request, f"/people/{pid}#keep-h")
    return manage_refused(request, store, pid, which, form, errors)


@router.put("/api/v1/people/{pid}/cadence", tags=["log"], responses=WRITE)
def cadence_api(store: StoreDep, pid: int, body: CadenceIn) -> RelationshipOut:
    """Keep in touch with this person every so often (30d, 2w, 3m, 1y; `off` clears)."""
    followups.set_cadence(store, body.every, ref=f"#{pid}")
    return relationship_api(store, pid)


@router.delete("/api/v1/people/{pid}/cadence", tags=["log"], responses=WRITE)
def cadence_clear_api(store: StoreDep, pid: int) -> RelationshipOut:
    """Stop keeping in touch with this person on a timer of their own (a tag's cadence still counts)."""
    followups.clear_cadence(store, ref=f"#{pid}")
    return relationship_api(store, pid)


@router.post("/api/v1/goals", tags=["log"], status_code=201, responses=WRITE)
def goal_api(store: StoreDep, body: GoalIn) -> GoalOut:
    """Add a goal, about a person or not, with a day to reach it by or not."""
    return _goal(followups.add_goal(store, body.text, with_ref=body.person, due=body.due, today=today()))


@router.get("/api/v1/people/{pid}/relationship", tags=["log"], responses={404: {"model": schemas.ErrorOut}})
def relationship_api(store: StoreDep, pid: int) -> RelationshipOut:
    """Cadence, birthday, open goals, recent interactions and give and take over a year with one person."""
    found = followups.relationship(store, f"#{pid}", today())
    return RelationshipOut(
        cadence_days=found.cadence_days, cadence_tag=found.cadence_tag, birthday=found.birthday,
        goals=[_goal(g) for g in found.goals], interactions=[_logged(store, i) for i in found.interactions],
        interaction_count=found.interaction_count, gave=found.balance.gave, got=found.balance.got,
    )  # fmt: skip
