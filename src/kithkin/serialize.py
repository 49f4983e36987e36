"""Domain objects as plain JSON-ready data, for ``--json`` output and exports.

Dates become ISO strings, enums their values, tuples lists; ``None`` stays
``null`` so a consumer can tell "unknown" from "empty".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from kithkin.model import FuzzyDate


def to_jsonable(value: Any) -> Any:
    """Turn model objects (and containers of them) into JSON-ready values.

    >>> to_jsonable({"on": dt.date(2024, 5, 1), "start": FuzzyDate(1998)})
    {'on': '2024-05-01', 'start': '1998'}
    """
    if isinstance(value, FuzzyDate | dt.date):
        return str(value) if isinstance(value, FuzzyDate) else value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value
