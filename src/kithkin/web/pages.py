"""What every route shares: the store for one request, today's date, and rendering a template."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from kithkin.dates import parse_day
from kithkin.store import Store
from kithkin.text import (
    affiliation_detail,
    affiliation_when,
    birthday_words,
    day,
    due_words,
    each_other,
    first_name,
    guest_list,
    plural,
    when,
)
from kithkin.web.connections import StorePool

HERE = Path(__file__).parent

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # everything a user or a file wrote is escaped, in every template
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # the templates ship with the package: no stat of each file on every include
)
_ENV.globals["zip"] = zip
# Dates as the CLI says them ("12 Dec 2026", "Sat 12 Dec 2026"), never the ISO text the store keeps.
_ENV.filters.update(
    day=day,
    when=when,
    affiliation_when=affiliation_when,
    affiliation_detail=affiliation_detail,
    plural=plural,
    first_name=first_name,
    guest_list=guest_list,
    each_other=each_other,
    due_words=due_words,
    birthday_words=birthday_words,
)
TEMPLATES = Jinja2Templates(env=_ENV)


def today() -> dt.date:
    """Today, or the day in ``KITHKIN_TODAY`` (YYYY-MM-DD) when set, as the CLI reads it."""
    text = os.environ.get("KITHKIN_TODAY", "").strip()
    return parse_day(text) if text else dt.date.today()


async def open_store(request: Request) -> AsyncIterator[Store]:
    """The store for this request: an open one kept from an earlier request (:mod:`kithkin.web.connections`),
    or one opened now. Taken and given back on the event loop, so the only worker thread a page waits for is
    its route's own."""
    pool: StorePool = request.app.state.stores
    store = pool.take()
    if store is None:
        store = await run_in_threadpool(pool.open)
    try:
        yield store
    finally:
        pool.give(store)


StoreDep = Annotated[Store, Depends(open_store)]


def is_fragment(request: Request) -> bool:
    """Did htmx ask for a part of a page (rather than a browser for a whole one)?"""
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-history-restore-request") != "true"


def render(request: Request, name: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    """A page (or partial) from ``templates/``, with what every page needs: the CSRF token and the session."""
    session = getattr(request.state, "session", None)
    shared = {
        "csrf_token": session.csrf if session is not None else "",
        "signed_in": bool(session and session.signed_in),
        "password_required": bool(getattr(request.app.state, "password_hash", None)),
        "path": request.url.path,
        "today": today(),  # the day dates are told against: an event ahead is "coming up", not past
    }
    return TEMPLATES.TemplateResponse(request, name, {**shared, **context}, status_code=status)
