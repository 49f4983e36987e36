"""Use cases about groups — schools, employers, events, communities, places, interests — and who belongs to
them."""

from __future__ import annotations

from collections.abc import Sequence

from kithkin.dates import parse_fuzzy
from kithkin.errors import InputError
from kithkin.model import Affiliation, FuzzyDate, Group, GroupKind
from kithkin.services.people import CLI_SOURCE, resolve_person
from kithkin.store import Store


def parse_kind(text: str) -> GroupKind:
    """The group kind named by ``text`` (school, employer, event, community, place, interest)."""
    try:
        return GroupKind(text.strip().lower())
    except ValueError:
        options = ", ".join(k.value for k in GroupKind)
        raise InputError(f"{text!r} is not a kind of group: use one of {options}") from None


def optional_date(text: str | None) -> FuzzyDate | None:
    return None if text is None or not text.strip() else parse_fuzzy(text)


def affiliate(
    store: Store,
    ref: str,
    kind: str,
    name: str,
    *,
    role: str = "",
    start: str | None = None,
    end: str | None = None,
    aliases: Sequence[str] = (),
) -> Affiliation:
    """Record that a person belongs to a school, employer, event, community, place or interest."""
    person = resolve_person(store, ref)
    group_kind = parse_kind(kind)
    start_date, end_date = optional_date(start), optional_date(end)
    assert person.id is not None
    with store.transaction():
        # An event's --from is its day: the day that tells an event you went to from one you are going to.
        on = start_date if group_kind is GroupKind.EVENT else None
        group = store.ensure_group(group_kind, name, CLI_SOURCE, on=on)
        for alias in aliases:
            group = store.add_group_alias(group, alias, CLI_SOURCE)
        return store.affiliate(person.id, group, CLI_SOURCE, role=role.strip(), start=start_date, end=end_date)


def add_group_alias(store: Store, kind: str, name: str, aliases: Sequence[str]) -> Group:
    """Let other names stand for a known group ("SDSU" for "San Diego State University")."""
    group_kind = parse_kind(kind)
    group = store.find_group(group_kind, name)
    if group is None:
        raise InputError(f"no {group_kind.value} called {name!r}; see `kithkin group list --kind {group_kind.value}`")
    with store.transaction():
        for alias in aliases:
            group = store.add_group_alias(group, alias, CLI_SOURCE)
    return group


def list_groups(store: Store, kind: str | None = None, limit: int | None = None) -> list[tuple[Group, int]]:
    return store.list_groups(parse_kind(kind) if kind else None, limit)


def find_group(store: Store, name: str, kind: str | None = None) -> Group:
    """The group called ``name`` (or an alias) of ``kind``; without a kind, an employer, school or community."""
    kinds = [parse_kind(kind)] if kind else [GroupKind.EMPLOYER, GroupKind.SCHOOL, GroupKind.COMMUNITY]
    for candidate in kinds:
        group = store.find_group(candidate, name)
        if group is not None:
            return group
    raise InputError(f"no employer, school or community called {name!r} in your network")
