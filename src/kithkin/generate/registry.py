"""What the generator's parts share: the years, how ties came about, and dense ids for groups and roles."""

from __future__ import annotations

from dataclasses import dataclass

from kithkin.model import GroupKind

THIS_YEAR = 2026
OPEN = 0  # an end year of 0 means "still"; a start of 0 means "unknown"

# How a tie came about; the index is stored in GeneratedNetwork.tie_how.
HOW = (
    "classmates",
    "studied together",
    "colleagues",
    "fellow members",
    "met at an event",
    "neighbours",
    "introduced by a friend",
    "friends",
    "through a place both were at, at different times",
)
CLASSMATES, SAME_MAJOR, COLLEAGUES, MEMBERS, EVENT, NEIGHBOURS, INTRODUCED, FRIENDS, THROUGH = range(len(HOW))


@dataclass(frozen=True)
class GroupSpec:
    kind: GroupKind
    name: str
    aliases: tuple[str, ...] = ()
    on: str | None = None


class Registry:
    """Hands out dense ids for groups and roles as the generator names them."""

    def __init__(self) -> None:
        self.groups: list[GroupSpec] = []
        self.roles: list[str] = [""]
        self._group_ids: dict[tuple[GroupKind, str], int] = {}
        self._role_ids: dict[str, int] = {"": 0}

    def group(self, kind: GroupKind, name: str, aliases: tuple[str, ...] = (), on: str | None = None) -> int:
        key = (kind, name)
        if key not in self._group_ids:
            self._group_ids[key] = len(self.groups)
            self.groups.append(GroupSpec(kind, name, aliases, on))
        return self._group_ids[key]

    def has(self, kind: GroupKind, name: str) -> bool:
        return (kind, name) in self._group_ids

    def role(self, name: str) -> int:
        if name not in self._role_ids:
            self._role_ids[name] = len(self.roles)
            self.roles.append(name)
        return self._role_ids[name]
