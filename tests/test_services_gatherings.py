"""Gathering use cases on the real Davis Southern Women data (1941), with answers checkable by hand.

Eighteen women, fourteen events (``src/kithkin/data/attendance.csv``). Women who co-attended four or
more events already know each other (a tie); the ties fall into the two groups the classic analyses
find — Evelyn … Ruth and Verne … Helen — with Pearl, Dorothy, Olivia and Flora on the edges
(Davis, Gardner & Gardner 1941; Freeman, "Finding social groups", 2003).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from kithkin.errors import InputError, UnknownPerson
from kithkin.model import GroupKind, Person, Tie
from kithkin.services import gatherings, matchmaking
from kithkin.services.gatherings import PlanRequest
from kithkin.services.snapshot import snapshot
from kithkin.store import Store

HOST = "Hostess Davis"
FIRST = {"Evelyn", "Laura", "Theresa", "Brenda", "Charlotte", "Frances", "Eleanor", "Pearl", "Ruth"}
SECOND = {"Verne", "Myra", "Katherina", "Sylvia", "Nora", "Helen", "Dorothy", "Olivia", "Flora"}


def attendance() -> dict[str, set[str]]:
    text = resources.files("kithkin.data").joinpath("attendance.csv").read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        found.setdefault(row["name"], set()).add(row["event_id"])
    return found


def davis_store(path: Path) -> Store:
    """The women, their events, ties for 4+ shared events, a host who knows all, a community of all."""
    store = Store.open(path)
    host = store.add_person(Person(HOST, contacts=()), "davis")
    store.set_me(host.id or 0)
    club = store.ensure_group(GroupKind.COMMUNITY, "Davis Women's Club", "davis")
    events = attendance()
    ids = {}
    for name, attended in events.items():
        person = store.add_person(Person(name), "davis")
        ids[name] = person.id or 0
        store.affiliate(ids[name], club, "davis")
        store.add_tie(Tie(host.id or 0, ids[name]), "davis")
        for event in attended:
            store.affiliate(ids[name], store.ensure_group(GroupKind.EVENT, f"Event {event}", "davis"), "davis")
    for a, b in itertools.combinations(events, 2):
        if len(events[a] & events[b]) >= 4:
            store.add_tie(Tie(ids[a], ids[b], how="co-attended"), "davis")
    return store


@pytest.fixture
def davis(tmp_path: Path) -> Iterator[Store]:
    with davis_store(tmp_path / "davis.sqlite") as store:
        yield store


def first(person: Person) -> str:
    return person.name.split()[0]


def test_a_plan_for_new_connections_prefers_women_who_have_not_met(davis: Store) -> None:
    view = gatherings.plan(davis, PlanRequest(HOST, 6, exact=True))
    events = attendance()
    names = [g.person.name for g in view.guests]
    known = [(a, b) for a, b in itertools.combinations(names, 2) if len(events[a] & events[b]) >= 4]
    # The pool is full of old friends (Evelyn, Laura, Theresa and Brenda all co-attended 6+ events),
    # yet at most one pair of guests already knows each other: the one that keeps someone company.
    assert len(known) <= 1
    assert not {"Evelyn", "Laura", "Theresa", "Brenda"} <= {first(g.person) for g in view.guests}
    assert view.introductions
    for intro in view.introductions:
        assert len(events[intro.a.name] & events[intro.b.name]) < 4
        assert intro.why
        assert intro.opener
    assert view.gap == pytest.approx(0.0, abs=0.02)  # the heuristic is (near) optimal here
    assert all(g.reason for g in view.guests)
    # A guest's reason names how many of the others they share something with and have no recorded tie to (not
    # "yet to meet": a tie nobody recorded may still exist), and whom most of all, in words.
    fresh = [g.reason for g in view.guests if "and no recorded tie to them" in g.reason]
    assert fresh
    said = re.compile(r"has something in common with \d+ guests? and no recorded tie to them(, .+ most of all|: .+)")
    assert all(said.search(reason) for reason in fresh)


def test_bridging_the_circles_mixes_the_two_groups(davis: Store) -> None:
    view = gatherings.plan(davis, PlanRequest(HOST, 6, goal="bridge the circles"))
    guests = {first(g.person) for g in view.guests}
    assert len(guests & FIRST) >= 2
    assert len(guests & SECOND) >= 2
    assert any({first(i.a), first(i.b)} & FIRST and {first(i.a), first(i.b)} & SECOND for i in view.introductions)


def test_the_hosts_circles_are_the_two_classic_groups(davis: Store) -> None:
    snap = snapshot(davis)
    women = sorted(p.id or 0 for p in davis.list_people() if p.name != HOST)
    idx = np.array([snap.index(p) for p in women])
    strength = np.zeros((len(idx), len(idx)))
    position = {int(i): k for k, i in enumerate(idx)}
    for a, b, s in zip(snap.a.tolist(), snap.b.tolist(), snap.strength.tolist(), strict=True):
        if a in position and b in position:
            strength[position[a], position[b]] = strength[position[b], position[a]] = s
    label = dict(zip((first(p) for p in davis.get_people(women)), gatherings.circles(strength).tolist(), strict=True))
    assert {label[n] for n in FIRST - {"Pearl"}} == {label["Evelyn"]}
    assert {label[n] for n in SECOND - {"Dorothy", "Olivia", "Flora"}} == {label["Verne"]}
    assert label["Evelyn"] != label["Verne"]
    assert {label[n] for n in ("Pearl", "Dorothy", "Olivia", "Flora")} == {-1}  # no tie of 4+ events


def test_goals_pull_guests_in(davis: Store) -> None:
    assert "Helen Lloyd" not in {g.person.name for g in gatherings.plan(davis, PlanRequest(HOST, 5)).guests}
    view = gatherings.plan(davis, PlanRequest(HOST, 5, goal="help me reach Helen Lloyd"))
    helen = next(g for g in view.guests if g.person.name == "Helen Lloyd")
    assert helen.reason.startswith("the person you want to reach")
    # Nobody stands alone: Helen comes with someone she knows (4+ shared events: Sylvia or Nora).
    assert {first(g.person) for g in view.guests} & {"Sylvia", "Nora"}
    first_intro = view.introductions[0]  # the one the goal is for: the host and Helen (a contact: no go-between)
    assert (first_intro.a.name, first_intro.b.name) == (HOST, "Helen Lloyd")
    assert first_intro.why.startswith("the person you want to reach — you know each other already")
    rules = PlanRequest(HOST, 4, must=("Theresa",), never=("Evelyn",), apart=(("Theresa", "Laura"),))
    names = {first(g.person) for g in gatherings.plan(davis, rules).guests}
    assert "Theresa" in names
    assert not names & {"Evelyn", "Laura"}
    # Olivia shares no more than two events with anyone: she cannot come without standing alone.
    with pytest.raises(InputError, match="no guest list gives every guest someone they are comfortable with"):
        gatherings.plan(davis, PlanRequest(HOST, 4, must=("Olivia",), never=("Flora",)))


def test_seating_splits_the_guests_evenly(davis: Store) -> None:
    view = gatherings.plan(davis, PlanRequest(HOST, 7, tables=2))
    assert sorted(len(t) for t in view.tables) == [3, 4]
    assert {p.name for t in view.tables for p in t} == {g.person.name for g in view.guests}


@pytest.mark.parametrize(
    ("request_", "error", "message"),
    [
        (PlanRequest("Nobody Here", 4), UnknownPerson, "no person matches 'Nobody Here'"),
        (PlanRequest(HOST, 40), InputError, "40 seats but only 18 people"),
        (PlanRequest(HOST, 4, must=("Nora",), never=("Nora",)), InputError, "both a must-invite and a never-invite"),
        (PlanRequest(HOST, 4, community="Chess Club"), InputError, "no community called 'Chess Club'"),
        (PlanRequest(HOST, 4, tag="nobody-has-this"), InputError, "pool of people to invite is empty"),
        (PlanRequest(HOST, 4, goal="astronomy"), InputError, "nobody in the pool fits the goal"),
        (PlanRequest(HOST, 4, goal=f"help me reach {HOST}"), InputError, "that goal names the host"),
    ],
)
def test_bad_requests_are_one_clear_error(davis: Store, request_: PlanRequest, error: type, message: str) -> None:
    revision = davis.revision
    with pytest.raises(error, match=message):
        gatherings.plan(davis, request_)
    assert davis.revision == revision  # nothing written


def test_match_rounds_never_repeat_and_respect_opt_outs(davis: Store) -> None:
    club = "Davis Women's Club"
    seen: set[frozenset[str]] = set()
    for month in (1, 2, 3):
        view = matchmaking.match(davis, club, on=dt.date(2025, month, 1))
        assert view.round_id is not None
        assert len(view.pairs) == 9
        assert not view.sat_out
        pairs = {frozenset((p.a.name, p.b.name)) for p in view.pairs}
        assert not pairs & seen
        seen |= pairs
    events = attendance()
    assert all(len(events[a] & events[b]) < 4 for a, b in (tuple(p) for p in seen))  # old friends not paired
    matchmaking.set_opt_out(davis, club, "Flora Price", out=True)
    dry = matchmaking.match(davis, club, on=dt.date(2025, 4, 1), dry_run=True)
    assert dry.round_id is None
    assert len(dry.pairs) == 8
    assert len(dry.sat_out) == 1
    assert "Flora Price" not in {p.name for pair in dry.pairs for p in (pair.a, pair.b)}
    _, rounds = matchmaking.history(davis, club)
    assert [r.on for r in rounds] == [dt.date(2025, m, 1) for m in (1, 2, 3)]  # the dry run wrote nothing
    with pytest.raises(InputError, match="no community called 'Chess Club'"):
        matchmaking.match(davis, "Chess Club", on=dt.date(2025, 4, 1))


def test_a_goal_to_reach_someone_nobody_knows_is_one_clear_error(davis: Store) -> None:
    from kithkin import services

    services.add_person(davis, "Zed Loner")
    revision = davis.revision
    with pytest.raises(InputError, match="nobody you could invite knows Zed Loner, who cannot come alone"):
        gatherings.plan(davis, PlanRequest(HOST, 4, goal="help me reach Zed Loner"))
    assert davis.revision == revision  # nothing written


def test_a_round_in_your_own_community_never_gives_knowing_you_as_the_reason(tmp_path: Path) -> None:
    """Every pair in a community of yours knows you: "Both know <you>" would be the top reason, and no news."""
    from kithkin import services
    from kithkin.services.common_ground import compare_many

    db = tmp_path / "demo.sqlite"
    services.build_demo(db, size=400)
    with Store.open(db) as store:
        me = store.me()
        assert me is not None
        assert me.id is not None
        mine = [g for g in store.all_groups() if g.kind is GroupKind.COMMUNITY and me.id in store.members(g.id or 0)]
        assert mine
        view = matchmaking.match(store, mine[0].name, on=dt.date(2026, 12, 5), dry_run=True)
        would = [
            compare_many(store, p.a, [p.b], today=dt.date(2026, 12, 5), leave_out=mine[0].id or 0)[0].items
            for p in view.pairs[: matchmaking.DESCRIBED]
        ]
    assert any(items and items[0].sentence == f"Both know {me.name}" for items in would)  # what it used to say
    assert all(me.name not in p.why for p in view.pairs)
    assert any(p.why for p in view.pairs)


def test_a_round_pairs_two_who_know_each_other_only_when_no_one_new_is_left(tmp_path: Path) -> None:
    """Before: the leftovers were paired in order, and two close friends came out "paired to meet someone new"
    while a round of strangers was there to be had."""
    from kithkin import services

    with Store.open(tmp_path / "k.sqlite") as store:
        for name in ("Ana", "Ben", "Cy", "Di"):
            services.add_person(store, f"{name} Test")
            services.affiliate(store, f"{name} Test", "community", "Rotary")
        services.set_me(store, "Ana Test")
        for name in ("Ana", "Cy"):  # the one pair worth something: greedy takes it, Ben and Di are left
            services.affiliate(store, f"{name} Test", "school", "Tiny College", start="2001", end="2005")
        services.tie(store, "Ben Test", "Di Test", how="friends", closeness=5)
        view = matchmaking.match(store, "Rotary", on=dt.date(2026, 12, 5), dry_run=True)
        pairs = {frozenset((p.a.name, p.b.name)) for p in view.pairs}
        assert frozenset(("Ben Test", "Di Test")) not in pairs
        assert len(pairs) == 2
        assert not any(p.known for p in view.pairs)

        services.affiliate(store, "Ana Test", "community", "Book club")  # two members who know each other
        services.affiliate(store, "Cy Test", "community", "Book club")
        services.tie(store, "Ana Test", "Cy Test", how="friends")
        [both] = matchmaking.match(store, "Book club", on=dt.date(2026, 12, 5), dry_run=True).pairs
    assert both.known
    assert both.why == "They already know each other: no one new was left for them this round."
