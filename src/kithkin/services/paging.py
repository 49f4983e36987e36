"""Cursor pages for every listing an edge shows: the cursor is an opaque string that stands for the sort key
and id of the last row shown, so the next page starts with a seek past it (keyset paging), never an
``OFFSET`` that reads and throws away every row before it — the thousandth page costs what the first does.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Sequence
from typing import TypeVar

from kithkin.errors import BadCursor, InputError

T = TypeVar("T")
Key = tuple[str | int | float, ...]

#: The most rows one page of any listing may hold.
MAX_PAGE = 200


def check_limit(limit: int, most: int = MAX_PAGE, what: str = "rows") -> None:
    """Refuse a page size outside 1..``most``."""
    if not 1 <= limit <= most:
        raise InputError(f"a page holds 1 to {most} {what}, not {limit}")


def write_cursor(key: Key) -> str:
    """The cursor that stands for a row's sort key and id.

    >>> write_cursor(("ada lovelace", 7))
    'WyJhZGEgbG92ZWxhY2UiLCA3XQ'
    """
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def read_cursor(text: str, kinds: Sequence[type]) -> Key:
    """The key a cursor stands for, each part of the kind in ``kinds`` (an int is a float where a float is
    wanted); :class:`BadCursor` for anything :func:`write_cursor` did not make.

    >>> read_cursor(write_cursor(("ada lovelace", 7)), (str, int))
    ('ada lovelace', 7)
    >>> read_cursor(write_cursor((0.25, 3)), (float, int))
    (0.25, 3)
    >>> read_cursor("bm9wZQ", (str, int))
    Traceback (most recent call last):
    kithkin.errors.BadCursor: 'bm9wZQ' is not a page cursor; start from the first page
    """
    wrong = BadCursor(f"{text[:40]!r} is not a page cursor; start from the first page")
    try:
        parts = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise wrong from None
    if not isinstance(parts, list) or len(parts) != len(kinds):
        raise wrong
    key: list[str | int | float] = []
    for part, kind in zip(parts, kinds, strict=True):
        if kind is float and type(part) is int:
            part = float(part)
        if type(part) is not kind or not isinstance(part, str | int | float):
            raise wrong
        if isinstance(part, int) and not -(2**63) <= part < 2**63:
            raise wrong
        if isinstance(part, float) and not math.isfinite(part):
            raise wrong
        key.append(part)
    return tuple(key)


def cut(rows: Sequence[T], limit: int, key: Callable[[T], Key]) -> tuple[list[T], str | None]:
    """The first ``limit`` of ``rows`` (fetched ``limit + 1`` at most) and the cursor of the page after them,
    or None when there is none.

    >>> cut([("a", 1), ("b", 2), ("c", 3)], 2, lambda row: row)
    ([('a', 1), ('b', 2)], 'WyJiIiwgMl0')
    >>> cut([("a", 1)], 2, lambda row: row)
    ([('a', 1)], None)
    """
    shown = list(rows[:limit])
    return shown, write_cursor(key(shown[-1])) if len(rows) > limit else None
