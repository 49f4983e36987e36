"""What keeps the local web app to its one user: the Host allow-list, security headers, a cap on request
bodies, the signed session cookie with its CSRF token, and the optional password.

* **Host allow-list** — a page from another site that rebinds its DNS name to 127.0.0.1 reaches this
  server with its own name in ``Host``; anything not on the list gets a 400 before any route runs.
* **Headers** — a Content-Security-Policy that allows scripts, styles and connections from this server
  only (no inline script, no ``on*`` attributes, no other origin), ``X-Frame-Options: DENY``,
  ``nosniff`` and no referrer.
* **Session and CSRF** — every visitor gets a session cookie signed with itsdangerous (``HttpOnly``,
  ``SameSite=Strict``) holding a random CSRF token; every state-changing request must send the token back
  (form field ``csrf_token`` or header ``X-CSRF-Token``) or is refused with 403.
* **Password** — when the app is given an argon2 hash, every page but the login page and the static
  files needs a session that logged in.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "kithkin_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: The largest request body accepted, uploads excepted.
MAX_BODY = 1 << 20
#: The largest upload (all the files of one import together). A LinkedIn export of 30,000 connections is
#: about 5 MB and an address book of 10,000 cards about 10 MB; a member directory or an X archive's
#: follow lists can be larger. Anything bigger is imported with ``kithkin import`` from the command line.
MAX_UPLOAD = 200 * 1024 * 1024
#: The routes that take uploads, and so :data:`MAX_UPLOAD` rather than :data:`MAX_BODY`.
UPLOAD_PATHS = frozenset({"/import", "/api/v1/imports"})

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    """Is ``host`` this machine only?

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    return host in LOOPBACK or host.startswith("127.")


def default_hosts(bind: str = "127.0.0.1") -> tuple[str, ...]:
    """The names a browser may use for a server bound to ``bind``: the loopback names, and ``bind`` itself."""
    return tuple(dict.fromkeys([*LOOPBACK, bind]))


def host_name(header: str) -> str:
    """The host in a ``Host`` header, without the port and IPv6 brackets.

    >>> host_name("127.0.0.1:8765"), host_name("[::1]:8765"), host_name("Localhost")
    ('127.0.0.1', '::1', 'localhost')
    """
    text = header.strip().lower()
    if text.startswith("["):
        return text[1 : text.find("]")] if "]" in text else text
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``, for a ``--password-file``."""
    return PasswordHasher().hash(password)


def check_password(stored_hash: str, password: str) -> bool:
    try:
        return PasswordHasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass
class Session:
    """What the signed cookie holds."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    signed_in: bool = False

    def token_matches(self, sent: str | None) -> bool:
        return sent is not None and hmac.compare_digest(sent.encode(), self.csrf.encode())


class Sessions:
    """Reads and writes the signed session cookie."""

    def __init__(self, secret: str) -> None:
        self._signer = URLSafeSerializer(secret, salt="kithkin-session")

    def load(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data: Any = self._signer.loads(cookie)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            return None
        return Session(csrf=data["csrf"], signed_in=bool(data.get("in")))

    def dump(self, session: Session) -> str:
        return str(self._signer.dumps({"csrf": session.csrf, "in": session.signed_in}))


class SessionLayer:
    """Load the signed session into ``request.state.session`` (a new one when the cookie is absent or not
    ours), refuse a page to a session that has not signed in when ``password_required`` (``open_paths``
    excepted: ``refuse(scope)`` answers instead), and send the cookie back when the session is new or a
    route changed it (``request.state.session_changed``).

    Plain ASGI rather than ``@app.middleware("http")``: Starlette's ``BaseHTTPMiddleware`` runs the rest of
    the app as a task behind memory streams, which cost a person page more than its common ground."""

    def __init__(
        self,
        app: ASGIApp,
        sessions: Sessions,
        *,
        password_required: bool,
        open_paths: tuple[str, ...],
        refuse: Callable[[Scope], ASGIApp],
    ) -> None:
        self.app = app
        self.sessions = sessions
        self.password_required = password_required
        self.open_paths = open_paths
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = self.sessions.load(_cookie(scope, COOKIE))
        fresh = session is None
        state = scope.setdefault("state", {})
        state["session"] = session = session or Session()

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and (fresh or state.get("session_changed")):
                cookie = self.sessions.dump(state["session"])
                value = f"{COOKIE}={cookie}; HttpOnly; Path=/; SameSite=strict"
                message["headers"] = [*message.get("headers", []), (b"set-cookie", value.encode("latin-1"))]
            await send(message)

        if self.password_required and not session.signed_in and not scope["path"].startswith(self.open_paths):
            await self.refuse(scope)(scope, receive, with_cookie)
        else:
            await self.app(scope, receive, with_cookie)


def _cookie(scope: Scope, name: str) -> str | None:
    """The value of cookie ``name`` in the request, as Starlette's ``request.cookies`` reads it."""
    for key, value in scope["headers"]:
        if key == b"cookie":
            return cookie_parser(value.decode("latin-1")).get(name)
    return None


class HostAllowList:
    """Refuse (400) any request whose ``Host`` is not one of ``allowed`` (ports are not compared)."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(host_name(h) for h in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if host not in self.allowed:
            await _plain_error(send, 400, "bad_host", "this server does not answer to that host name")
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Add the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuse (413) a request body larger than ``limit`` bytes (``upload_limit`` for the upload routes,
    :data:`UPLOAD_PATHS`), declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY, upload_limit: int = MAX_UPLOAD) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, refusal = self.limit, f"a request may carry at most {self.limit} bytes"
        if scope["path"] in UPLOAD_PATHS:
            limit, refusal = self.upload_limit, too_large_upload(self.upload_limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _plain_error(send, 413, "too_large", refusal)
            return
        seen, exceeded, started = 0, False, False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise TooLarge()
            return message

        async def answered(message: Message) -> None:
            # A route that was reading the body may turn TooLarge into an answer of its own (FastAPI makes it
            # a 400 "error parsing the body"): that answer is dropped and the 413 sent instead.
            nonlocal started
            if not exceeded or started:
                started = started or message["type"] == "http.response.start"
                await send(message)

        with contextlib.suppress(TooLarge):
            await self.app(scope, counted, answered)
        if exceeded and not started:
            await _plain_error(send, 413, "too_large", refusal)


def megabytes(size: int) -> str:
    """
    >>> megabytes(200 * 1024 * 1024), megabytes(1536 * 1024)
    ('200 MB', '1.5 MB')
    """
    return f"{size / (1 << 20):.3g} MB"


def too_large_upload(limit: int) -> str:
    return (f"an upload may be at most {megabytes(limit)} (all its files together); import bigger files "
            "with `kithkin import` on the command line")  # fmt: skip


class TooLarge(Exception):
    """A streamed body went past the limit."""


async def _plain_error(send: Send, status: int, code: str, message: str) -> None:
    """The JSON error shape, sent before any route (or template) is involved."""
    body = json.dumps({"error": {"code": code, "message": message, "field": None}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
