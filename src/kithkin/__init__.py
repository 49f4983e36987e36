"""kithkin: a local-first relationship-building assistant — as a library.

Everything the command line does is a use case in :mod:`kithkin.services`, and
the most used ones are here, so a notebook or a script needs no CLI::

    import kithkin

    store = kithkin.open("network.sqlite")          # created if missing; kithkin.memory() for a throwaway
    kithkin.add_person(store, "Dana Reyes", emails=["dana@example.com"])
    kithkin.affiliate(store, "Dana", "employer", "ServiceNow", role="VP of Product", start="2016")
    ground = kithkin.common(store, "me", "Dana")     # what you share, ranked, in plain words
    paths = kithkin.introductions(store, "me", target_ref="Dana")
    store.close()

Use cases take a :class:`Store` and plain values as a user would type them,
and raise a :class:`KithkinError` (with a message fit to show) for a user's
mistake. Names are loaded on first use: ``import kithkin`` itself is cheap.

>>> import kithkin
>>> with kithkin.memory() as store:
...     kithkin.add_person(store, "Dana Reyes").name
'Dana Reyes'
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from kithkin.errors import (
        AmbiguousPerson,
        InputError,
        KithkinError,
        NoMe,
        NotFound,
        SourceError,
        StoreError,
        UnknownPerson,
    )
    from kithkin.services.briefing import brief
    from kithkin.services.common_ground import common, find
    from kithkin.services.demo import build_demo
    from kithkin.services.exporting import export
    from kithkin.services.followups import (
        add_followup,
        add_goal,
        due_items,
        give_and_take,
        log,
        log_entries,
        relationship,
        today_digest,
    )
    from kithkin.services.gatherings import plan
    from kithkin.services.groups import (
        add_group_alias,
        affiliate,
        group_proposals,
        list_groups,
        merge_groups,
        resolve_group,
        unmerge_group,
    )
    from kithkin.services.importing import import_files
    from kithkin.services.introductions import introductions
    from kithkin.services.people import add_person, edit_person, profile, remove_person, resolve_person, set_me, tie
    from kithkin.services.suggestions import suggest
    from kithkin.store import Store

#: Public name -> the module that defines it.
_EXPORTS = {
    **dict.fromkeys(
        ["AmbiguousPerson", "InputError", "KithkinError", "NoMe", "NotFound", "SourceError", "StoreError",
         "UnknownPerson"],
        "kithkin.errors",
    ),
    "Store": "kithkin.store",
    "brief": "kithkin.services.briefing",
    "common": "kithkin.services.common_ground",
    "find": "kithkin.services.common_ground",
    "build_demo": "kithkin.services.demo",
    "export": "kithkin.services.exporting",
    **dict.fromkeys(
        ["add_followup", "add_goal", "due_items", "give_and_take", "log", "log_entries", "relationship",
         "today_digest"],
        "kithkin.services.followups",
    ),
    "plan": "kithkin.services.gatherings",
    **dict.fromkeys(
        ["add_group_alias", "affiliate", "group_proposals", "list_groups", "merge_groups", "resolve_group",
         "unmerge_group"],
        "kithkin.services.groups",
    ),
    "import_files": "kithkin.services.importing",
    "introductions": "kithkin.services.introductions",
    **dict.fromkeys(
        ["add_person", "edit_person", "profile", "remove_person", "resolve_person", "set_me", "tie"],
        "kithkin.services.people",
    ),
    "suggest": "kithkin.services.suggestions",
}  # fmt: skip

__all__ = [
    "AmbiguousPerson",
    "InputError",
    "KithkinError",
    "NoMe",
    "NotFound",
    "SourceError",
    "Store",
    "StoreError",
    "UnknownPerson",
    "__version__",
    "add_followup",
    "add_goal",
    "add_group_alias",
    "add_person",
    "affiliate",
    "brief",
    "build_demo",
    "common",
    "due_items",
    "edit_person",
    "export",
    "find",
    "give_and_take",
    "group_proposals",
    "import_files",
    "introductions",
    "list_groups",
    "log",
    "log_entries",
    "memory",
    "merge_groups",
    "open",
    "plan",
    "profile",
    "relationship",
    "remove_person",
    "resolve_group",
    "resolve_person",
    "set_me",
    "suggest",
    "tie",
    "today_digest",
    "unmerge_group",
]


def open(path: str | Path, *, create: bool = True) -> Store:
    """The store at ``path`` (created, unless ``create`` is false, and upgraded to the current schema)."""
    from kithkin.store import Store

    return Store.open(path, create=create)


def memory() -> Store:
    """A throwaway store in memory (for trying things out and for tests)."""
    from kithkin.store import Store

    return Store.memory()


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kithkin' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
