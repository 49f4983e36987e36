"""Home: what is in the store, at a glance, and where to go from here."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kithkin import services
from kithkin.web.pages import StoreDep, render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "home.html", {"summary": services.summary(store)})
