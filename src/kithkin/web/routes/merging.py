"""Merging, as the Merges page: the people an import thought might be one person, to merge or keep apart."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from kithkin.services import merging
from kithkin.services.people import headlines
from kithkin.web import schemas
from kithkin.web.pages import StoreDep, is_fragment, render
from kithkin.web.paging import Cursor, Limit, next_link

router = APIRouter()

Decision = Literal["accept", "reject"]


class ProposalOut(BaseModel):
    id: int
    a: schemas.PersonBrief
    b: schemas.PersonBrief
    score: float
    reason: str


class ProposalsOut(BaseModel):
    items: list[ProposalOut]
    next_cursor: str | None


class DecisionIn(BaseModel):
    decision: Decision


class DecidedOut(BaseModel):
    message: str
    person: schemas.PersonBrief | None  # the merged person, after an accept


def _decide(store: StoreDep, proposal_id: int, decision: Decision) -> DecidedOut:
    if decision == "accept":
        kept = merging.accept_proposal(store, proposal_id)
        return DecidedOut(message=f"Merged into {kept.name}", person=schemas.brief(kept))
    merging.reject_proposal(store, proposal_id)
    return DecidedOut(message="Kept apart; this pair will not be proposed again", person=None)


@router.get("/merges", response_class=HTMLResponse, include_in_schema=False)
def merges_page(request: Request, store: StoreDep, cursor: Cursor = "", limit: Limit = 50) -> HTMLResponse:
    page = merging.proposals_page(store, cursor=cursor or None, limit=limit)
    ids = [p.id or 0 for v in page.views for p in (v.a, v.b)]
    lines = dict(zip(ids, headlines(store, ids), strict=True))
    more = next_link("/merges", page.next_cursor, limit=limit)
    return render(request, "merges.html", {"views": page.views, "headlines": lines, "more": more, "first": not cursor})


@router.post("/merges/{proposal_id}", include_in_schema=False)
def decide_form(request: Request, store: StoreDep, proposal_id: int, decision: Annotated[Decision, Form()]) -> Response:
    done = _decide(store, proposal_id, decision)
    if is_fragment(request):
        return render(request, "_settled.html", {"message": done.message, "item_id": f"merge-{proposal_id}"})
    return RedirectResponse("/merges", status_code=303)


@router.get("/api/v1/merges", tags=["merges"], responses={400: {"model": schemas.ErrorOut}})
def merges_api(store: StoreDep, cursor: Cursor = "", limit: Limit = 50) -> ProposalsOut:
    """Open proposals to merge two people, strongest evidence first, one page at a time (pass `next_cursor`
    back as `cursor` for the next page)."""
    page = merging.proposals_page(store, cursor=cursor or None, limit=limit)
    return ProposalsOut(
        items=[
            ProposalOut(id=v.proposal.id, a=schemas.brief(v.a), b=schemas.brief(v.b), score=round(v.proposal.score, 3),
                        reason=v.proposal.reason)
            for v in page.views
        ],
        next_cursor=page.next_cursor,
    )  # fmt: skip


@router.post(
    "/api/v1/merges/{proposal_id}",
    tags=["merges"],
    responses={400: {"model": schemas.ErrorOut}, 403: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut}},
)
def decide_api(store: StoreDep, proposal_id: int, body: DecisionIn) -> DecidedOut:
    """Merge the two people (`accept`) or keep them apart for good (`reject`); needs `X-CSRF-Token`."""
    return _decide(store, proposal_id, body.decision)
