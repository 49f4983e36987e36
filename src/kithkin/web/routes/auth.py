"""Signing in, when the server was started with a password (``kithkin serve --password-file``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kithkin.web.pages import render
from kithkin.web.security import Session, check_password

router = APIRouter()


def _safe_next(target: str) -> str:
    """Only a path on this server (never ``//elsewhere``) may follow a sign-in."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": _safe_next(next), "failed": False})


@router.post("/login", include_in_schema=False)
def login(
    request: Request, password: Annotated[str, Form(max_length=1000)], next: Annotated[str, Form()] = "/"
) -> Response:
    stored = request.app.state.password_hash
    if not stored or not check_password(stored, password):
        return render(request, "login.html", {"next": _safe_next(next), "failed": True}, status=401)
    request.state.session = Session(signed_in=True)  # a new token: nothing from before signing in carries over
    request.state.session_changed = True
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    request.state.session = Session()
    request.state.session_changed = True
    return RedirectResponse("/login" if request.app.state.password_hash else "/", status_code=303)
