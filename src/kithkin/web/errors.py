"""One error shape for the web edge: ``{"error": {"code", "message", "field"}}`` for the API, a calm
message page for a browser. A :class:`~kithkin.errors.KithkinError` from a use case is the user's to fix
(400, or 404 when nothing matched; 422 when a write's value named by ``field`` cannot be used); anything else
is a bug and is left to surface."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kithkin.errors import KithkinError, NotFound
from kithkin.web.pages import render

CODES = {400: "bad_request", 401: "not_signed_in", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}


class Refused(Exception):
    """A request the web edge itself turns down (no CSRF token, not signed in), with its status."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def code_of(exc: KithkinError) -> str:
    """``UnknownPerson`` → ``unknown_person``.

    >>> from kithkin.errors import NoMe, InputError
    >>> code_of(NoMe()), code_of(InputError("x"))
    ('no_me', 'input_error')
    """
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def is_write(request: Request) -> bool:
    """A request that would change the store (its bad values are a 422, not a 400)."""
    return request.method not in ("GET", "HEAD", "OPTIONS")


def respond(request: Request, status: int, code: str, message: str, field: str | None = None) -> Response:
    """The JSON shape for the API, the message page for a browser: with a way back to the page the user came from
    (the plan's invitation refused a time and left only "Back to people", the plan gone), and, when the user has
    not said who they are, that first (Today, the first page in the menu, was "Not found" on a new store)."""
    if is_api(request):
        return JSONResponse(body(code, message, field), status_code=status)
    context = {"status": status, "message": message, "back": _back(request), "no_me": code == "no_me"}
    return render(request, "error.html", context, status=status)


def _back(request: Request) -> str | None:
    """The page the request came from, when it is this app's own (its path and query), else None."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path.startswith("/") or referer.path == request.url.path:
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")


async def on_kithkin_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KithkinError)
    if exc.field is not None and is_write(request):
        return respond(request, 422, code_of(exc), str(exc), exc.field)
    status = 404 if isinstance(exc, NotFound) else 400
    return respond(request, status, code_of(exc), str(exc), getattr(exc, "field", None))


async def on_refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)
    return respond(request, exc.status, exc.code, exc.message, exc.field)


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = [str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body")]
    field = where[-1] if where else None
    message = f"{field}: {first.get('msg', 'not valid')}" if field else str(first.get("msg", "not valid"))
    return respond(request, 422 if is_write(request) else 400, "bad_parameter", message, field)


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    messages = {404: "there is no such page", 405: "this address is for a form's button, not to be opened: go back"}
    message = messages.get(exc.status_code, str(exc.detail))
    return respond(request, exc.status_code, CODES.get(exc.status_code, "error"), message)
