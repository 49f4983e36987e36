"""Use cases: what a user can ask of kithkin, gluing the store to the pure parts.

Each function takes an open :class:`~kithkin.store.Store` and plain values as
a user typed them, validates them (raising :class:`~kithkin.errors.KithkinError`
with a message fit to show), and does its writes in one transaction. Every edge
— the command line, the web app, a notebook — calls these and nothing below
them. One module per feature, named as the feature is named in every layer
(``followups``, ``groups``, ``introductions``, ``suggestions``, …).

The most used ones are re-exported here (``services.profile(...)``); they are
imported on first use, so a command that needs one use case does not pay for
the demo generator or the network engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kithkin.services.demo import DemoBuild, build_demo, save_generated
    from kithkin.services.groups import add_group_alias, affiliate, find_group, list_groups, parse_kind
    from kithkin.services.people import (
        CLI_SOURCE,
        PersonEdit,
        add_person,
        edit_person,
        list_people,
        profile,
        remove_person,
        resolve_person,
        search_people,
        set_me,
        summary,
        tie,
        untie,
    )

#: Name -> the module under ``kithkin.services`` that defines it.
_EXPORTS = {
    "DemoBuild": "demo",
    "build_demo": "demo",
    "save_generated": "demo",
    "add_group_alias": "groups",
    "affiliate": "groups",
    "find_group": "groups",
    "list_groups": "groups",
    "parse_kind": "groups",
    "CLI_SOURCE": "people",
    "PersonEdit": "people",
    "add_person": "people",
    "edit_person": "people",
    "list_people": "people",
    "search_people": "people",
    "profile": "people",
    "remove_person": "people",
    "resolve_person": "people",
    "set_me": "people",
    "summary": "people",
    "tie": "people",
    "untie": "people",
}

__all__ = [
    "CLI_SOURCE",
    "DemoBuild",
    "PersonEdit",
    "add_group_alias",
    "add_person",
    "affiliate",
    "build_demo",
    "edit_person",
    "find_group",
    "list_groups",
    "list_people",
    "parse_kind",
    "profile",
    "remove_person",
    "resolve_person",
    "save_generated",
    "search_people",
    "set_me",
    "summary",
    "tie",
    "untie",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kithkin.services' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kithkin.services.{module}"), name)
