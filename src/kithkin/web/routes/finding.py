"""Find: who studied, worked or took part where and when — "Marketing at SDSU between 1995 and 2005", the seed's
"same major, same university, same time" — ranked by how well they fit or by what they share with you; the
user's own schools and employers as searches to start from. As a page and as ``/api/v1/find``. And the warm
introductions to anyone at an organisation (`kithkin path me --at ServiceNow`), as ``/introductions?at=``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from kithkin.errors import InputError, KithkinError
from kithkin.services import common_ground, introductions
from kithkin.text import is_number
from kithkin.web import schemas
from kithkin.web.pages import StoreDep, render, today

router = APIRouter()

Name = Annotated[str, Query(max_length=200)]
Year = Annotated[str, Query(max_length=10, description="A year, like 1998.")]
From = Annotated[str, Query(alias="from", max_length=10, description="Overlapping this year or later.")]
Shared = Annotated[str, Query(max_length=5, description="Any value: rank by what they share with you.")]
#: How many to show: the best 50 unless asked for more (the page offers the rest, up to :data:`MOST`).
MOST = 1000
Limit = Annotated[int, Query(ge=1, le=MOST, description="At most this many, best first.")]


class FoundOut(BaseModel):
    person: schemas.PersonBrief
    matched: list[schemas.AffiliationOut]
    score: float | None  # common ground with you, when asked to rank by it
    common_ground: list[schemas.SharedOut]


def _year(text: str, field: str) -> int | None:
    """A year typed in a form: empty is no limit; anything but a year is the user's to fix, next to the field."""
    text = text.strip()
    if not text:
        return None
    if not is_number(text) or not 1 <= int(text) <= 9999:
        raise InputError(f"'{text}' is not a year; type one like 1998", field=field)
    return int(text)


def _query(
    school: str, employer: str, role: str, start: str, end: str, shared: str, limit: int = 50, kind: str = "",
    name: str = "",
) -> common_ground.FindQuery:  # fmt: skip
    if kind.strip() and not name.strip():
        raise InputError("name the group of that kind", field="name")
    if name.strip() and not kind.strip():
        raise InputError("say which kind of group it is", field="kind")
    return common_ground.FindQuery(
        school=school.strip() or None,
        employer=employer.strip() or None,
        kind=kind.strip() or None,
        name=name.strip() or None,
        role=role.strip() or None,
        start=_year(start, "from"),
        end=_year(end, "to"),
        shares_with="me" if shared else None,
        limit=limit,
    )


@router.get("/find", response_class=HTMLResponse, include_in_schema=False)
def find_page(
    request: Request, store: StoreDep, school: Name = "", employer: Name = "", role: Name = "", start: From = "",
    to: Year = "", shared: Shared = "", limit: Limit = 50, kind: Name = "", name: Name = "",
) -> HTMLResponse:  # fmt: skip
    typed = {"school": school, "employer": employer, "role": role, "from": start, "to": to, "shared": shared,
             "kind": kind, "name": name}  # fmt: skip
    errors: dict[str, str] = {}
    found: list[common_ground.Found] | None = None
    total: int | None = None  # how many match in all, when the list is cut short and the filters tell
    if any(value.strip() for value in typed.values()):  # "shared" alone: who shares the most with you
        try:
            query = _query(school, employer, role, start, to, shared, limit, kind, name)
            found = common_ground.find(store, query, today=today())
            if len(found) == limit:
                total = common_ground.count_matches(store, query, today=today())
        except KithkinError as exc:
            errors[exc.field or "_form"] = str(exc)
    starters = common_ground.find_starters(store, today=today())
    context = {"f": typed, "e": errors, "found": found, "total": total, "starters": starters, "limit": limit,
               "most": MOST}  # fmt: skip
    return render(request, "find.html", context, status=400 if errors else 200)


@router.get("/api/v1/find", tags=["people"], responses={400: {"model": schemas.ErrorOut}})
def find_api(
    store: StoreDep, school: Name = "", employer: Name = "", role: Name = "", start: From = "", to: Year = "",
    shared: Shared = "", limit: Limit = 50, kind: Name = "", name: Name = "",
) -> list[FoundOut]:  # fmt: skip
    """People of a school or employer (any of its names), optionally with a role — at a school a degree, a field
    or both, however spelt; at an employer the title's words, however shortened — and overlapping the years
    `from`–`to`; or the members of any group by `kind` (event, community, place, interest…) and `name`; with
    `shared`, ranked by what they share with you, otherwise by how well they fit."""
    query = _query(school, employer, role, start, to, shared, limit, kind, name)
    results = common_ground.find(store, query, today=today())
    return [
        FoundOut(person=schemas.brief(r.person), matched=[schemas.affiliation(a) for a in r.matched],
                 score=None if r.ground is None else round(r.ground.score, 3),
                 common_ground=[] if r.ground is None else schemas.ground(r.ground))
        for r in results
    ]  # fmt: skip


@router.get("/introductions", response_class=HTMLResponse, include_in_schema=False)
def introductions_at(request: Request, store: StoreDep, at: Name = "") -> HTMLResponse:
    """The strongest paths from you to anyone at a school, employer or community, who should introduce you, and a
    draft request — or why there is none, on the page, beside the form to ask again."""
    intros, why = None, "Name an employer, school or community."
    if at.strip():
        try:
            intros, why = introductions.introductions(store, "me", at=at.strip(), today=today()), ""
        except KithkinError as exc:
            why = str(exc)
    # the note is to the person the best path reaches; with no path, the words say "someone at …"
    person = intros.paths[0].people[-1] if intros and intros.paths else {"name": intros.target if intros else ""}
    context = {"at": at, "intros": intros, "intro_why": why, "person": person}
    return render(request, "introductions_at.html", context, status=400 if at.strip() and why else 200)


@router.get("/api/v1/introductions", tags=["people"], responses={400: {"model": schemas.ErrorOut}})
def introductions_at_api(store: StoreDep, at: Name) -> schemas.IntroductionsOut:
    """The strongest paths from you to anyone at a school, employer or community (any of its names), who should
    introduce you, a draft request and a note to forward."""
    return schemas.introductions(introductions.introductions(store, "me", at=at, today=today()))
