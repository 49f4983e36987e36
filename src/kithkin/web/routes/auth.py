"""Signing in, when the server was started with a password (``kithkin serve --password-file``); too many
failed tries from one client are refused for a while (:mod:`kithkin.web.throttle`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kithkin.web.pages import render
from kithkin.web.security import Session, check_password
from kithkin.web.throttle import LoginThrottle

router = APIRouter()


def _safe_next(target: str) -> str:
    """Only a path on this server (never ``//elsewhere``) may follow a sign-in."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": _safe_next(next), "failed": ""})


@router.post("/login", include_in_schema=False)
def login(
    request: Request, password: Annotated[str, Form(max_length=1000)], next: Annotated[str, Form()] = "/"
) -> Response:
    stored = request.app.state.password_hash
    throttle: LoginThrottle = request.app.state.login_throttle
    client = request.client.host if request.client else ""
    if wait := throttle.wait(client):
        return _refuse(request, next, 429, f"Too many wrong passwords: try again in {_minutes(wait)}.", wait)
    if not stored or not check_password(stored, password):
        throttle.failed(client)
        return _refuse(request, next, 401, "That password is not right.")
    throttle.succeeded(client)
    request.state.session = Session(signed_in=True)  # a new token: nothing from before signing in carries over
    request.state.session_changed = True
    return RedirectResponse(_safe_next(next), status_code=303)


def _refuse(request: Request, next: str, status: int, message: str, wait: int = 0) -> Response:
    response = render(request, "login.html", {"next": _safe_next(next), "failed": message}, status=status)
    if wait:
        response.headers["retry-after"] = str(wait)
    return response


def _minutes(seconds: int) -> str:
    """How long to wait, in words.

    >>> _minutes(40), _minutes(60), _minutes(299)
    ('40 seconds', '1 minute', '5 minutes')
    """
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    request.state.session = Session()
    request.state.session_changed = True
    return RedirectResponse("/login" if request.app.state.password_hash else "/", status_code=303)
