"""The seeded demo-network generator and the demo store built from it."""

from __future__ import annotations

import csv
import dataclasses
import itertools
from collections import Counter
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from faker.providers.person.es_MX import Provider as SpanishNames

from kithkin import services
from kithkin.errors import InputError
from kithkin.generate import GeneratedNetwork, generate, people
from kithkin.generate.people import sample_names
from kithkin.generate.registry import HOW
from kithkin.model import GroupKind
from kithkin.services import build_demo
from kithkin.store import Store

SIZES = (200, 2000, 20000)


@pytest.fixture(scope="module")
def nets() -> dict[int, GeneratedNetwork]:
    """One network per size, all from seed 7."""
    return {size: generate(size, seed=7) for size in SIZES}


def graph(net: GeneratedNetwork) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(net.size))
    g.add_edges_from(zip(net.tie_a.tolist(), net.tie_b.tolist(), strict=True))
    return g


# --- determinism --------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "seed"), [(200, 7), (1000, 3)])
def test_same_seed_and_size_give_the_same_network(size: int, seed: int) -> None:
    first, second = generate(size, seed=seed), generate(size, seed=seed)
    compared_arrays = []
    for field in dataclasses.fields(GeneratedNetwork):
        a, b = getattr(first, field.name), getattr(second, field.name)
        if isinstance(a, np.ndarray):
            assert np.array_equal(a, b), field.name
            compared_arrays.append(field.name)
        else:
            assert a == b, field.name
    assert len(compared_arrays) == 13  # city, five aff_* and seven tie_* arrays
    assert first.names == second.names


def test_different_seeds_give_different_networks() -> None:
    first, second = generate(500, seed=1), generate(500, seed=2)
    assert first.names != second.names
    assert first.names[:2] == second.names[:2] == ["Michael Brennan", "Dana Reyes"]
    same_ties = first.tie_count == second.tie_count and (
        np.array_equal(first.tie_a, second.tie_a) and np.array_equal(first.tie_b, second.tie_b)
    )
    assert not same_ties
    assert not np.array_equal(first.city, second.city)


def test_too_small_a_network_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 20"):
        generate(19)


# --- size and shape -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_people_count_is_exact(nets: dict[int, GeneratedNetwork], size: int) -> None:
    net = nets[size]
    assert net.size == size
    assert len(net.names) == size
    assert len(net.city) == size
    assert net.names[0] == "Michael Brennan"
    assert net.names[1] == "Dana Reyes"


@pytest.mark.parametrize("size", SIZES)
def test_ties_per_person_are_in_a_sane_band(nets: dict[int, GeneratedNetwork], size: int) -> None:
    net = nets[size]
    assert 2 <= net.tie_count / size <= 20


def test_tie_count_grows_roughly_linearly(nets: dict[int, GeneratedNetwork]) -> None:
    per_person = [nets[size].tie_count / size for size in SIZES]
    counts = [nets[size].tie_count for size in SIZES]
    assert counts == sorted(counts)
    # 10x the people gives between 5x and 20x the ties: neither flat nor quadratic.
    for small, big in itertools.pairwise(counts):
        assert 5 <= big / small <= 20, counts
    assert max(per_person) / min(per_person) < 4, per_person


@pytest.mark.parametrize("size", SIZES)
def test_ties_are_a_simple_undirected_graph(nets: dict[int, GeneratedNetwork], size: int) -> None:
    net = nets[size]
    a, b = net.tie_a, net.tie_b
    n = net.tie_count
    for name in ("tie_b", "tie_how", "tie_via", "tie_since", "tie_introducer", "tie_closeness"):
        assert len(getattr(net, name)) == n, name
    assert bool((a < b).all()), "every tie stored with the smaller index first"
    assert not bool((a == b).any()), "no self loops"
    assert len(np.unique(a.astype(np.int64) * size + b)) == n, "no duplicate pairs"
    assert a.min() >= 0
    assert b.max() < size
    assert set(np.unique(net.tie_closeness).tolist()) <= {0, 1, 2, 3, 4, 5}
    via = net.tie_via
    assert bool(((via == -1) | ((via >= 0) & (via < len(net.groups)))).all())
    introducer = net.tie_introducer
    assert bool(((introducer == -1) | ((introducer >= 0) & (introducer < size))).all())


@pytest.mark.parametrize("size", SIZES)
def test_affiliations_point_at_real_people_groups_and_roles(nets: dict[int, GeneratedNetwork], size: int) -> None:
    net = nets[size]
    n = len(net.aff_person)
    assert all(len(getattr(net, name)) == n for name in ("aff_group", "aff_role", "aff_start", "aff_end"))
    assert net.aff_person.min() >= 0
    assert net.aff_person.max() < size
    assert net.aff_group.min() >= 0
    assert net.aff_group.max() < len(net.groups)
    assert net.aff_role.min() >= 0
    assert net.aff_role.max() < len(net.roles)
    # Every group kept has a member, and every person lives somewhere.
    assert len(np.unique(net.aff_group)) == len(net.groups)
    lives = net.roles.index("lives here")
    assert np.array_equal(np.unique(net.aff_person[net.aff_role == lives]), np.arange(size))
    closed = (net.aff_start > 0) & (net.aff_end > 0)
    assert bool((net.aff_end[closed] >= net.aff_start[closed]).all())


# --- the featured people ------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "seed"), [(200, 7), (2000, 7), (300, 1), (1000, 42), (20000, 7)])
def test_michael_is_an_sdsu_marketing_graduate_and_dana_is_two_hops_away(size: int, seed: int) -> None:
    net = generate(size, seed=seed)
    assert (net.me, net.target) == (0, 1)
    assert net.names[:2] == ["Michael Brennan", "Dana Reyes"]

    mine = np.flatnonzero(net.aff_person == 0)
    schooling = {
        (net.groups[g].name, net.roles[r], int(s), int(e))
        for g, r, s, e in zip(
            net.aff_group[mine], net.aff_role[mine], net.aff_start[mine], net.aff_end[mine], strict=True
        )
        if net.groups[g].kind is GroupKind.SCHOOL
    }
    assert schooling == {("San Diego State University", "Marketing", 1998, 2002)}
    sdsu = next(s for s in net.groups if s.name == "San Diego State University")
    assert "SDSU" in sdsu.aliases

    pairs = set(zip(net.tie_a.tolist(), net.tie_b.tolist(), strict=True))
    assert (0, 1) not in pairs, "Michael and Dana must not know each other yet"
    g = graph(net)
    assert not g.has_edge(0, 1)
    assert set(g[0]) & set(g[1]), "Dana should be reachable from Michael through a mutual friend"
    assert nx.shortest_path_length(g, 0, 1) == 2
    # The user's own ties carry a stated closeness.
    assert bool((net.tie_closeness[(net.tie_a == 0) | (net.tie_b == 0)] > 0).all())


# --- structure ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [7, 11])
def test_triadic_closure_far_above_a_random_graph(seed: int) -> None:
    net = generate(2000, seed=seed)
    observed = nx.transitivity(graph(net))
    random = nx.transitivity(nx.gnm_random_graph(net.size, net.tie_count, seed=seed))
    assert random > 0
    assert observed >= 5 * random, (observed, random)


def davis_reference() -> tuple[Counter[str], Counter[str]]:
    """Attendances per event and per woman in the Davis Southern Women data shipped with kithkin."""
    data = resources.files("kithkin.data")
    with (data / "attendance.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return Counter(r["event_id"] for r in rows), Counter(r["woman_id"] for r in rows)


@pytest.mark.parametrize(("size", "seed"), [(2000, 7), (2000, 3), (20000, 7)])
def test_davis_southern_women_gatherings(nets: dict[int, GeneratedNetwork], size: int, seed: int) -> None:
    net = nets[size] if seed == 7 else generate(size, seed=seed)
    guest = net.roles.index("guest")
    davis_events = {
        g
        for g, spec in enumerate(net.groups)
        if spec.kind is GroupKind.EVENT and spec.name.endswith(", San Diego 2025")
    }
    rows = np.flatnonzero(np.isin(net.aff_group, list(davis_events)) & (net.aff_role == guest))
    attended = net.aff_group[rows]
    attendees = net.aff_person[rows]
    assert len(np.unique(attended)) == 14
    assert len(rows) == 89
    assert len(np.unique(attendees)) == 18
    assert len(set(zip(attendees.tolist(), attended.tolist(), strict=True))) == 89  # nobody counted twice
    # Same shape as the real data: event sizes and per-woman counts match as multisets.
    per_event, per_woman = davis_reference()
    assert sorted(Counter(attended.tolist()).values()) == sorted(per_event.values())
    assert sorted(Counter(attendees.tolist()).values()) == sorted(per_woman.values())
    # The user is the first woman (Evelyn Jefferson: eight gatherings); the rest are San Diego neighbours.
    assert int((attendees == 0).sum()) == per_woman["W1"]
    home = net.cities.index("San Diego")
    assert bool((net.city[attendees] == home).all())
    assert all(net.groups[g].on is not None and net.groups[g].on.startswith("2025-") for g in set(attended.tolist()))


# --- the demo store -----------------------------------------------------------------------------


def test_build_demo_writes_the_generated_network(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    built = build_demo(path, size=300)
    net = built.network
    assert built.path == path
    assert net.size == 300
    assert path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.sqlite"], "no temporary files left behind"
    with Store.open(path, create=False) as store:
        assert store.count_people() == net.size == 300
        assert store.count_ties() == net.tie_count
        summary = store.summary()
        assert summary.people == 300
        assert summary.ties == net.tie_count
        assert summary.affiliations == len(net.aff_person)
        assert sum(summary.groups.values()) == len(net.groups)
        expected_kinds = Counter(spec.kind for spec in net.groups)
        assert summary.groups == {kind: expected_kinds.get(kind, 0) for kind in GroupKind}
        assert summary.me is not None
        assert summary.me.name == "Michael Brennan"
        assert summary.me.id == 1
        dana = store.get_person(2)
        assert dana.name == "Dana Reyes"
        assert store.get_tie(1, 2) is None
        sdsu = store.find_group(GroupKind.SCHOOL, "SDSU")
        assert sdsu is not None
        assert sdsu.name == "San Diego State University"


def test_the_demos_ledger_runs_the_way_its_notes_say(tmp_path: Path) -> None:
    """Before: "reviewed their pitch deck" (a favour the user did) and "introduced them to a designer" counted as
    the friend's gifts, and "they introduced me to a recruiter" and "invited me to a happy hour" as the user's: the
    demo's ledger ran backwards."""
    path = tmp_path / "d.sqlite"
    build_demo(path, size=300)
    with Store.open(path, create=False) as store:
        logged, _ = store.interactions()
        mine = ("reviewed their pitch deck", "introduced them to a designer")
        theirs = ("they introduced me to a recruiter", "invited me to a happy hour")
        for_them = Counter(p for i in logged if i.note in mine for p in i.people)
        for_me = Counter(p for i in logged if i.note in theirs for p in i.people)
        assert for_them
        assert for_me
        today = max(i.on for i in logged)
        view = services.followups.give_and_take(store, today=today, window_days=100_000)
    assert {p.id: b.gave for p, b in view.balances if b.gave} == dict(for_them)
    assert {p.id: b.got for p, b in view.balances if b.got} == dict(for_me)


def test_the_demos_ties_name_the_group_both_are_in(tmp_path: Path) -> None:
    """Before: "fellow members", "colleagues" with no group named; now "colleagues at Qualcomm" — and both are."""
    path = tmp_path / "d.sqlite"
    build_demo(path, size=300)
    named = 0
    with Store.open(path, create=False) as store:
        for tie in store.ties_of(1) + store.ties_of(2) + store.ties_of(59):
            if tie.via_group_id is None:
                continue
            group = store.get_group(tie.via_group_id)
            assert tie.how.endswith(f" {group.name}"), tie.how
            assert tie.how.split(" ")[0] in (
                "classmates",
                "studied",
                "colleagues",
                "fellow",
                "met",
                "neighbours",
                "through",
            )
            for end in (tie.a, tie.b):
                assert group.id in {a.group.id for a in store.affiliations_of(end)}
            named += 1
    assert named > 5


def test_the_users_friends_are_not_called_acquaintances(nets: dict[int, GeneratedNetwork]) -> None:
    """Before: a quarter of the user's "friends" ties were stated closeness 1, and a card said "friends —
    acquaintance"; the other kinds of tie keep every level."""
    for net in nets.values():
        mine = (net.tie_a == net.me) | (net.tie_b == net.me)
        friends = mine & (net.tie_how == HOW.index("friends"))
        assert friends.sum() > 5
        assert set(net.tie_closeness[friends].tolist()) <= {2, 3, 4, 5}
        assert 1 in set(net.tie_closeness[mine & ~friends].tolist())


def test_classmates_and_colleagues_were_there_at_the_same_time(nets: dict[int, GeneratedNetwork]) -> None:
    """Before: "colleagues at Edward Jones since 2023" of 2020–2022 and 2023–2025 — pairs drawn from the same few
    years of starting that missed each other (82 of 1,135 colleague ties at 600 people)."""
    kinds = [HOW.index(h) for h in ("classmates", "studied together", "colleagues")]
    for net in nets.values():
        periods: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for p, g, s, e in zip(net.aff_person.tolist(), net.aff_group.tolist(), net.aff_start.tolist(),
                              net.aff_end.tolist(), strict=True):  # fmt: skip
            periods.setdefault((p, g), []).append((s, e or 9999))
        checked = 0
        for a, b, how, via, since in zip(net.tie_a.tolist(), net.tie_b.tolist(), net.tie_how.tolist(),
                                         net.tie_via.tolist(), net.tie_since.tolist(), strict=True):  # fmt: skip
            if how not in kinds:
                continue
            spans = [(s1, e1, s2, e2) for s1, e1 in periods[(a, via)] for s2, e2 in periods[(b, via)] if s1 and s2]
            if spans:
                assert any(max(s1, s2) <= min(e1, e2) for s1, e1, s2, e2 in spans), (a, b, via)
                assert since == 0 or any(max(s1, s2) <= since <= min(e1, e2) for s1, e1, s2, e2 in spans)
                checked += 1
        assert checked > 100


def test_build_demo_is_deterministic_and_replaces_the_old_demo(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    first = build_demo(path, size=300, seed=5).network
    with Store.open(path, create=False) as store:
        names = [p.name for p in store.list_people()]
    second = build_demo(path, size=300, seed=5).network
    assert np.array_equal(first.tie_a, second.tie_a)
    assert np.array_equal(first.tie_b, second.tie_b)
    with Store.open(path, create=False) as store:
        assert [p.name for p in store.list_people()] == names
    build_demo(path, size=250, seed=5)
    with Store.open(path, create=False) as store:
        assert store.count_people() == 250


def test_build_demo_refuses_a_tiny_network(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    with pytest.raises(InputError, match="at least 20"):
        build_demo(path, size=19)
    assert not path.exists()


def test_names_are_peoples_names_and_the_demo_still_draws_them_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Faker's Mexican surnames include Tolkien's Gollum; it is replaced in its place, so every other name the
    seed draws is unchanged (the demo's Michael, Dana and the rest)."""
    names = sample_names(np.random.default_rng(7), 200_000)
    surnames = Counter(name.rsplit(" ", 1)[-1] for name in names)
    assert surnames["Gollum"] == 0
    assert surnames["Góngora"] > 0
    assert "Adán Góngora" in generate(300, seed=7).names  # the demo's one Gollum
    english, _, chinese = people._LAST
    monkeypatch.setattr(people, "_LAST", (english, people._table(SpanishNames.last_names), chinese))
    fakers_own = sample_names(np.random.default_rng(7), 200_000)
    assert [name.replace(" Gollum", " Góngora") for name in fakers_own] == names
