"""Merging, as the Merges page: the people an import thought might be one person, to merge or keep apart;
and on a person's page, merging two records of one person by hand (after a confirmation) and splitting a
merged record off again (`kithkin merge` and `kithkin unmerge`)."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from kithkin.services import merging
from kithkin.services.people import headlines
from kithkin.web import schemas
from kithkin.web.forms import attempt, go
from kithkin.web.pages import StoreDep, is_fragment, render
from kithkin.web.paging import Cursor, Limit, next_link
from kithkin.web.routes.editing import WRITE, manage_refused

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
    done = merging.merges_done(store, 10) if not cursor else []
    context = {"views": page.views, "headlines": lines, "more": more, "first": not cursor, "done": done}
    return render(request, "merges.html", context)


class AllMergedOut(BaseModel):
    merged: list[schemas.PersonBrief]  # each person kept, once per merge


@router.post("/merges/all", include_in_schema=False)
def accept_all_form(
    request: Request, store: StoreDep, rule: Annotated[str, Form(max_length=100)] = ""
) -> Response:  # fmt: skip
    """Merge every open proposal, or those whose reason mentions ``rule`` ("same email"), in one transaction."""
    merging.accept_all(store, rule=rule.strip() or None)
    return go(request, "/merges")


@router.post("/api/v1/merges/all", tags=["merges"], responses=WRITE)
def accept_all_api(store: StoreDep, rule: Annotated[str, Query(max_length=100)] = "") -> AllMergedOut:
    """Merge every open proposal (or those whose reason mentions `rule`, e.g. "same email"), strongest first, in
    one transaction; each can be split off again (`…/unmerge`). Needs the `X-CSRF-Token` header."""
    return AllMergedOut(merged=[schemas.brief(p) for p in merging.accept_all(store, rule=rule.strip() or None)])


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


class MergeIn(BaseModel):
    other: str = Field(max_length=500)  # the same person recorded twice: a name, an email or #id


class UnmergeIn(BaseModel):
    record: int | None = None  # the record to split off (see …/records); or
    source: str | None = Field(None, max_length=500)  # the one from this source


class RecordOut(BaseModel):
    id: int
    source: str
    key: str


@router.post("/people/{pid}/merge", include_in_schema=False)
def merge_form(
    request: Request, store: StoreDep, pid: int, other: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=20)] = "",
) -> Response:  # fmt: skip
    """Merge by hand in two steps: the first post goes to the question with both people; its answer
    (``confirm``) merges."""
    errors: dict[str, str] = {}
    if confirm == "yes":
        kept = attempt(lambda: merging.merge(store, f"#{pid}", other), errors)
        if kept is not None:
            return go(request, f"/people/{kept.id}")
    else:
        pair = attempt(lambda: merging.merge_pair(store, f"#{pid}", other), errors)
        if pair is not None:
            return go(request, f"/people/{pid}/merge?{urlencode({'other': f'#{pair[1].id}'})}")
    return manage_refused(request, store, pid, "merge", {"other": other}, errors)


@router.get("/people/{pid}/merge", response_class=HTMLResponse, include_in_schema=False)
def merge_confirm_page(
    request: Request, store: StoreDep, pid: int, other: Annotated[str, Query(max_length=500)] = ""
) -> HTMLResponse:
    """The question before a merge by hand: these two, one person?"""
    keep, gone = merging.merge_pair(store, f"#{pid}", other)
    lines = dict(zip((keep.id, gone.id), headlines(store, [keep.id or 0, gone.id or 0]), strict=True))
    changes = merging.merge_changes(store, keep, gone)
    return render(request, "merge_confirm.html", {"keep": keep, "gone": gone, "headlines": lines, "changes": changes})


@router.post("/people/{pid}/unmerge", include_in_schema=False)
def unmerge_form(request: Request, store: StoreDep, pid: int, record: Annotated[int, Form()]) -> Response:
    split = merging.unmerge(store, f"#{pid}", record=record)
    return go(request, f"/people/{split.id}")


@router.post("/api/v1/people/{pid}/merge", tags=["merges"], responses=WRITE)
def merge_api(store: StoreDep, pid: int, body: MergeIn) -> schemas.PersonBrief:
    """Merge `other` into this person (they are one person recorded twice); `…/unmerge` undoes it."""
    return schemas.brief(merging.merge(store, f"#{pid}", body.other))


@router.post("/api/v1/people/{pid}/unmerge", tags=["merges"], responses=WRITE)
def unmerge_api(store: StoreDep, pid: int, body: UnmergeIn) -> schemas.PersonBrief:
    """Split one record off this person into a person of its own (with two records, the later by default)."""
    return schemas.brief(merging.unmerge(store, f"#{pid}", record=body.record, source=body.source))


@router.get("/api/v1/people/{pid}/records", tags=["merges"], responses={404: {"model": schemas.ErrorOut}})
def records_api(store: StoreDep, pid: int) -> list[RecordOut]:
    """The records this person is made of (where each fact came from), oldest first."""
    return [RecordOut(id=r.id, source=r.source, key=r.key) for r in merging.records(store, f"#{pid}")]
