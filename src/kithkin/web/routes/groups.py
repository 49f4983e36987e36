"""Affiliations from the web: add a school, employer, event, community, place or interest to a person (the
name resolved as `kithkin affiliate` resolves it: 'SDSU' is San Diego State University) or remove one — as
forms on the person page and as ``/api/v1/people/{id}/affiliations``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from kithkin import services
from kithkin.errors import NotFound
from kithkin.model import Affiliation, Person
from kithkin.services import groups
from kithkin.web import schemas
from kithkin.web.forms import attempt, go
from kithkin.web.pages import StoreDep, is_fragment, render, today
from kithkin.web.routes.editing import WRITE, manage_refused

router = APIRouter()

Short = Annotated[str, Form(max_length=500)]


class AffiliationIn(BaseModel):
    kind: str = Field(max_length=50)  # school, employer, event, community, place or interest
    name: str = Field(max_length=500)  # an alias or a close name finds the group already there
    role: str = Field("", max_length=500)  # major, degree, title or team
    start: str | None = Field(None, max_length=100)  # a year or a date; for an event, its day
    end: str | None = Field(None, max_length=100)  # leave out while it is still so


class AffiliationAdded(BaseModel):
    affiliation: schemas.AffiliationOut
    id: int
    resolved: str  # how the name was read: "'SDSU' is San Diego State University (…)", or ""


class RemovedOut(BaseModel):
    message: str


def _resolution_note(typed: str, found: groups.Resolved, kept_name: str) -> str:
    if found.same and kept_name != typed.strip():
        return f"'{typed.strip()}' is {kept_name}: {found.resolution.reason}"
    if found.group is not None and found.resolution.verdict == "proposal":
        return f"'{typed.strip()}' may be {found.group.name} ({found.resolution.reason}): see the group merges"
    return ""


@router.post("/people/{pid}/affiliations", include_in_schema=False)
def affiliate_form(
    request: Request, store: StoreDep, pid: int, kind: Short = "", name: Short = "", role: Short = "",
    start: Short = "", end: Short = "",
) -> Response:  # fmt: skip
    errors: dict[str, str] = {}
    added = attempt(
        lambda: groups.affiliate_resolved(store, f"#{pid}", kind, name, role=role, start=start, end=end, today=today()),
        errors,
    )
    if added is not None:
        return go(request, f"/people/{pid}#aff-h")
    form = {"kind": kind, "name": name, "role": role, "start": start, "end": end}
    return manage_refused(request, store, pid, "affiliation", form, errors)


@router.post("/people/{pid}/affiliations/{aid}/remove", include_in_schema=False)
def unaffiliate_form(request: Request, store: StoreDep, pid: int, aid: int) -> Response:
    gone = groups.remove_affiliation(store, f"#{pid}", aid)
    if is_fragment(request):
        return render(request, "_edit_removed.html", {"affiliation": gone})
    return go(request, f"/people/{pid}#aff-h")


def _affiliation(store: StoreDep, pid: int, aid: int) -> tuple[Person, Affiliation]:
    found = services.profile(store, f"#{pid}")
    aff = next((a for a in found.affiliations if a.id == aid), None)
    if aff is None:
        raise NotFound(f"{found.person.name} has no affiliation #{aid}")
    return found.person, aff


@router.get("/people/{pid}/affiliations/{aid}/edit", response_class=HTMLResponse, include_in_schema=False)
def change_affiliation_page(request: Request, store: StoreDep, pid: int, aid: int) -> HTMLResponse:
    """A form to change one affiliation's role and years in place (they could only be removed and added again)."""
    person, aff = _affiliation(store, pid, aid)
    form = {"role": aff.role, "start": str(aff.start or ""), "end": str(aff.end or "")}
    return render(request, "affiliation_edit.html", {"person": person, "aff": aff, "f": form, "e": {}})


@router.post("/people/{pid}/affiliations/{aid}/edit", include_in_schema=False)
def change_affiliation_form(
    request: Request, store: StoreDep, pid: int, aid: int, role: Short = "", start: Short = "", end: Short = ""
) -> Response:
    person, aff = _affiliation(store, pid, aid)
    errors: dict[str, str] = {}
    changed = attempt(
        lambda: groups.change_affiliation(store, f"#{pid}", aid, role=role, start=start, end=end, today=today()),
        errors,
    )
    if changed is not None:
        return go(request, f"/people/{pid}#aff-h")
    context = {"person": person, "aff": aff, "f": {"role": role, "start": start, "end": end}, "e": errors}
    return render(request, "affiliation_edit.html", context, status=400)


class AffiliationChange(BaseModel):
    role: str = Field("", max_length=500)  # major, degree, title or team
    start: str | None = Field(None, max_length=100)  # a year or a date; for an event, its day
    end: str | None = Field(None, max_length=100)  # leave out while it is still so


@router.put("/api/v1/people/{pid}/affiliations/{aid}", tags=["editing"], responses=WRITE)
def change_affiliation_api(store: StoreDep, pid: int, aid: int, body: AffiliationChange) -> AffiliationAdded:
    """Change one affiliation's role and years (the group stays); its id changes: the new one is returned."""
    aff = groups.change_affiliation(
        store, f"#{pid}", aid, role=body.role, start=body.start, end=body.end, today=today()
    )
    return AffiliationAdded(affiliation=schemas.affiliation(aff), id=aff.id or 0, resolved="")


@router.post("/api/v1/people/{pid}/affiliations", tags=["editing"], status_code=201, responses=WRITE)
def affiliate_api(store: StoreDep, pid: int, body: AffiliationIn) -> AffiliationAdded:
    """Say this person belongs to a group; the name is resolved to a group already there when it surely is one
    ('SDSU'), and a close but uncertain one is proposed for review."""
    aff, found = groups.affiliate_resolved(
        store, f"#{pid}", body.kind, body.name, role=body.role, start=body.start, end=body.end, today=today()
    )
    note = _resolution_note(body.name, found, aff.group.name)
    return AffiliationAdded(affiliation=schemas.affiliation(aff), id=aff.id or 0, resolved=note)


@router.delete("/api/v1/people/{pid}/affiliations/{aid}", tags=["editing"], responses=WRITE)
def unaffiliate_api(store: StoreDep, pid: int, aid: int) -> RemovedOut:
    """Forget one affiliation (its id is in the person's `affiliations`); the group stays."""
    gone = groups.remove_affiliation(store, f"#{pid}", aid)
    return RemovedOut(message=f"no longer {gone.group.kind.value} {gone.group.name}")


@router.get("/api/v1/people/{pid}/affiliations", tags=["editing"], responses={404: {"model": schemas.ErrorOut}})
def affiliations_api(store: StoreDep, pid: int) -> list[AffiliationAdded]:
    """A person's affiliations with their ids (to remove one)."""
    found = services.profile(store, f"#{pid}").affiliations
    return [AffiliationAdded(affiliation=schemas.affiliation(a), id=a.id or 0, resolved="") for a in found]
