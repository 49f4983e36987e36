"""Suggestions: people to meet with the reasons, each dismissible in place."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from kithkin.errors import KithkinError
from kithkin.services import groups, suggestions
from kithkin.web import schemas
from kithkin.web.pages import StoreDep, is_fragment, render, today
from kithkin.web.paging import Cursor, next_link

router = APIRouter()

Limit = Annotated[int, Query(ge=1, le=50)]
CommunityName = Annotated[str, Query(max_length=200, description="The community whose members to suggest for.")]
PerMember = Annotated[int, Query(ge=1, le=20, description="Suggestions for each member.")]


class MemberSuggestionsOut(BaseModel):
    member: schemas.PersonBrief
    items: list[schemas.SuggestionOut]


@router.get("/suggestions", response_class=HTMLResponse, include_in_schema=False)
def suggestions_page(request: Request, store: StoreDep, cursor: Cursor = "", limit: Limit = 12) -> HTMLResponse:
    page = suggestions.suggest_page(store, "me", cursor=cursor or None, limit=limit, today=today())
    more = next_link("/suggestions", page.next_cursor, limit=limit)
    return render(request, "suggestions.html", {"suggestions": page.suggestions, "more": more, "first": not cursor,
                                                "closeness_counts": page.closeness_counts})  # fmt: skip


@router.get("/suggestions/community", response_class=HTMLResponse, include_in_schema=False)
def community_page(request: Request, store: StoreDep, name: CommunityName = "", limit: PerMember = 5) -> HTMLResponse:
    """Whom each member of a community should meet (as `kithkin suggest --community`): for an organiser, the
    people worth an introduction, member by member, each with the reasons from that member's side."""
    batch, why = None, ""
    if name.strip():
        try:
            batch = suggestions.suggest_community(store, name, limit=limit, today=today())
        except KithkinError as exc:
            why = str(exc)
    context = {"communities": groups.list_groups(store, "community", 200), "name": name, "batch": batch, "why": why}
    return render(request, "suggestions_community.html", context, status=400 if why else 200)


@router.get("/api/v1/suggestions/community", tags=["suggestions"], responses={400: {"model": schemas.ErrorOut}})
def community_api(store: StoreDep, name: CommunityName, limit: PerMember = 5) -> list[MemberSuggestionsOut]:
    """For each member of a community, the people they may want to meet, best first, with reasons in words
    (each member's dismissals honoured)."""
    batch = suggestions.suggest_community(store, name, limit=limit, today=today())
    return [MemberSuggestionsOut(member=schemas.brief(member), items=[schemas.suggestion(s) for s in found])
            for member, found in batch]  # fmt: skip


@router.post("/suggestions/{pid}/dismiss", include_in_schema=False)
def dismiss_form(request: Request, store: StoreDep, pid: int) -> Response:
    gone = suggestions.dismiss(store, "me", f"#{pid}")
    if is_fragment(request):  # htmx swaps the row for a line that can undo it
        return render(request, "_dismissed.html", {"person": gone})
    return RedirectResponse("/suggestions", status_code=303)


@router.post("/suggestions/{pid}/undo", include_in_schema=False)
def undo_form(request: Request, store: StoreDep, pid: int) -> Response:
    """Suggest someone dismissed by mistake again: the list is ranked afresh, so the page reloads."""
    suggestions.undo_dismissal(store, "me", f"#{pid}")
    if is_fragment(request):
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    return RedirectResponse("/suggestions", status_code=303)


@router.get("/api/v1/suggestions", tags=["suggestions"], responses={400: {"model": schemas.ErrorOut}})
def suggestions_api(store: StoreDep, cursor: Cursor = "", limit: Limit = 10) -> schemas.SuggestionsOut:
    """People you may want to meet, best first, with reasons in words, one page at a time (pass
    `next_cursor` back as `cursor` for the next page)."""
    page = suggestions.suggest_page(store, "me", cursor=cursor or None, limit=limit, today=today())
    return schemas.SuggestionsOut(items=[schemas.suggestion(s) for s in page.suggestions], next_cursor=page.next_cursor)


@router.post(
    "/api/v1/suggestions/{pid}/dismiss",
    tags=["suggestions"],
    responses={403: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut}},
)
def dismiss_api(store: StoreDep, pid: int) -> schemas.DismissedOut:
    """Stop suggesting this person (needs the `X-CSRF-Token` header)."""
    return schemas.DismissedOut(dismissed=schemas.brief(suggestions.dismiss(store, "me", f"#{pid}")))


@router.post(
    "/api/v1/suggestions/{pid}/undo",
    tags=["suggestions"],
    responses={400: {"model": schemas.ErrorOut}, 403: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut}},
)
def undo_api(store: StoreDep, pid: int) -> schemas.PersonBrief:
    """Suggest someone dismissed again (needs the `X-CSRF-Token` header)."""
    return schemas.brief(suggestions.undo_dismissal(store, "me", f"#{pid}"))
