"""All terminal output: Rich tables and colours on a terminal, plain aligned text when piped.

The only module that imports rich, so the rest of kithkin stays renderable
in other ways (JSON, HTML, a web page).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from kithkin.model import Affiliation, ContactKind, GroupKind, Person, Profile, Summary
from kithkin.serialize import to_jsonable
from kithkin.text import CLOSENESS_WORDS, KIND_TITLES, affiliation_detail, span

# Piped output is never wrapped, so each row stays one line for grep and cut.
out = Console(highlight=False)
if not out.is_terminal:
    out = Console(highlight=False, width=1000)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _styled() -> bool:
    return out.is_terminal


def error(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}" if err.is_terminal else f"error: {message}", markup=err.is_terminal)


def done(message: str) -> None:
    out.print(f"[green]✓[/] {message}" if _styled() else message, markup=_styled())


def line(message: str = "") -> None:
    out.print(message, markup=False)


def heading(message: str) -> None:
    if _styled():
        out.print(f"\n[bold]{message}[/]")
    else:
        out.print(f"\n{message}", markup=False)


def as_json(value: Any) -> None:
    """Machine-readable output: no colour, no wrapping, always valid JSON."""
    sys.stdout.write(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False) + "\n")


def table(columns: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None) -> None:
    grid = Table(
        title=title if _styled() else None,
        box=box.SIMPLE_HEAD if _styled() else None,
        show_header=True,
        header_style="bold" if _styled() else "",
        pad_edge=False,
    )
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*("" if v is None else str(v) for v in row))
    if not _styled() and title:
        out.print(title, markup=False)
    out.print(grid)


def people(found: Sequence[Person]) -> None:
    if not found:
        line("nobody matches")
        return
    table(
        ["id", "name", "email", "tags"],
        [
            (f"#{p.id}", p.name + (" (you)" if p.is_me else ""), ", ".join(p.emails[:1]), ", ".join(p.tags))
            for p in found
        ],
    )


def person_line(person: Person) -> str:
    return f"{person.name} (#{person.id})"


def profile(view: Profile, max_ties: int = 15) -> None:
    person = view.person
    title = person.name + ("  · you" if person.is_me else "") + f"  · #{person.id}"
    out.print(f"[bold cyan]{title}[/]" if _styled() else title, markup=_styled())
    if person.aliases:
        line(f"  also known as {', '.join(person.aliases)}")
    for kind in ContactKind:
        for contact in person.contacts:
            if contact.kind is kind:
                label = f" ({contact.label})" if contact.label else ""
                line(f"  {kind.value:<7}{contact.value}{label}")
    if person.tags:
        line(f"  tags   {', '.join(person.tags)}")
    if person.notes:
        line(f"  notes  {person.notes}")
    _affiliations(view.affiliations)
    if view.ties:
        heading(f"Knows {len(view.ties)} people")
        rows = []
        for tie, other in view.ties[:max_ties]:
            closeness = f"{tie.closeness} {CLOSENESS_WORDS[tie.closeness]}" if tie.closeness else ""
            rows.append(
                (person_line(other), tie.how, span(tie.since, None).replace("–now", "") if tie.since else "", closeness)
            )
        table(["who", "how", "since", "closeness"], rows)
        if len(view.ties) > max_ties:
            line(f"  … and {len(view.ties) - max_ties} more (--json lists all)")
    if view.sources:
        line(f"\nsources: {'; '.join(view.sources)}")


def _affiliations(affiliations: Sequence[Affiliation]) -> None:
    for kind in GroupKind:
        mine = [a for a in affiliations if a.group.kind is kind]
        if not mine:
            continue
        heading(KIND_TITLES[kind])
        if kind is GroupKind.INTEREST:
            line("  " + ", ".join(a.group.name for a in mine))
            continue
        for aff in mine:
            detail = affiliation_detail(aff)
            line(f"  {aff.group.name}" + (f" — {detail}" if detail else ""))


def summary(view: Summary) -> None:
    me = f"you are {view.me.name} (#{view.me.id})" if view.me else "you have not said who you are (kithkin me NAME)"
    line(f"{view.people:,} people · {view.ties:,} ties · {view.affiliations:,} affiliations · {me}")
    rows = []
    for kind in GroupKind:
        top = ", ".join(f"{name} ({n})" for name, n in view.top_groups.get(kind, ()))
        rows.append((KIND_TITLES[kind], f"{view.groups.get(kind, 0):,}", top))
    table(["kind", "groups", "largest (members)"], rows)
