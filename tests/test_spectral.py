"""The low-rank score (leading eigenpairs of the adjacency) and the ranker whose model reads it."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from kithkin.network import linkpred, spectral
from kithkin.network.evaluate import TOP, all_metrics, split
from kithkin.network.heuristics import heuristic_top
from kithkin.network.linkpred import Graph, Linear, Ranker, pair_features
from kithkin.network.spectral import DENSE, NORMALISED_RANKS, RANKS, SpectralRanker, leading_eigenpairs, low_rank_scores
from kithkin.sources.snap import load, undirected
from ranker_support import saved_arrays
from shared_data import SHARED


def _powerlaw(size: int, seed: int = 3) -> np.ndarray:
    return undirected(np.array(nx.powerlaw_cluster_graph(size, 5, 0.3, seed=seed).edges(), dtype=np.int64))


def test_two_cliques_joined_by_one_tie_score_within_above_across() -> None:
    # two 5-cliques, 0-4 and 5-9, and the tie 4-5: rank 2 sees the two groups
    edges = [(a, b) for group in (range(5), range(5, 10)) for a in group for b in group if a < b] + [(4, 5)]
    g = Graph.build(10, np.array(edges))
    within, across, bridge = low_rank_scores(g, np.array([[0, 1], [0, 9], [4, 5]]), 2)
    assert 0.75 < within < 1  # near the tie itself (1)
    assert abs(across) < 0.05  # two groups apart
    assert 0.2 < bridge < 0.4  # a tie between the groups is seen only weakly at rank 2


def _exact(g: Graph, k: int) -> tuple[np.ndarray, np.ndarray]:
    values, vectors = np.linalg.eigh(g.adj.toarray())
    order = np.argsort(-values)[:k]
    return values[order], (vectors[:, order] * values[order]) @ vectors[:, order].T


def test_a_small_network_takes_the_exact_rank_k_approximation() -> None:
    g = Graph.build(300, _powerlaw(300))
    values, approximation = _exact(g, 32)
    pairs = np.random.default_rng(5).integers(0, 300, size=(400, 2))
    assert low_rank_scores(g, pairs, 32) == pytest.approx(approximation[pairs[:, 0], pairs[:, 1]], abs=1e-8)
    assert g.spectral[0][:32] == pytest.approx(values, rel=1e-9)


def test_a_larger_one_takes_a_randomised_decomposition_close_to_it() -> None:
    size = DENSE + 100
    g = Graph.build(size, _powerlaw(size))
    pairs = np.random.default_rng(5).integers(0, size, size=(4000, 2))
    values = _exact(g, 64)[0]
    found, _ = g.spectral
    assert len(found) == max(RANKS)
    assert found[:16] == pytest.approx(values[:16], abs=1e-6)  # the leading pairs, exactly
    for k, close in ((32, 0.9999), (64, 0.99), (128, 0.8)):  # the tail of a flat spectrum, less so (0.86 at 128)
        exact = _exact(g, k)[1][pairs[:, 0], pairs[:, 1]]
        assert np.corrcoef(low_rank_scores(g, pairs, k), exact)[0, 1] > close
    again = leading_eigenpairs(g.adj, seed=7)
    assert np.array_equal(again[0], found)  # seeded: the same pairs
    assert np.array_equal(again[1], g.spectral[1])


def test_the_normalised_score_is_degree_corrected_towards_the_tie_it_approximates() -> None:
    # 100 people, under the largest normalised rank: every eigenpair of N = D^-1/2 A D^-1/2 but the smallest is
    # read, so the score is N's approximation less one term, times √d_v; with the dropped pair added back and
    # times the person's own √d_u it gives A itself: 1 for a tie, 0 for none. Dividing by √d_v, or not
    # correcting, would leave A/d_v or A/√d_v there.
    g = Graph.build(100, _powerlaw(100))
    n = spectral.normalised(g.adj).toarray()
    values, vectors = np.linalg.eigh(n)  # ascending: the first is the one left out
    assert len(g.normalised_spectral[0]) == 99 <= max(NORMALISED_RANKS)
    pairs = np.random.default_rng(5).integers(0, 100, size=(600, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    u, v = pairs[:, 0], pairs[:, 1]
    corrected = spectral._at_ranks(g, pairs, (max(NORMALISED_RANKS),), degree_corrected=True)[:, 0]
    left_out = values[0] * vectors[u, 0] * vectors[v, 0] * np.sqrt(g.degree[v])
    tied = g.adj[u, v]
    assert 50 < tied.sum() < len(pairs) - 50  # ties and non-ties both
    assert (corrected + left_out) * np.sqrt(g.degree[u]) == pytest.approx(tied, abs=1e-8)


def test_the_model_reads_both_peoples_clustering_after_the_low_rank_columns() -> None:
    edges = _powerlaw(300, seed=11)
    g = Graph.build(300, edges)
    expected = nx.clustering(nx.Graph(edges.tolist()))
    pairs = np.array([(u, v) for u in (0, 17, 150) for v in range(300) if v != u])  # grouped by person
    columns = spectral.structure_features(g, pairs)
    assert np.array_equal(columns[:, :-4], spectral.low_rank_features(g, pairs))
    assert columns[:, -4].tolist() == pytest.approx([expected[int(u)] for u in pairs[:, 0]], abs=1e-12)
    assert columns[:, -3].tolist() == pytest.approx([expected[int(v)] for v in pairs[:, 1]], abs=1e-12)
    assert len(set(columns[:, -3].round(6).tolist())) > 20  # the candidates' differ
    assert np.array_equal(columns[:, -2:], spectral.netmf_features(g, pairs))  # then NetMF's two


def test_netmf_columns_are_netmfs_matrix_from_the_normalised_eigenpairs() -> None:
    """The entry is NetMF's ``vol/T · Σ_{r≤T} (D⁻¹A)^r D⁻¹`` (Qiu et al. 2018), computed densely here, less the
    one eigenpair a network of n people leaves out (the n − 1 leading ones are kept)."""
    size = 120
    g = Graph.build(size, _powerlaw(size, seed=5))
    a = g.adj.toarray().astype(float)
    degree = a.sum(axis=1)
    walk, power, total = a / degree[:, None], np.eye(size), np.zeros((size, size))
    for _ in range(spectral.NETMF_WINDOW):
        power = power @ walk
        total += power
    dense = a.sum() / spectral.NETMF_WINDOW * total / degree[None, :]
    values, vectors = np.linalg.eigh(a / np.sqrt(np.outer(degree, degree)))  # the one left out: the smallest
    left_out = sum(values[0] ** r for r in range(1, spectral.NETMF_WINDOW + 1)) * np.outer(vectors[:, 0], vectors[:, 0])
    expected = dense - a.sum() / spectral.NETMF_WINDOW * left_out / np.sqrt(np.outer(degree, degree))
    pairs = np.array([(u, v) for u in (0, 40, 99) for v in range(size) if v != u])
    rank, pmi = spectral.netmf_features(g, pairs).T
    entries = expected[pairs[:, 0], pairs[:, 1]]
    assert pmi == pytest.approx(np.log(np.maximum(entries, 1.0)), abs=1e-8)
    assert (pmi > 0).sum() > 30  # most pairs near in walks of ten steps have a positive PMI
    for u in (0, 40, 99):
        mine = pairs[:, 0] == u
        best = pairs[mine][np.argmin(rank[mine]), 1]
        assert entries[mine].max() == pytest.approx(expected[u, best])  # rank 1 is the largest entry


def test_a_network_of_one_or_none_has_no_eigenpairs() -> None:
    for size in (0, 1):
        values, vectors = leading_eigenpairs(Graph.build(size, np.zeros((0, 2), dtype=np.int64)).adj)
        assert values.shape == (0,)
        assert vectors.shape == (size, 0)


def test_learning_reads_the_low_rank_features_saves_and_reproduces(monkeypatch: pytest.MonkeyPatch) -> None:
    edges = _powerlaw(500)
    train, _ = split(edges, 0.1, seed=5)
    g = Graph.build(500, train)
    steps: list[tuple[int, int]] = []
    ranker = SpectralRanker.learn(g, train, seed=7, progress=lambda done, total: steps.append((done, total)))
    assert ranker.model is not None
    whole = spectral.BAGGED * (spectral.ROUNDS + 1)  # each bagged model's rounds and its fit
    assert steps[-1] == (whole, whole) != (linkpred.ROUNDS + 1,) * 2
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)
    assert spectral.BAGGED == 2
    assert (ranker.blend, ranker.choices) == (spectral.BLEND, ())  # fixed, not chosen on one round
    plain = Ranker.learn(g, train, seed=7)
    assert plain.model is not None
    columns = len(plain.model.coef) + 2 * len(RANKS + NORMALISED_RANKS) + 2 + 2  # a rank and a share for each k,
    # both people's clustering, NetMF's rank and PMI, then the products
    assert len(ranker.model.coef) == columns + columns * (columns + 1) // 2
    people = np.arange(0, 500, 7)
    top = ranker.top(g, 20, people, workers=1)
    pairs = np.array([(p, int(q)) for p in people.tolist() for q in top[p]])
    names, parts = ranker._contributions(g, pairs, ranker.model)  # the reasons' weights: the logit, column by column
    assert len(names) == parts.shape[1] == columns
    chance = ranker.model.probability(spectral.model_features(pair_features(g, pairs), pairs[:, 0],
                                                              spectral.structure_features(g, pairs)))  # fmt: skip
    assert parts.sum(axis=1) + ranker.model.intercept == pytest.approx(np.log(chance / (1 - chance)), rel=1e-6)
    again = SpectralRanker.from_arrays(saved_arrays(ranker))
    assert all(np.array_equal(again.top(g, 20, people, workers=1)[p], top[p]) for p in people.tolist())
    assert all(np.array_equal(ranker.top(g, 20, people, workers=2)[p], top[p]) for p in people.tolist())
    known = {(int(a), int(b)) for a, b in train} | {(int(b), int(a)) for a, b in train}
    assert all(not any((p, int(q)) in known or p == int(q) for q in top[p]) for p in people.tolist())
    assert any(not np.array_equal(plain.top(g, 20, people, workers=1)[p], top[p]) for p in people.tolist())
    # bagged: the logit is the mean of the logits of the models learned alone with seeds 7 and 7 + BAG_SEEDS (as above
    # BAGGED_UP_TO people), and learning again gives the same model (so the same lists)
    monkeypatch.setattr(spectral, "BAGGED_UP_TO", 499)
    steps.clear()
    alone = [
        SpectralRanker.learn(
            g, train, seed=7 + spectral.BAG_SEEDS * i, progress=lambda d, t: steps.append((d, t))
        ).model
        for i in range(2)
    ]
    assert steps[-1] == (spectral.ROUNDS + 1, spectral.ROUNDS + 1)
    assert alone[0] is not None
    assert alone[1] is not None
    assert not np.allclose(alone[0].coef, alone[1].coef)  # two fits of their own
    rows = spectral.model_features(pair_features(g, pairs), pairs[:, 0], spectral.structure_features(g, pairs))
    mean = (alone[0].logit(rows) + alone[1].logit(rows)) / 2
    assert ranker.model.logit(rows) == pytest.approx(mean, rel=1e-9, abs=1e-9)
    again = Linear.averaged(alone)
    assert (again.coef, again.intercept) == (
        pytest.approx(ranker.model.coef, rel=1e-12),
        pytest.approx(ranker.model.intercept, rel=1e-12),
    )


def test_above_its_size_limit_it_is_the_logistic_ranker_with_its_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    edges = _powerlaw(300)
    g = Graph.build(300, edges)
    monkeypatch.setattr(spectral, "UP_TO", 299)
    steps: list[tuple[int, int]] = []
    ranker = SpectralRanker.learn(g, edges, seed=7, progress=lambda done, total: steps.append((done, total)))
    assert not ranker.spectral
    assert not ranker.three_hop()
    assert steps[-1] == (linkpred.ROUNDS + 1, linkpred.ROUNDS + 1)
    plain = Ranker.learn(g, edges, seed=7)
    people = np.arange(0, 300, 11)
    assert all(np.array_equal(ranker.top(g, 20, people, workers=1)[p], plain.top(g, 20, people, workers=1)[p])
               for p in people.tolist())  # fmt: skip


def test_people_with_few_friends_of_friends_are_also_offered_people_three_steps_away() -> None:
    """A tie no friend shares is out of reach of two-hop candidates: the spectral ranker adds the best three
    steps away for people with fewer two hops away than the list it ranks (the logistic ranker does not)."""
    edges = _powerlaw(300)
    g = Graph.build(300, edges)
    ranker = SpectralRanker.learn(g, edges, seed=7)
    assert ranker.three_hop()
    two = sp.csr_array(g.adj @ g.adj)
    three = sp.csr_array(two @ g.adj)
    top = ranker.top(g, 20, workers=1)
    far = [(p, q) for p, found in top.items() for q in found.tolist() if two[p, q] == 0]
    assert far
    assert all(three[p, q] > 0 for p, q in far)
    plain = Ranker.learn(g, edges, seed=7).top(g, 20, workers=1)
    assert all(two[p, q] > 0 or g.rare.shape[1] for p, found in plain.items() for q in found.tolist())


@pytest.mark.slow
def test_on_a_split_of_email_eu_core_training_ties_it_beats_the_heuristics_on_every_figure() -> None:
    """The evaluation replayed inside one split's training ties (its test ties unread), as the design was
    chosen: above resource allocation and Adamic-Adar on all eight figures (bench/RESULTS.md)."""
    net = load("email-eu-core", SHARED / "email-eu-core")
    train, _ = split(net.edges, 0.1, seed=7)
    fitted, held = split(train, 0.1, seed=101)
    g = Graph.build(net.size, fitted, net.attributes, net.kinds)
    who = np.unique(held.ravel())
    lists = {"spectral": SpectralRanker.learn(g, fitted, seed=7).top(g, TOP, who)}
    for method in ("resource-allocation", "adamic-adar"):
        lists[method] = heuristic_top(g, method, TOP, who)
    figures = {}
    for method, top in lists.items():
        c = all_metrics(top, held)
        figures[method] = np.array([*c.hits.values(), c.edge_mrr, *c.person_hits.values(), c.mrr])
    best = np.maximum(figures["resource-allocation"], figures["adamic-adar"])
    assert np.all(figures["spectral"] - best > 0.01), figures["spectral"] - best


def test_a_hidden_tie_the_other_end_would_not_find_counts_more_in_the_fit() -> None:
    """Person 0's candidates are 1 and 2, both hidden ties; 1 lists 0 first (it would find the tie itself),
    2 lists 0 twelfth, behind eleven others (it would not, at :data:`spectral.FOUND_AT` = 10): the tie 0–2
    counts :data:`spectral.ONE_END_WEIGHT` times, 0–1 once, and so does every candidate that is not a tie."""
    sources = np.array([0, 0, 1, 1, *([2] * 12)])
    targets = np.array([1, 2, 0, 3, *range(3, 14)[:11], 0])
    aa = np.array([2.0, 1.0, 5.0, 1.0, *np.linspace(9, 2, 11), 1.0])
    raw = np.zeros((len(sources), len(linkpred.FEATURES)))
    raw[:, linkpred.HEURISTIC_COLUMN["adamic-adar"]] = aa
    labels = np.zeros(len(sources), dtype=bool)
    labels[[0, 1, 2, 15]] = True  # 0–1 (both ends), 0–2 (both ends)
    examples = linkpred.Examples(sources, targets, raw, labels, (np.zeros((0, 11)), np.zeros(0, dtype=bool)))
    weights = SpectralRanker._weights(examples)
    assert spectral.FOUND_AT == 10
    assert weights[1] == spectral.ONE_END_WEIGHT == 1.5  # 0 → 2: 2 ranks 0 twelfth
    assert weights[15] == 1.0  # 2 → 0: 0 ranks 2 second, so 0 finds it
    assert weights[0] == weights[2] == 1.0  # 0 ↔ 1: each ranks the other first
    assert set(weights[~labels].tolist()) == {1.0}
