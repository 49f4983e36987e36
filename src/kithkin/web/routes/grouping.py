"""Groups: the schools, employers, events, communities, places and interests in the store, each with its other names
and how many people belong; the groups that may be one ('SDSU' and 'San Diego State University') to merge or keep
apart, a scan for more, and the merges done, each undone in one click — as ``kithkin group list/alias/merges/merge/
reject/unmerge`` do, and as ``/api/v1/groups``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from kithkin.errors import InputError, KithkinError
from kithkin.model import Group, GroupKind
from kithkin.services import groups
from kithkin.web import schemas
from kithkin.web.forms import go
from kithkin.web.pages import StoreDep, render

router = APIRouter()

Kind = Annotated[GroupKind, Query(description="school, employer, event, community, place or interest")]
Short = Annotated[str, Form(max_length=500)]
#: Each kind as the page names several of it.
PLURALS = {"school": "schools", "employer": "employers", "event": "events", "community": "communities",
           "place": "places", "interest": "interests"}  # fmt: skip
#: How many groups of a kind the page lists (largest first); the API takes ``limit``.
SHOWN = 200


class GroupRef(BaseModel):
    id: int
    kind: str
    name: str
    aliases: list[str]


class GroupOut(GroupRef):
    members: int  # people who belong


class ProposalOut(BaseModel):
    id: int
    keep: GroupRef  # the one that stays
    other: GroupRef  # the one that would join it
    reason: str  # the evidence


class GroupMergeOut(BaseModel):
    id: int
    kind: str
    merged: str  # the name of the group merged away
    into: int
    reason: str
    at: str


def _page(request: Request, store: StoreDep, kind: GroupKind, errors: dict[str, str], status: int = 200) -> Response:
    proposals = [v for v in groups.group_proposals(store) if v.keep.kind is kind]
    merges = [m for m in groups.group_merge_log(store) if m.kind == kind.value]
    every = groups.list_groups(store, kind.value) if proposals or merges else []
    members, names = {g.id: n for g, n in every}, {g.id: g.name for g, _ in every}
    context = {
        "kind": kind, "kinds": list(GroupKind), "listed": groups.list_groups(store, kind.value, SHOWN),
        "errors": errors, "proposals": proposals, "members": members, "merges": merges, "names": names,
        "plurals": PLURALS,
    }  # fmt: skip
    return render(request, "groups.html", context, status=status)


@router.get("/groups", response_class=HTMLResponse, include_in_schema=False)
def groups_page(request: Request, store: StoreDep, kind: Kind = GroupKind.SCHOOL) -> Response:
    return _page(request, store, kind, {})


def _acted(request: Request, store: StoreDep, kind: GroupKind, act: Callable[[], object]) -> Response:
    """After a form: on to the page again, or the page with the message at the top (400)."""
    try:
        act()
    except KithkinError as exc:
        return _page(request, store, kind, {"_form": str(exc)}, status=400)
    return go(request, f"/groups?kind={kind.value}")


@router.post("/groups/alias", include_in_schema=False)
def alias_form(
    request: Request, store: StoreDep, kind: Short = "school", name: Short = "", alias: Short = ""
) -> Response:
    chosen = groups.parse_kind(kind)

    def add() -> object:
        if not alias.strip():
            raise InputError("type the other name the group goes by")
        return groups.add_group_alias(store, chosen.value, name, [alias.strip()])

    return _acted(request, store, chosen, add)


@router.post("/groups/proposals/{proposal}/merge", include_in_schema=False)
def merge_form(request: Request, store: StoreDep, proposal: int, kind: Short = "school") -> Response:
    def merge() -> object:
        view = next((v for v in groups.group_proposals(store) if v.proposal.id == proposal), None)
        if view is None:
            raise InputError(f"no open group merge proposal #{proposal}: it was settled already")
        return groups.merge_groups(store, f"#{view.keep.id}", f"#{view.other.id}")

    return _acted(request, store, groups.parse_kind(kind), merge)


@router.post("/groups/proposals/{proposal}/reject", include_in_schema=False)
def reject_form(request: Request, store: StoreDep, proposal: int, kind: Short = "school") -> Response:
    chosen = groups.parse_kind(kind)
    return _acted(request, store, chosen, lambda: groups.reject_group_proposal(store, f"#{proposal}"))


@router.post("/groups/merges/{merge}/undo", include_in_schema=False)
def undo_form(request: Request, store: StoreDep, merge: int, kind: Short = "school") -> Response:
    chosen = groups.parse_kind(kind)
    return _acted(request, store, chosen, lambda: groups.unmerge_group(store, f"#{merge}"))


@router.post("/groups/scan", include_in_schema=False)
def scan_form(request: Request, store: StoreDep, kind: Short = "school") -> Response:
    chosen = groups.parse_kind(kind)
    return _acted(request, store, chosen, lambda: groups.scan_groups(store))


@router.get("/api/v1/groups", tags=["groups"], responses={400: {"model": schemas.ErrorOut}})
def groups_api(
    store: StoreDep, kind: Annotated[GroupKind | None, Query()] = None, limit: Annotated[int, Query(ge=1)] = 1000
) -> list[GroupOut]:
    """Groups (of one kind, or all) with their other names and how many people belong, largest first."""
    return [
        GroupOut(id=g.id or 0, kind=g.kind.value, name=g.name, aliases=list(g.aliases), members=n)
        for g, n in groups.list_groups(store, kind.value if kind else None, limit)
    ]


@router.get("/api/v1/groups/proposals", tags=["groups"])
def proposals_api(store: StoreDep) -> list[ProposalOut]:
    """Groups that may be one, best first, with the evidence (merge or keep apart on the Groups page, or with
    `kithkin group merge` / `reject`)."""

    def ref(g: Group) -> GroupRef:
        return GroupRef(id=g.id or 0, kind=g.kind.value, name=g.name, aliases=list(g.aliases))

    return [ProposalOut(id=v.proposal.id, keep=ref(v.keep), other=ref(v.other), reason=v.proposal.reason)
            for v in groups.group_proposals(store)]  # fmt: skip
