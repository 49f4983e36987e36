"""Helpers the web tests share: hostile names, the session's CSRF token, ids from the demo store."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from kithkin import services
from kithkin.store import Store

#: Names that would run script if anything printed them unescaped.
XSS_NAMES = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
#: One search word that finds both of them (their words: "script", "alert", "img", "src", "x", "onerror").
XSS_QUERY = "alert"


def csrf_token(client: TestClient) -> str:
    """The CSRF token of the client's session, as a page carries it."""
    page = client.get("/people?limit=1")
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found[1]


def me_id(db: Path) -> int:
    with Store.open(db, create=False) as store:
        me = store.me()
        assert me is not None
        assert me.id is not None
        return me.id


def xss_ids(db: Path) -> list[int]:
    with Store.open(db, create=False) as store:
        return [services.resolve_person(store, name).id or 0 for name in XSS_NAMES]
