"""The graph, as the Network page: your ego network (or anyone's) drawn with Cytoscape.js from ``/api/v1/graph``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from kithkin import services
from kithkin.services.graph import MAX_NODES, ego_graph
from kithkin.web import schemas
from kithkin.web.pages import StoreDep, render, today

router = APIRouter()

PersonId = Annotated[int | None, Query(ge=1, description="Whose network (default: yours).")]
Depth = Annotated[int, Query(ge=1, le=2, description="1: their ties; 2: and their ties' ties.")]
Limit = Annotated[int, Query(ge=1, le=MAX_NODES)]


def _ref(person: int | None) -> str:
    return "me" if person is None else f"#{person}"


@router.get("/network", response_class=HTMLResponse, include_in_schema=False)
def network_page(request: Request, store: StoreDep, person: PersonId = None, depth: Depth = 1) -> HTMLResponse:
    centre = services.resolve_person(store, _ref(person))
    source = f"/api/v1/graph?depth={depth}" + ("" if person is None else f"&person={person}")
    return render(request, "network.html", {"centre": centre, "depth": depth, "source": source, "person": person})


@router.get(
    "/api/v1/graph", tags=["network"], responses={400: {"model": schemas.ErrorOut}, 404: {"model": schemas.ErrorOut}}
)
def graph_api(store: StoreDep, person: PersonId = None, depth: Depth = 1, limit: Limit = MAX_NODES) -> schemas.GraphOut:
    """A person's ego network: nodes (coloured by circle), ties among them with their strengths."""
    return schemas.graph(ego_graph(store, _ref(person), depth=depth, limit=limit, today=today()))
