"""Use cases for generated networks: the demo store and benchmark stores."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shlex
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kithkin.common_ground import CommonGround
from kithkin.errors import InputError, KithkinError
from kithkin.generate import GeneratedNetwork, generate
from kithkin.generate.history import TODAY
from kithkin.generate.people import emails_for
from kithkin.generate.registry import (
    CLASSMATES,
    COLLEAGUES,
    EVENT,
    HOW,
    MEMBERS,
    NEIGHBOURS,
    SAME_MAJOR,
    THIS_YEAR,
    THROUGH,
)
from kithkin.identity import name_key
from kithkin.model import FollowUp, Goal, Interaction, InteractionKind, Profile, Summary
from kithkin.resolution import normalise
from kithkin.services import common_ground, followups, introductions, people
from kithkin.services.briefing import Briefing, brief
from kithkin.services.followups import Digest
from kithkin.services.introductions import Introductions
from kithkin.store import Store
from kithkin.store.rows import AffiliationRow, ContactRow, GroupAliasRow, GroupRow, PersonRow, TagRow, TieRow, columns


@dataclass(frozen=True)
class DemoBuild:
    """What :func:`build_demo` made and how long it took."""

    path: Path
    network: GeneratedNetwork
    generate_seconds: float
    save_seconds: float


def build_demo(path: Path, *, size: int = 300, seed: int = 7, force: bool = False, today: dt.date = TODAY) -> DemoBuild:
    """Generate a demo network and write it to a fresh store at ``path``, its story (the last interactions,
    follow-ups due, the coming gathering) told from ``today`` — the CLI passes the real day, so what the tour
    and the web app say is coming up is still to come.

    The store is built in a temporary file beside ``path`` and moved into
    place only when complete, so an interrupted build never leaves a half
    demo (or destroys the previous one); what an interrupted build left
    behind is cleared on the next. A file at ``path`` that is not a demo
    store (the user's own network) is never replaced unless ``force``.
    """
    if size < 20:
        raise InputError("the demo needs at least 20 people")
    if not force:
        _refuse_to_replace(path)
    started = time.perf_counter()
    network = generate(size, seed, today=today)
    generated = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in path.parent.glob(".kithkin-demo-*.sqlite*"):  # from a build that was killed
        leftover.unlink(missing_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".kithkin-demo-", suffix=".sqlite", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        temp.unlink()
        with Store.open(temp) as store:
            save_generated(store, network, f"{DEMO_SOURCE} (seed {seed}, {size} people)")
            store.checkpoint()
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        temp.replace(path)
    finally:
        for leftover in (temp, Path(str(temp) + "-wal"), Path(str(temp) + "-shm")):
            leftover.unlink(missing_ok=True)
    return DemoBuild(path, network, generated - started, time.perf_counter() - generated)


#: The start of the source label of everything a demo store holds: how a demo store is told from one's own.
DEMO_SOURCE = "demo network"


def _refuse_to_replace(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` is free, empty, or a demo store (which may be rebuilt)."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return
    if not path.is_file():
        raise InputError(f"{path} is not a file: choose another --out")
    try:
        with Store.open(path, create=False, migrate=False) as store:
            labels = [label for label, _ in store.sources()]
    except KithkinError:
        labels = []
    if not labels or not all(label.startswith(DEMO_SOURCE) for label in labels):
        raise InputError(f"{path} holds a network that is not a demo: choose another --out, or --force to replace it")


def save_generated(store: Store, net: GeneratedNetwork, source: str) -> None:
    """Write a generated network into an empty store, in one transaction.

    Person ids are the generator's indices plus one; group ids likewise.
    """
    with store.bulk_load():
        sid = store.source_id(source)
        notes = net.history.notes
        names = net.names
        store.bulk_insert(
            columns(
                PersonRow,
                id=range(1, len(names) + 1),
                name=names,
                name_key=map(name_key, names),
                notes=(notes.get(i, "") for i in range(len(names))),
                is_me=(int(i == net.me) for i in range(len(names))),
                source_id=itertools.repeat(sid),
            )
        )
        store.bulk_insert(GroupRow(g + 1, s.kind.value, s.name, s.on, sid) for g, s in enumerate(net.groups))
        store.bulk_insert(_group_alias_rows(net, sid))
        store.bulk_insert(_affiliation_rows(net, sid))
        store.bulk_insert(_tie_rows(net, sid))
        store.bulk_insert(_contact_rows(net, sid))
        store.bulk_insert(TagRow(p + 1, tag, sid) for p, tag in net.tags)
        _save_history(store, net, source)


def _save_history(store: Store, net: GeneratedNetwork, source: str) -> None:
    """The user's interactions, goals and follow-ups (a few dozen rows: the ordinary store methods do)."""
    history = net.history
    for item in history.interactions:
        store.add_interaction(
            Interaction(
                on=item.on,
                kind=InteractionKind(item.kind),
                people=tuple(p + 1 for p in item.people),
                gave=tuple(p + 1 for p in item.gave),
                received=tuple(p + 1 for p in item.received),
                note=item.note,
            ),
            source,
        )
    for pid, text, created, due in history.goals:
        store.add_goal(Goal(text=text, person_id=pid + 1, created=created, due=due), source)
    for pid, due, text in history.followups:
        store.add_followup(FollowUp(person_id=pid + 1, due=due, text=text), source)
    used = {tag for _, tag in net.tags}
    for tag, every in history.cadences:
        if tag in used:  # a cadence for "work" when no friend was tagged so kept in touch with nobody
            store.set_cadence(every, source, tag=tag)


def _group_alias_rows(net: GeneratedNetwork, sid: int) -> Iterator[GroupAliasRow]:
    for g, spec in enumerate(net.groups):
        seen = set()
        for alias in (spec.name, *spec.aliases):
            key = name_key(alias)
            if key not in seen:
                seen.add(key)
                yield GroupAliasRow(spec.kind.value, key, alias, g + 1, sid, normalise(spec.kind.value, alias))


def _column(values: np.ndarray, table: Sequence[object], *, offset: int = 0) -> list[object]:
    """Map integer codes to Python values in one vectorised step (``table[code + offset]``)."""
    return np.asarray(table, dtype=object)[values + offset].tolist()  # type: ignore[no-any-return]


def _years() -> list[str | None]:
    """Index 0 is "unknown/open" (None); index y is the year y as text."""
    return [None, *(f"{y:04d}" for y in range(1, THIS_YEAR + 2))]


def _affiliation_rows(net: GeneratedNetwork, sid: int) -> Iterator[AffiliationRow]:
    years = _years()
    return columns(
        AffiliationRow,
        person_id=(net.aff_person + 1).tolist(),
        group_id=(net.aff_group + 1).tolist(),
        role=_column(net.aff_role, net.roles),
        start_date=_column(net.aff_start, years),
        end_date=_column(net.aff_end, years),
        source_id=itertools.repeat(sid),
    )


def _tie_rows(net: GeneratedNetwork, sid: int) -> Iterator[TieRow]:
    ids: list[int | None] = [None, *range(1, net.size + 1)]  # -1 (none) -> None, i -> i + 1
    groups: list[int | None] = [None, *range(1, len(net.groups) + 1)]
    return columns(
        TieRow,
        a=(net.tie_a + 1).tolist(),
        b=(net.tie_b + 1).tolist(),
        how=_tie_words(net),
        since=_column(net.tie_since, _years()),
        introduced_by=_column(net.tie_introducer, ids, offset=1),
        closeness=_column(net.tie_closeness, [None, 1, 2, 3, 4, 5]),
        via_group_id=_column(net.tie_via, groups, offset=1),
        source_id=itertools.repeat(sid),
    )


#: How a tie came about, said with the group that explains it (the tie's ``via_group_id``): "fellow members" alone,
#: which the person page and briefings showed, named no group.
_WITH_GROUP = {CLASSMATES: "classmates at", SAME_MAJOR: "studied together at", COLLEAGUES: "colleagues at",
            MEMBERS: "fellow members of", EVENT: "met at", NEIGHBOURS: "neighbours in", THROUGH: "through"}  # fmt: skip


def _tie_words(net: GeneratedNetwork) -> list[object]:
    """Each tie's ``how``: "colleagues at Qualcomm", "fellow members of Rotary Club of San Diego" where the
    generator knows the group, otherwise its word alone ("neighbours", "friends")."""
    words = np.asarray(HOW, dtype=object)[net.tie_how]
    through = np.asarray([_WITH_GROUP.get(code, "") for code in range(len(HOW))], dtype=object)[net.tie_how]
    named = (net.tie_via >= 0) & (through != "")
    names = np.asarray([group.name for group in net.groups], dtype=object)
    words[named] = through[named] + " " + names[net.tie_via[named]]  # one vectorised pass, as `_column`
    return words.tolist()  # type: ignore[no-any-return]


def _contact_rows(net: GeneratedNetwork, sid: int) -> Iterator[ContactRow]:
    """An email for everyone; a phone (from the reserved 555-01xx range) for the user's own ties."""
    everyone = range(len(net.names))
    for pid, email in zip(everyone, emails_for(net.names, everyone), strict=True):
        yield ContactRow(pid + 1, "email", email, email, "", sid)
    mine = sorted(set(net.tie_b[net.tie_a == net.me].tolist()) | set(net.tie_a[net.tie_b == net.me].tolist()))
    for n, pid in enumerate(mine[:100]):
        phone = f"+1 619 555 {100 + n:04d}"
        yield ContactRow(pid + 1, "phone", phone, "+1619555" + f"{100 + n:04d}", "mobile", sid)


@dataclass(frozen=True)
class Tour:
    """What the demo shows a newcomer: the network, you, someone you have been trying to reach and what you
    share with them, the way to them, today's digest, a briefing for the coming gathering, and commands to try."""

    summary: Summary
    me: Profile
    target: Profile
    common: CommonGround
    paths: Introductions
    digest: Digest
    gathering: str
    briefing: Briefing | None
    commands: tuple[str, ...]


def tour(store: Store, built: DemoBuild) -> Tour:
    """The tour of a demo store just built (its story is the generator's: who the target is, which gathering)."""
    target = f"#{built.network.target + 1}"
    gathering = built.network.history.gathering_name
    today = built.network.history.today
    return Tour(
        summary=people.summary(store),
        me=people.profile(store, "me"),
        target=people.profile(store, target),
        common=common_ground.common(store, "me", target, today=today),
        paths=introductions.introductions(store, "me", target_ref=target, k=2, today=today),
        digest=followups.today_digest(store, today),
        gathering=gathering,
        briefing=brief(store, event=gathering, today=today) if gathering else None,
        commands=_commands(built.path, gathering),
    )


def _commands(path: Path, gathering: str) -> tuple[str, ...]:
    """Commands to explore the demo store with, each ready to paste."""
    db = shlex.quote(str(path))
    return tuple(
        f"kithkin --db {db} {command}"
        for command in (
            "person search reyes",
            "person show 'Dana Reyes'",
            "common me 'Dana Reyes'",
            "path me --at ServiceNow",
            "path me 'Dana Reyes' --draft intro.txt",
            "suggest",
            "find --school SDSU --role Marketing --from 1995 --to 2005",
            "find --shares-with me",
            f"brief --event {shlex.quote(gathering)} --format html -o briefing.html",
            "followups",
            "ledger",
            "gathering plan --host me --seats 7 --tables 2",
            "gathering plan --host me --seats 7 --goal 'help me reach Dana Reyes'",
            "export --format graphml -o network.graphml",
            "group list --kind school",
            "summary --json",
        )
    )
