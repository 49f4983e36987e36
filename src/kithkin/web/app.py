"""The web app: :func:`create_app` wires the routes, the security layers and the error handlers.

Layers, outermost first (each plain ASGI: Starlette's ``BaseHTTPMiddleware`` costs a task and memory streams
per request): the server timing, the Host allow-list (DNS rebinding), security headers, the body-size cap, then
the session (a signed cookie with the CSRF token; the sign-in check when a password is set). Every
state-changing request is checked for the CSRF token by :func:`check_csrf`, a dependency of every route.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from kithkin.errors import KithkinError
from kithkin.web import errors
from kithkin.web.connections import StorePool
from kithkin.web.pages import HERE
from kithkin.web.routes import (
    auth,
    briefing,
    editing,
    exporting,
    finding,
    followups,
    graph,
    grouping,
    groups,
    home,
    importing,
    log,
    matchmaking,
    merging,
    people,
    planning,
    suggestions,
)
from kithkin.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    MAX_UPLOAD,
    SAFE_METHODS,
    BodyLimit,
    HostAllowList,
    SecurityHeaders,
    Session,
    SessionLayer,
    Sessions,
    default_hosts,
)
from kithkin.web.signing import session_key
from kithkin.web.throttle import LoginThrottle
from kithkin.web.timing import ServerTiming

#: Paths anyone may reach without signing in when a password is set.
OPEN_PATHS = ("/login", "/static/")


async def check_csrf(request: Request) -> None:
    """Refuse (403) a state-changing request that does not carry this session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    session: Session = request.state.session
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not session.token_matches(sent):
        raise errors.Refused(403, "csrf", "this form has expired or came from elsewhere: reload the page and try again")


#: Requests whose route runs at once (anyio's worker threads; its default is 40). One process runs Python on one
#: core at a time: with 8 clients and 40 threads on 2 cores, threads fight over the GIL and a person page cost
#: 6.6 ms of CPU (p95 92 ms); with 4, 4.8 ms (p95 43 ms); with 2, 3.8 ms (p95 33 ms) — bench/RESULTS.md, "Web
#: app speed". 4 rather than 2 so that a slow page (a plan, an upload being read) does not hold up the others.
THREADS = 4


def create_app(
    db_path: str | Path,
    *,
    password_hash: str | None = None,
    allowed_hosts: Sequence[str] = default_hosts(),
    secret: str | None = None,
    max_upload: int = MAX_UPLOAD,
    threads: int = THREADS,
) -> FastAPI:
    """The kithkin web app over the store at ``db_path``.

    ``password_hash`` (argon2, from :func:`kithkin.web.security.hash_password`) makes every page ask for a
    sign-in; ``allowed_hosts`` are the host names the app answers to; ``secret`` signs the session cookie
    (by default the store's own key, kept beside it, so a restart keeps everyone signed in); ``max_upload``
    caps one import's files; ``threads`` is how many requests run their Python at once (:data:`THREADS`).
    """
    app = FastAPI(
        title="kithkin",
        summary="Your people, common ground, warm introductions and follow-ups, on this machine.",
        version="1",
        docs_url=None,  # Swagger UI would load script from a CDN and run inline script: the CSP forbids both
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        dependencies=[Depends(check_csrf)],
        lifespan=_closing_stores,
    )
    app.state.db_path = Path(db_path)
    app.state.password_hash = password_hash
    app.state.max_upload = max_upload
    app.state.threads = threads
    app.state.login_throttle = LoginThrottle()
    app.state.stores = StorePool(app.state.db_path)
    sessions = Sessions(secret or session_key(app.state.db_path))

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # editing before people: /people/new is a page, not the person with id 'new'
    for module in (
        *(home, followups, log, editing, groups, grouping, people, finding, graph, suggestions, briefing),
        *(planning, matchmaking, merging, importing, exporting, auth),
    ):
        app.include_router(module.router)
    app.add_exception_handler(KithkinError, errors.on_kithkin_error)
    app.add_exception_handler(errors.Refused, errors.on_refused)
    app.add_exception_handler(RequestValidationError, errors.on_validation_error)
    app.add_exception_handler(StarletteHTTPException, errors.on_http_error)
    app.add_middleware(
        SessionLayer,
        sessions=sessions,
        password_required=bool(password_hash),
        open_paths=OPEN_PATHS,
        refuse=_sign_in_first,
    )
    app.add_middleware(BodyLimit, upload_limit=max_upload)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HostAllowList, allowed=allowed_hosts)
    app.add_middleware(ServerTiming)
    return app


@asynccontextmanager
async def _closing_stores(app: FastAPI) -> AsyncIterator[None]:
    """Size the worker threads (see :data:`THREADS`); when the server stops, close the stores kept open."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.threads
    yield
    app.state.stores.close()


def _sign_in_first(scope: Scope) -> Response:
    request = Request(scope)
    if errors.is_api(request):
        return JSONResponse(errors.body("not_signed_in", "sign in first"), status_code=401)
    return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
