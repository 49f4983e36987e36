"""The query parameters every paged listing takes (``cursor`` and ``limit``) and the link to the next page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query

from kithkin.services.paging import MAX_PAGE

Cursor = Annotated[str, Query(max_length=400, description="`next_cursor` of the page before (empty: the first page).")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"How many rows a page holds, 1 to {MAX_PAGE}.")]


def next_link(path: str, cursor: str | None, **params: str | int) -> str:
    """The URL of the page after this one ("" when this is the last), keeping the other parameters.

    >>> next_link("/merges", "abc", limit=20)
    '/merges?limit=20&cursor=abc'
    >>> next_link("/merges", None)
    ''
    """
    return f"{path}?{urlencode({**params, 'cursor': cursor})}" if cursor else ""
