"""Tie strengths where they are known: Lazega's law firm as loaded, resource allocation through strong ties, the
ranker that reads them, the evaluation that measures against them, and the store's stated closeness feeding them."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from cli_support import ok
from kithkin.errors import SourceError
from kithkin.network import spectral
from kithkin.network.evaluate import split
from kithkin.network.heuristics import Graph, adjacency, strength_matrix
from kithkin.network.spectral import SpectralRanker
from kithkin.network.strength import strength_allocation, strength_top
from kithkin.services import evaluation
from kithkin.services.snapshot import snapshot
from kithkin.sources.snap import load, undirected
from kithkin.store import Store
from ranker_support import saved_arrays
from shared_data import SHARED

LAZEGA = SHARED / "lazega-lawyers"


def _weighted(size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    edges = undirected(np.array(nx.powerlaw_cluster_graph(size, 4, 0.3, seed=seed).edges(), dtype=np.int64))
    return edges, np.random.default_rng(seed).integers(1, 6, len(edges)).astype(float)


def test_strength_allocation_is_the_sum_through_each_shared_friend() -> None:
    edges, weights = _weighted(120, 3)
    g = Graph.build(120, edges, strengths=strength_matrix(120, edges, weights))
    w = {(int(a), int(b)): x for (a, b), x in zip(edges, weights, strict=True)}
    w |= {(b, a): x for (a, b), x in list(w.items())}
    total = {z: sum(x for (a, _), x in w.items() if a == z) for z in range(120)}
    pairs = np.random.default_rng(1).integers(0, 120, (300, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    by_hand = [sum(w[(u, z)] * w[(z, v)] / total[z] for z in range(120) if (u, z) in w and (z, v) in w)
               for u, v in pairs.tolist()]  # fmt: skip
    assert strength_allocation(g, pairs) == pytest.approx(by_hand, rel=1e-12)
    assert np.count_nonzero(by_hand) > 50
    # Without strengths it is resource allocation.
    plain = Graph.build(120, edges)
    degree = np.bincount(edges.ravel(), minlength=120)
    ra = [sum(1 / degree[z] for z in range(120) if (u, z) in w and (z, v) in w) for u, v in pairs.tolist()]
    assert strength_allocation(plain, pairs) == pytest.approx(ra, rel=1e-12)
    # Each person's top by it: every untied pair scored and sorted, equal scores by column.
    people = np.arange(0, 120, 11)
    top = strength_top(g, 10, people)
    tied = adjacency(120, edges).toarray() > 0
    for u in people.tolist():
        others = np.flatnonzero(~tied[u] & (np.arange(120) != u))
        score = strength_allocation(g, np.column_stack([np.full(len(others), u), others]))
        ranked = others[np.lexsort((others, -score))]
        assert top[u].tolist() == ranked[score[np.lexsort((others, -score))] > 0][:10].tolist()


def test_a_hidden_ties_strength_is_never_read() -> None:
    """An evaluation hands the whole data set's strengths with the training ties: the hidden ties' must not count."""
    edges = np.array([[0, 1], [1, 2], [2, 3], [0, 3]])
    g = Graph.build(4, edges[:3], strengths=strength_matrix(4, edges, np.array([2.0, 3.0, 4.0, 9.0])))
    assert g.strength is not None
    assert g.strength.toarray().tolist() == [[0, 2, 0, 0], [2, 0, 3, 0], [0, 3, 0, 4], [0, 0, 4, 0]]
    fewer = g.with_adjacency(adjacency(4, edges[:2]))  # a learning round hides a tie: its strength goes with it
    assert fewer.strength is not None
    assert fewer.strength.toarray().tolist() == [[0, 2, 0, 0], [2, 0, 3, 0], [0, 3, 0, 0], [0, 0, 0, 0]]
    unknown = Graph.build(4, edges, strengths=strength_matrix(4, edges[:1], np.array([5.0])))
    assert unknown.strength is not None
    assert unknown.strength.toarray()[[1, 2, 0], [2, 3, 3]].tolist() == [1, 1, 1]  # ties not described count 1
    assert unknown.known_share.tolist() == [0.5, 0.5, 0.0, 0.0]  # of each person's ties, the share described
    stated = Graph.build(4, edges, strengths=strength_matrix(4, edges[:1], np.array([0.82])), undescribed=0.3)
    assert stated.strength is not None
    assert stated.strength.toarray()[[0, 1, 2], [1, 2, 3]].tolist() == [0.82, 0.3, 0.3]
    assert stated.with_adjacency(adjacency(4, edges[1:])).known_share.tolist() == [0.0, 0.0, 0.0, 0.0]


def test_lazega_loads_its_ties_their_strengths_and_what_lawyers_share() -> None:
    # PROVENANCE.md: 71 lawyers; advice 892 arcs, friendship 575, co-work 1,104; any of them ties a pair (1,008
    # pairs), and the pair's strength counts its arcs (1 to 6).
    net = load("lazega-lawyers", LAZEGA)
    assert (net.size, len(net.edges)) == (71, 1008)
    assert net.strengths is not None
    assert net.strengths.sum() == 892 + 575 + 1104
    assert np.bincount(net.strengths.astype(int)).tolist() == [0, 305, 240, 238, 106, 66, 53]
    holders = dict(zip(range(net.attributes.shape[1]), net.attributes.sum(axis=0).astype(int).tolist(), strict=True))
    assert sorted(holders.values()) == sorted([48, 19, 4, 15, 28, 41, 30, 36, 35])  # no "other" law school
    assert set(net.kinds) == {"location", "education;school", "work;position"}


def test_a_bad_lazega_file_names_its_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "nodes.csv").write_text(
        "id,status,gender,office,seniority_years,age,practice,law_school\n1,partner,man,Boston,3,40,corporate,UConn\n",
        encoding="utf-8",
    )
    (tmp_path / "arcs.csv").write_text("relation,from,to\nadvice,1,2\nlunch,2,1\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"arcs.csv, line 3, field relation: unknown relation 'lunch'"):
        load("lazega-lawyers", tmp_path)
    (tmp_path / "arcs.csv").write_text("relation,from,to\nadvice,1,L2\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"arcs.csv, line 2, field to: expected a lawyer's number"):
        load("lazega-lawyers", tmp_path)


def test_the_ranker_reads_strengths_where_they_are_known_and_saves_that_it_does() -> None:
    net = load("lazega-lawyers", LAZEGA)
    assert net.strengths is not None
    train, _ = split(net.edges, 0.1, 7)
    plain = Graph.build(net.size, train, net.attributes, net.kinds)
    strengths = strength_matrix(net.size, net.edges, net.strengths)
    strong = Graph.build(net.size, train, net.attributes, net.kinds, strengths)
    without, with_ = SpectralRanker.learn(plain, train, seed=7), SpectralRanker.learn(strong, train, seed=7)
    assert (without.strengths, with_.strengths) == (False, True)
    assert without.model is not None
    assert with_.model is not None
    # c columns and their c(c + 1)/2 products: 31 without (NetMF's two since the eighteenth round), 33 with
    # (strength allocation's rank and share)
    assert (len(without.model.coef), len(with_.model.coef)) == (31 + 31 * 32 // 2, 33 + 33 * 34 // 2)
    people = np.arange(71)
    top = with_.top(strong, 20, people)
    again = SpectralRanker.from_arrays(saved_arrays(with_))
    assert again.strengths
    assert all(np.array_equal(again.top(strong, 20, people)[p], top[p]) for p in range(71))
    assert not SpectralRanker.from_arrays(saved_arrays(without)).strengths
    # Its lists are the model's rank fused with strength allocation's, which counts STRENGTH_BLEND times as much.
    pairs = np.array([(p, int(q)) for p in range(71) for q in top[p]])
    fused = with_.score(strong, pairs)
    model = with_.score(strong, pairs, fused=False)
    rank = np.log(spectral.shared_ranks(strength_allocation(strong, pairs), pairs[:, 0]))  # equal ones share
    own = np.log(spectral._ranks_within(model, pairs[:, 0]))
    expected = np.exp(-(own + spectral.STRENGTH_BLEND * rank) / (1 + spectral.STRENGTH_BLEND))
    assert fused == pytest.approx(expected, rel=1e-12)
    # On a graph that lost its strengths, every tie counts 1 (the columns are still there for the model).
    assert len(with_.top(plain, 20, people)) == 71


def test_only_people_whose_ties_strengths_are_known_are_ranked_by_them() -> None:
    """In a user's network only the user's own ties are described: everyone else's list is fused as without
    strengths (Adamic-Adar's rank), exactly; the user's by strength allocation, as far as their ties are known."""
    net = load("lazega-lawyers", LAZEGA)
    assert net.strengths is not None
    train, _ = split(net.edges, 0.1, 7)
    me = 17
    mine = (train[:, 0] == me) | (train[:, 1] == me)
    graph = Graph.build(net.size, train, net.attributes, net.kinds,
                        strength_matrix(net.size, train[mine], net.strengths[:1].repeat(mine.sum()) + 2))  # fmt: skip
    assert graph.known_share[me] == 1.0
    assert np.count_nonzero(graph.known_share) == mine.sum() + 1  # the user, and each tied to them: one tie of theirs
    ranker = SpectralRanker.learn(graph, train, seed=7)
    assert ranker.model is not None
    assert ranker.strengths
    top = ranker.top(graph, 20)
    pairs = np.array([(p, int(q)) for p in range(71) for q in top[p]])
    raw = spectral.pair_features(graph, pairs)
    probability = ranker.score(graph, pairs, raw, fused=False)
    as_without = spectral.fuse(probability, raw, pairs[:, 0], spectral.BLEND)
    fused = ranker.score(graph, pairs, raw)
    nobody = graph.known_share[pairs[:, 0]] == 0
    assert nobody.sum() > 500
    assert fused[nobody] == pytest.approx(as_without[nobody], rel=1e-12)
    mine_only = pairs[:, 0] == me
    strong = np.log(spectral.shared_ranks(strength_allocation(graph, pairs[mine_only]), pairs[mine_only, 0]))
    own = np.log(spectral._ranks_within(probability[mine_only], pairs[mine_only, 0]))
    weight = spectral.STRENGTH_BLEND
    assert fused[mine_only] == pytest.approx(np.exp(-(own + weight * strong) / (1 + weight)), rel=1e-12)


@pytest.mark.slow
def test_the_evaluation_measures_against_strength_allocation_where_strengths_are_known(tmp_path: Path) -> None:
    report = evaluation.linkpred("lazega-lawyers", LAZEGA, splits=2)
    methods = [s.method for s in report.splits[0].scores]
    assert "strength-allocation" in methods
    for each in report.splits:
        by = {s.method: s for s in each.scores}
        assert by["strength-allocation"].mrr != by["resource-allocation"].mrr
    summary = {s.method: s for s in report.summary}
    best = [max(s.mrr for s in each.scores if s.method in evaluation.BASELINES) for each in report.splits]
    spectral_mrr = [next(s.mrr for s in each.scores if s.method == "kithkin-spectral") for each in report.splits]
    assert summary["kithkin-spectral"].worst_margin["mrr"] == pytest.approx(min(np.subtract(spectral_mrr, best)))
    edges, _ = _weighted(300, 5)
    (tmp_path / "ties.txt").write_text("".join(f"{a} {b}\n" for a, b in edges.tolist()), encoding="utf-8")
    plain = evaluation.linkpred("edges", tmp_path / "ties.txt", splits=1)
    assert "strength-allocation" not in [s.method for s in plain.splits[0].scores]  # none known there


def _three_undescribed(folder: Path) -> Path:
    """A store of three people in a line, the user at one end, no closeness stated and nobody met."""
    db = folder / "plain.sqlite"
    for name in ("Ann Able", "Ben Best", "Cy Cole"):
        ok(db, "person", "add", name)
    ok(db, "me", "Ann Able")
    ok(db, "tie", "Ann Able", "Ben Best")
    ok(db, "tie", "Ben Best", "Cy Cole")
    return db


def test_the_closeness_a_user_states_reaches_the_ranker(learned_demo: Path, tmp_path: Path) -> None:
    with Store.open(learned_demo, create=False) as store:
        snap = snapshot(store)
    assert snap.interaction is not None
    described = np.count_nonzero(snap.interaction)
    assert 0 < described < len(snap.interaction) / 2  # the user's described ties; the rest not known (0)
    with np.load(learned_demo.with_name(learned_demo.name + ".ranker.npz")) as saved:
        assert bool(saved["strengths"])
    # A store where nobody said how close a tie is, and the user met nobody: no strengths, until one is stated.
    db = _three_undescribed(tmp_path)
    with Store.open(db, create=False) as store:
        assert snapshot(store).interaction is None
    ok(db, "tie", "Ann Able", "Ben Best", "--closeness", "5")
    with Store.open(db, create=False) as store:
        found = snapshot(store).interaction
    assert found is not None
    assert sorted(np.round(found, 2).tolist()) == [0.0, 0.82]  # not known (the graph counts it 0.3), "closest"


def test_the_suggestions_page_says_when_closeness_counts(demo_copy: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from kithkin.services import suggestions
    from kithkin.web import create_app

    said = "counting most where they run through people you are close to or in touch with"
    with Store.open(demo_copy) as store:
        assert suggestions.suggest_page(store, "me", limit=3).closeness_counts  # the demo's user described ties
    with TestClient(create_app(demo_copy), base_url="http://127.0.0.1:8765") as client:
        assert said in " ".join(client.get("/suggestions").text.split())
    db = _three_undescribed(tmp_path)
    with Store.open(db) as store:
        assert not suggestions.suggest_page(store, "me").closeness_counts
    with TestClient(create_app(db), base_url="http://127.0.0.1:8765") as client:
        page = " ".join(client.get("/suggestions").text.split())
    assert "Ranked by your network: ties you share and the rarer groups" in page
