"""What the editing forms share: reading a form's lists, running a use case so that a refused value comes
back as a message next to its field, and answering a form that was refused or done.

A refused form is drawn again with what the user typed and the message under the field at fault: as a
part of the page (status 200, so htmx swaps it in) when htmx sent it, as a whole page with status 422
otherwise. A form that was done sends the browser on (303, or ``HX-Redirect`` for htmx).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kithkin.errors import KithkinError
from kithkin.model import Interaction, InteractionKind, Person
from kithkin.services import followups
from kithkin.store import Store
from kithkin.text import is_number
from kithkin.web.pages import is_fragment, render, today

T = TypeVar("T")

#: The key of a message that belongs to no one field (shown above the form).
GENERAL = "_form"


def items(text: str | None) -> list[str]:
    """The values in a box that holds several, one a line or separated by commas.

    >>> items("a@x.org, b@y.org\\n\\n c ")
    ['a@x.org', 'b@y.org', 'c']
    """
    return [part.strip() for part in re.split(r"[,\n]", text or "") if part.strip()]


def lines(text: str | None) -> list[str]:
    """One value a line (for values that may hold commas, like names).

    >>> lines("Ng, Anna\\r\\nBo")
    ['Ng, Anna', 'Bo']
    """
    return [part.strip() for part in (text or "").splitlines() if part.strip()]


def attempt(use_case: Callable[[], T], errors: dict[str, str]) -> T | None:
    """Run ``use_case``; if it refuses, put its message under its field in ``errors`` and return None."""
    try:
        return use_case()
    except KithkinError as exc:
        errors[exc.field or GENERAL] = str(exc)
        return None


def refused(request: Request, full: str, part: str, context: dict[str, Any]) -> HTMLResponse:
    """The form again with its messages: ``part`` for htmx, the page ``full`` (422) for a plain browser."""
    if is_fragment(request):
        return render(request, part, context)
    return render(request, full, context, status=422)


def safe_next(target: str | None, default: str) -> str:
    """Where to go after a form: a path on this site only (never ``//elsewhere`` or a full URL).

    >>> safe_next("/today", "/"), safe_next("//evil.example", "/"), safe_next("https://x", "/log")
    ('/today', '/', '/log')
    """
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def go(request: Request, target: str) -> Response:
    """Send the browser on after a form that was done; htmx on the page it is already on reloads it (going to
    the same page with only a new ``#part`` would not)."""
    if not is_fragment(request):
        return RedirectResponse(target, status_code=303)
    here, there = urlsplit(request.headers.get("hx-current-url", "")), urlsplit(target)
    if (here.path, here.query) == (there.path, there.query):
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    return Response(status_code=200, headers={"HX-Redirect": target})


def log_options() -> dict[str, Any]:
    """The choices a log form offers: the kinds of interaction, what may change hands."""
    return {"interaction_kinds": [(k.value, k.label) for k in InteractionKind], "give_words": followups.give_words()}


def with_logged(target: str, interaction_id: int) -> str:
    """``target`` with ``logged=ID`` added, so the page after a log can say what was logged.

    >>> with_logged("/people/4#keep-h", 9), with_logged("/log", 9)
    ('/people/4?logged=9#keep-h', '/log?logged=9')
    """
    parts = urlsplit(target)
    query = "&".join(q for q in (parts.query, urlencode({"logged": interaction_id})) if q)
    return urlunsplit(parts._replace(query=query))


def just_logged(store: Store, request: Request) -> tuple[Interaction, tuple[Person, ...]] | None:
    """The interaction the page says was just logged (``logged=ID`` in its address, or in the address of the
    page that loads a part of itself), to confirm it in words; None when there is none."""
    query = urlsplit(request.headers.get("hx-current-url", "")).query if is_fragment(request) else ""
    found = request.query_params.get("logged") or next(iter(parse_qs(query).get("logged", [])), "")
    if not is_number(found):
        return None
    recent = followups.log_entries(store, today=today(), limit=20).entries
    return next(((i, people) for i, people in recent if i.id == int(found)), None)
