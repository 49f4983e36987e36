"""Use cases: what a user can ask of kithkin, gluing the store to the pure parts.

Each function takes an open :class:`~kithkin.store.Store` and plain values as a
user typed them, validates them (raising :class:`~kithkin.errors.KithkinError`
with a message fit to show), and does its writes in one transaction. The CLI
and, later, the web app call these and nothing below them. One module per
area; everything is re-exported here so callers write ``services.profile(...)``.
"""

from kithkin.services.demo import DemoBuild, build_demo, save_generated
from kithkin.services.people import (
    CLI_SOURCE,
    PersonEdit,
    add_group_alias,
    add_person,
    affiliate,
    edit_person,
    list_groups,
    parse_kind,
    profile,
    remove_person,
    resolve_person,
    set_me,
    summary,
    tie,
)

__all__ = [
    "CLI_SOURCE",
    "DemoBuild",
    "PersonEdit",
    "add_group_alias",
    "add_person",
    "affiliate",
    "build_demo",
    "edit_person",
    "list_groups",
    "parse_kind",
    "profile",
    "remove_person",
    "resolve_person",
    "save_generated",
    "set_me",
    "summary",
    "tie",
]
