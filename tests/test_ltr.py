"""kithkin's learning-to-rank ranker: features checked by hand, then learning, saving and determinism."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from kithkin.network.evaluate import split
from kithkin.network.linkpred import Graph, pair_features
from kithkin.network.ltr import LTR_FEATURES, LtrRanker, ltr_features
from kithkin.sources.snap import load, undirected
from ranker_support import saved_arrays

SQUARE = np.array([[0, 1], [1, 2], [2, 3], [0, 3], [3, 4]])


def _network(size: int = 500, seed: int = 3) -> tuple[Graph, np.ndarray, np.ndarray]:
    edges = undirected(np.array(nx.powerlaw_cluster_graph(size, 5, 0.3, seed=seed).edges(), dtype=np.int64))
    train, test = split(edges, 0.1, seed=5)
    return Graph.build(size, train), train, test


def test_features_of_a_square_with_a_tail() -> None:
    g = Graph.build(5, SQUARE)
    pairs = np.array([[4, 0], [4, 2], [4, 1]])  # 4's candidates: 0 and 2 through 3, 1 three steps away
    table = ltr_features(g, pairs, pair_features(g, pairs))
    column = {name: table[:, i] for i, name in enumerate(LTR_FEATURES)}
    assert column["salton"].tolist() == pytest.approx([1 / np.sqrt(2), 1 / np.sqrt(2), 0.0])
    assert column["rank:common-neighbours"].tolist() == pytest.approx(np.log([1, 2, 3]).tolist())  # ties by place
    assert column["share-of-best:resource-allocation"].tolist() == [1.0, 1.0, 0.0]
    assert column["clustering-person"].tolist() == [0.0, 0.0, 0.0]
    # personalised PageRank from 4 (restart ½, three steps): 4-3-0 has probability 1/3 (weighted ¼), and the
    # three-step walks to 0 (weighted ⅛) are what three-hop resource allocation counts; degree(4) = 1
    raw = pair_features(g, pairs)
    assert column["personalised-pagerank"].tolist() == pytest.approx((0.25 * raw[:, 2] + 0.125 * raw[:, 9]).tolist())
    assert column["personalised-pagerank"][0] == pytest.approx(0.25 / 3 + 0.125 * raw[0, 9])


def test_a_tiny_network_falls_back_to_the_plain_ranker() -> None:
    g = Graph.build(5, SQUARE)
    ranker = LtrRanker.learn(g, SQUARE)
    assert ranker.booster is None
    assert ranker.top(g, 3)[4].tolist() == [0, 2]


def test_learning_is_validated_saved_without_pickle_and_reproducible() -> None:
    g, train, _ = _network()
    steps: list[tuple[int, int]] = []
    ranker = LtrRanker.learn(g, train, seed=7, progress=lambda done, total: steps.append((done, total)))
    assert steps[0] == (0, 8)
    assert steps[-1] == (8, 8)
    assert (ranker.booster is None) == (ranker.fallback is not None)  # trees, or the heuristic that beat them
    assert [v.method for v in ranker.validation] == ["ltr", "common-neighbours", "jaccard", "adamic-adar",
                                                     "resource-allocation"]  # fmt: skip
    assert ranker.importance.sum() == pytest.approx(1.0)
    people = np.arange(0, 500, 7)
    top = ranker.top(g, 20, people, workers=1)
    again = LtrRanker.from_arrays(saved_arrays(ranker))
    assert again.fallback == ranker.fallback
    assert all(np.array_equal(again.top(g, 20, people, workers=1)[p], top[p]) for p in people.tolist())
    relearned = LtrRanker.learn(g, train, seed=7)
    assert all(np.array_equal(relearned.top(g, 20, people, workers=2)[p], top[p]) for p in people.tolist())
    known = {(int(a), int(b)) for a, b in train} | {(int(b), int(a)) for a, b in train}
    assert all(not any((p, int(q)) in known or p == int(q) for q in top[p]) for p in people.tolist())


def test_shared_kinds_and_their_conjunctions_by_hand() -> None:
    # 40 people; 0 and 1 share a school and a class year, 0 and 2 the school only, 0 and 3 a city and an employer
    size = 40
    kinds = ("education;school", "education;year", "work;employer", "location")
    holders = {0: [0, 1, 2], 1: [0, 1], 2: [0, 3], 3: [0, 3]}
    rows = [p for col in holders for p in holders[col]]
    cols = [col for col in holders for _ in holders[col]]
    attributes = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(size, 4))
    edges = np.array([[0, 4], [4, 1], [4, 2], [4, 3], *([4, p] for p in range(5, size))])
    g = Graph.build(size, edges, attributes, kinds)
    pairs = np.array([[0, 1], [0, 2], [0, 3]])
    table = ltr_features(g, pairs, pair_features(g, pairs))
    column = {name: table[:, i] for i, name in enumerate(LTR_FEATURES)}
    school, pair = np.log(size / 3), np.log(size / 2)  # idf: three hold the school, two each of the others
    assert column["kind:school"].tolist() == pytest.approx([school, school, 0.0])
    assert column["kind:year"].tolist() == pytest.approx([pair, 0.0, 0.0])
    assert column["both:school-and-year"].tolist() == pytest.approx([school, 0.0, 0.0])  # the lower of the two
    assert column["both:city-and-employer"].tolist() == pytest.approx([0.0, 0.0, pair])
    assert column["both:employer-and-dates"].tolist() == [0.0, 0.0, 0.0]
    # everyone is two steps from 0 through 4, so one community; no 3-paths from 0 to 1 (only 0-4-1)
    assert column["same-community"].tolist() == [1.0, 1.0, 1.0]
    assert column["three-paths"].tolist() == [0.0, 0.0, 0.0]


def test_three_paths_and_reciprocity_on_a_square_with_a_tail() -> None:
    g = Graph.build(5, SQUARE)  # 0-1-2-3-0 and 3-4
    pairs = np.array([[4, 0], [4, 2], [4, 1]])
    table = ltr_features(g, pairs, pair_features(g, pairs))
    column = {name: table[:, i] for i, name in enumerate(LTR_FEATURES)}
    assert column["three-paths"].tolist() == pytest.approx(np.log1p([0, 0, 2]).tolist())  # 4-3-0-1 and 4-3-2-1
    # 0's best untied resource allocation is with 2 (through 1 and 3: 1/2 + 1/3); with 4 it is 1/3
    assert column["reciprocal-share"][0] == pytest.approx((1 / 3) / (1 / 2 + 1 / 3))
    assert column["reciprocal-top-20"].tolist() == [1.0, 1.0, 0.0]  # 0 and 2 have fewer than 20: any score counts


def test_ego_facebook_attributes_carry_their_kinds() -> None:
    from tests.shared_data import SHARED

    net = load("ego-facebook", SHARED / "ego-facebook")
    assert len(net.kinds) == net.attributes.shape[1]
    assert {"education;school", "education;year", "work;employer", "work;start_date", "location"} <= set(net.kinds)
    g = Graph.build(net.size, net.edges[:2000], net.attributes, net.kinds)
    assert g.kind_groups.shape == (g.attributes.shape[1], 9)
    assert g.kind_groups.sum() > 0


def test_reasons_follow_the_trees_contributions() -> None:
    import lightgbm

    from kithkin.network.reasons import reason_of

    # a model that scores a pair by the school both attended alone: its reasons are the school, nothing else
    size = 60
    kinds = ("education;school", "hometown")
    rows = [0, *range(1, 6), 0, 45, 46]  # six of 60 went to the school (a tenth: rare enough to count)
    cols = [0] * 6 + [1, 1, 1]
    attributes = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(size, 2))
    edges = np.array([[0, 59], *([59, p] for p in range(1, 59))])
    g = Graph.build(size, edges, attributes, kinds)
    pairs = np.array([[0, p] for p in range(1, 59)])
    taught = np.zeros((200, len(LTR_FEATURES)))  # only the school varies in what the trees learn from
    taught[100:, LTR_FEATURES.index("kind:school")] = 2.0
    labels = np.r_[np.zeros(100), np.ones(100)]
    booster = lightgbm.train({"objective": "binary", "verbosity": -1, "min_data_in_leaf": 5, "num_threads": 1},
                             lightgbm.Dataset(taught, label=labels), num_boost_round=5)  # fmt: skip
    weights = LtrRanker(None, booster=booster).reasons(g, pairs[[0, 50]])  # 1: same school; 51: nothing alike
    assert weights is not None
    assert weights[0]["school"] > 0
    assert max(weights[0], key=lambda kind: weights[0][kind]) == "school"
    assert weights[0]["mutual"] == weights[0]["place"] == 0.0
    assert weights[1]["school"] == 0.0  # a negative contribution is no reason
    assert reason_of("both:school-and-year") == "school"
    assert reason_of("clustering-person") is None
    assert LtrRanker(None).reasons(g, pairs) is None  # no trees, no weights: common ground keeps its own order
