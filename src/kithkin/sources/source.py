"""What a file format that kithkin imports is: a name, a sniff and a parse (STYLE.md habit 14).

Each format module exposes ``SOURCE``, an object satisfying :class:`Source`;
:mod:`kithkin.sources.registry` lists them. Parsing takes one
:class:`ParseOptions` whatever the format, so the import use case never needs
to know which format wants what.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from kithkin.sources.records import Item


@dataclass(frozen=True)
class ParseOptions:
    """Everything a parser may be told beyond the file: each format reads what it needs."""

    until: dt.date
    """Today: a calendar logs meetings up to this day, not the future ones."""
    mapping: Mapping[str, str] | None = None
    """A member directory's columns for kithkin's fields (``--map``, ``--mapping``)."""
    community: str | None = None
    """A community every member of a directory belongs to (``--community``)."""


class Source(Protocol):
    """A file format kithkin imports."""

    @property
    def name(self) -> str:
        """What ``--format`` calls it, and the first part of every source label of its files."""
        ...

    def sniff(self, head: str, name: str) -> bool:
        """Whether a file whose first 64 KiB decode to ``head`` and whose name is ``name`` is in this format."""
        ...

    def parse(self, path: pathlib.Path, options: ParseOptions) -> Iterable[Item]:
        """The records, links, meetings and notices of a file (or export folder), streamed."""
        ...


@dataclass(frozen=True)
class Format:
    """A :class:`Source` made of a format module's own functions."""

    name: str
    sniff: Callable[[str, str], bool]
    parse: Callable[[pathlib.Path, ParseOptions], Iterable[Item]]
