"""Matchmaking rounds on graphs small enough to check by hand, then against networkx's exact matching."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from kithkin.matchmaking import candidate_edges, match_round, pair_key


def edges(*triples: tuple[int, int, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, b, v = zip(*triples, strict=True)
    return np.array(a), np.array(b), np.array(v, dtype=float)


def test_path_needs_the_augmenting_move_greedy_misses() -> None:
    # 0-1 (3), 1-2 (4), 2-3 (3): greedy takes 1-2 (4); the best is 0-1 + 2-3 (6).
    found = match_round(4, edges((0, 1, 3), (1, 2, 4), (2, 3, 3)))
    assert found.pairs == ((0, 1), (2, 3))
    assert found.value == 6


def test_swap_of_two_pairs() -> None:
    # Greedy takes 0-1 (5) then 2-3 (1) = 6; swapping to 0-2 + 1-3 gives 4 + 4 = 8.
    found = match_round(4, edges((0, 1, 5), (2, 3, 1), (0, 2, 4), (1, 3, 4)))
    assert found.pairs == ((0, 2), (1, 3))
    assert found.value == 8


def test_odd_member_out_is_the_one_asked_first() -> None:
    triangle = edges((0, 1, 1), (1, 2, 1), (0, 2, 1))
    assert match_round(3, triangle, rest_first=[2]).sat_out == (2,)
    assert match_round(3, triangle, rest_first=[2]).pairs == ((0, 1),)
    # Without a preference: whoever the best pairs leave over sits out.
    assert match_round(3, edges((0, 1, 5), (1, 2, 1))).sat_out == (2,)


def test_past_pairs_are_never_repeated_and_everyone_still_meets_someone() -> None:
    k4 = edges(*((a, b, 1.0 + a + b) for a, b in itertools.combinations(range(4), 2)))
    seen: set[tuple[int, int]] = set()
    for _ in range(3):  # K4 has exactly three perfect matchings
        found = match_round(4, k4, forbidden=seen)
        assert len(found.pairs) == 2
        assert not seen & set(found.pairs)
        seen |= set(found.pairs)
    assert len(seen) == 6
    assert match_round(4, k4, forbidden=seen).pairs == ()  # everyone has met everyone
    assert match_round(4, k4, forbidden=seen).sat_out == (0, 1, 2, 3)


def test_members_with_no_common_ground_are_still_paired() -> None:
    found = match_round(6, edges((0, 1, 2.0)))
    assert found.pairs[0] == (0, 1)
    assert len(found.pairs) == 3
    assert found.sat_out == ()


def test_candidate_edges_are_the_top_k_by_shared_group_weight() -> None:
    # Groups: g0 {0, 1, 2} weight 1, g1 {0, 1} weight 3, g2 {2, 3} weight 2.
    incidence = sp.csr_array(np.array([[1, 1, 0], [1, 1, 0], [1, 0, 1], [0, 0, 1]]))
    a, b, v = candidate_edges(incidence, np.array([1.0, 3.0, 2.0]), k=2)
    assert dict(zip(zip(a.tolist(), b.tolist(), strict=True), v.tolist(), strict=True)) == {
        (0, 1): 4.0, (0, 2): 1.0, (1, 2): 1.0, (2, 3): 2.0,
    }  # fmt: skip
    a, b, v = candidate_edges(incidence, np.array([1.0, 3.0, 2.0]), k=1, forbidden={(1, 0)})
    assert (0, 1) not in set(zip(a.tolist(), b.tolist(), strict=True))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 16), st.integers(0, 10_000), st.integers(0, 6))
def test_a_round_is_a_matching_of_allowed_pairs_and_close_to_optimal(n: int, seed: int, past: int) -> None:
    rng = np.random.default_rng(seed)
    pairs = [p for p in itertools.combinations(range(n), 2) if rng.random() < 0.5]
    weights = rng.integers(1, 10, len(pairs)).astype(float)
    forbidden = {pairs[i] for i in rng.choice(len(pairs), min(past, len(pairs)), replace=False)} if pairs else set()
    graph = (np.array([p[0] for p in pairs], dtype=np.int64), np.array([p[1] for p in pairs], dtype=np.int64), weights)
    found = match_round(n, graph, forbidden=forbidden)
    people = [x for pair in found.pairs for x in pair] + list(found.sat_out)
    assert sorted(people) == list(range(n))  # everyone exactly once
    assert not {pair_key(*p) for p in found.pairs} & forbidden
    g = nx.Graph()
    g.add_weighted_edges_from((a, b, w) for (a, b), w in zip(pairs, weights, strict=True) if (a, b) not in forbidden)
    best = sum(g[a][b]["weight"] for a, b in nx.max_weight_matching(g))
    assert found.value <= best + 1e-9
    if not forbidden:  # greedy's guarantee, kept by every improving move; with past pairs, pairing
        assert found.value >= 0.5 * best  # everyone may cost value (a valued pair broken to seat two who met)


@pytest.mark.slow
def test_close_to_exact_on_a_random_community() -> None:
    rng = np.random.default_rng(5)
    incidence = sp.csr_array((rng.random((300, 40)) < 0.08).astype(float))
    weight = rng.random(40) * 3
    graph = candidate_edges(incidence, weight, k=300)  # every valued pair: the exact problem
    found = match_round(300, graph)
    g = nx.Graph()
    g.add_weighted_edges_from(zip(*(x.tolist() for x in graph), strict=True))
    best = sum(g[a][b]["weight"] for a, b in nx.max_weight_matching(g))
    assert found.value / best >= 0.97
