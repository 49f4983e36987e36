"""People: search as you type, a tag filter and keyset pages; a person's profile, common ground with you
and the best introduction paths — as pages and as ``/api/v1/people``."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from kithkin import services
from kithkin.common_ground import CommonGround
from kithkin.errors import KithkinError, NoMe
from kithkin.model import Profile
from kithkin.services import common_ground, followups, introductions
from kithkin.services.people import headline, people_page, tags, who_is_me
from kithkin.store import Store
from kithkin.web import schemas
from kithkin.web.forms import go
from kithkin.web.pages import StoreDep, is_fragment, render, today
from kithkin.web.paging import Cursor, Limit

router = APIRouter()

Text = Annotated[str, Query(max_length=200, description="Words that start names, aliases or notes.")]
Tag = Annotated[str, Query(max_length=100, description="Only people with this tag.")]


def _people_context(store: Store, q: str, tag: str, cursor: str, limit: int) -> dict[str, Any]:
    page = people_page(store, q, tag=tag or None, cursor=cursor or None, limit=limit)
    return {"page": page, "q": q, "tag": tag, "limit": limit, "first": not cursor}


def _people_page(request: Request, store: Store, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The whole page: the list, the tags to filter by and, with a tag, how often to keep in touch with it."""
    every = followups.tag_cadence(store, context["tag"]) if context["tag"] else None
    full = {"errors": {}, **context, "tags": tags(store, 100), "tag_every": every}
    return render(request, "people.html", full, status=status)


@router.get("/people", response_class=HTMLResponse, include_in_schema=False)
def people_list(
    request: Request, store: StoreDep, q: Text = "", tag: Tag = "", cursor: Cursor = "", limit: Limit = 50
) -> HTMLResponse:
    context = _people_context(store, q, tag, cursor, limit)
    if is_fragment(request) and request.headers.get("hx-target") == "results":
        return render(request, "_people_results.html", context)
    return _people_page(request, store, context)


@router.post("/people/tag-cadence", include_in_schema=False)
def tag_cadence_form(
    request: Request, store: StoreDep, tag: Annotated[str, Form(max_length=100)] = "",
    every: Annotated[str, Form(max_length=20)] = "", clear: Annotated[str, Form(max_length=5)] = "",
) -> Response:  # fmt: skip
    """Keep in touch with everyone tagged ``tag`` every so often (as `kithkin cadence --tag`), or stop."""
    try:
        followups.set_cadence(store, "off" if clear else every, tag=tag)
    except KithkinError as exc:
        refused = {**_people_context(store, "", tag, "", 50), "errors": {"every": str(exc)}, "typed": every}
        return _people_page(request, store, refused, status=422)
    return go(request, f"/people?{urlencode({'tag': tag})}")


@router.get("/api/v1/people", tags=["people"], responses={400: {"model": schemas.ErrorOut}})
def people_api(
    store: StoreDep, q: Text = "", tag: Tag = "", cursor: Cursor = "", limit: Limit = 50
) -> schemas.PeoplePageOut:
    """People in name order, one page at a time; pass `next_cursor` back as `cursor` for the next page."""
    page = people_page(store, q, tag=tag or None, cursor=cursor or None, limit=limit)
    return schemas.people_page(page)


def _ground_with_me(store: Store, found: Profile) -> tuple[CommonGround | None, str]:
    """Common ground between the user and this person, or why there is none to show."""
    if found.person.is_me:
        return None, "This is you."
    try:
        return common_ground.with_me(store, found, today=today()), ""
    except NoMe:
        return None, "Say who you are (“This is me” on your own page) to see what you share with people."


def _introductions(store: Store, pid: int) -> tuple[introductions.Introductions | None, str]:
    try:
        return introductions.introductions(store, "me", target_ref=f"#{pid}", today=today()), ""
    except KithkinError as exc:
        return None, str(exc)


@router.get("/people/{pid}", response_class=HTMLResponse, include_in_schema=False)
def person_view(request: Request, store: StoreDep, pid: int) -> HTMLResponse:
    found = services.profile(store, f"#{pid}")
    cg, why = _ground_with_me(store, found)
    upcoming = followups.birthday_after(found.birthday, today())
    context = {"profile": found, "ground": cg, "ground_why": why, "headline": headline(store, pid),
               "no_me": who_is_me(store) is None, "next_birthday": upcoming}  # fmt: skip
    return render(request, "person.html", context)


@router.get("/people/{pid}/introductions", response_class=HTMLResponse, include_in_schema=False)
def introductions_view(request: Request, store: StoreDep, pid: int) -> HTMLResponse:
    """The paths, request and note: a part of the person page (loaded after it), or a page of their own."""
    person = services.resolve_person(store, f"#{pid}")
    intros, why = _introductions(store, pid)
    context = {"person": person, "intros": intros, "intro_why": why}
    return render(request, "_introductions.html" if is_fragment(request) else "introductions.html", context)


@router.get("/api/v1/people/{pid}", tags=["people"], responses={404: {"model": schemas.ErrorOut}})
def person_api(store: StoreDep, pid: int) -> schemas.PersonOut:
    """Everything known about one person, with the common ground they share with you."""
    found = services.profile(store, f"#{pid}")
    cg, _ = _ground_with_me(store, found)
    return schemas.person(found, cg)


@router.get(
    "/api/v1/people/{pid}/introductions",
    tags=["people"],
    responses={400: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut}},
)
def introductions_api(store: StoreDep, pid: int) -> schemas.IntroductionsOut:
    """The strongest paths from you to this person, with a drafted request and a note to forward."""
    return schemas.introductions(introductions.introductions(store, "me", target_ref=f"#{pid}", today=today()))


With = Annotated[str, Query(max_length=500, description="Another person: a name, alias, email or #id.")]


@router.get("/people/{pid}/common", response_class=HTMLResponse, include_in_schema=False)
def common_page(request: Request, store: StoreDep, pid: int, other: With = "") -> HTMLResponse:
    """What this person and another share (as `kithkin common A B`): for a host about to introduce two guests."""
    person = services.resolve_person(store, f"#{pid}")
    ground, why = None, ""
    if other.strip():
        try:
            ground = common_ground.common(store, f"#{pid}", other, today=today())
        except KithkinError as exc:
            why = str(exc)
    context = {"person": person, "other": other, "ground": ground, "why": why}
    return render(request, "common.html", context, status=400 if why else 200)


@router.get("/api/v1/people/{pid}/common", tags=["people"], responses={400: {"model": schemas.ErrorOut}})
def common_api(store: StoreDep, pid: int, other: With) -> schemas.CommonOut:
    """What this person and `other` share, best first, each with an opener (as `kithkin common A B`); when the
    two already know each other, how (``tie``, ``sentence``) and no openers."""
    return schemas.common(common_ground.common(store, f"#{pid}", other, today=today()))
