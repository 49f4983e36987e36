"""Link-prediction scores on graphs small enough to check by hand, then the harness on real data."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kithkin.network.evaluate import auc, metrics, split
from kithkin.network.heuristics import top_k
from kithkin.network.linkpred import BLENDS, Graph, Ranker, heuristic_pair_scores, heuristic_top, pair_features, two_hop
from kithkin.network.parallel import run_blocks
from kithkin.sources.snap import load, undirected
from shared_data import SHARED

DATA = SHARED
# A square 0-1-2-3-0 with a tail 3-4: 0 and 2 share neighbours 1 and 3; 1 and 3 share 0 and 2.
SQUARE = np.array([[0, 1], [1, 2], [2, 3], [0, 3], [3, 4]])


def test_heuristics_on_a_square_with_a_tail() -> None:
    g = Graph.build(5, SQUARE)
    assert g.degree.tolist() == [2, 2, 2, 3, 1]
    pairs = np.array([[0, 2], [1, 3], [1, 4]])
    assert heuristic_pair_scores(g, "common-neighbours", pairs).tolist() == [2, 2, 0]
    assert heuristic_pair_scores(g, "adamic-adar", pairs)[0] == pytest.approx(1 / math.log(2) + 1 / math.log(3))
    assert heuristic_pair_scores(g, "resource-allocation", pairs)[0] == pytest.approx(1 / 2 + 1 / 3)
    assert heuristic_pair_scores(g, "jaccard", pairs)[0] == pytest.approx(2 / (2 + 2 - 2))
    assert heuristic_pair_scores(g, "preferential-attachment", pairs).tolist() == pytest.approx(
        [math.log1p(4), math.log1p(6), math.log1p(2)]
    )
    # Two hops from 4 is only 0 and 2 (through 3); 3 is already a neighbour.
    assert np.flatnonzero(two_hop(g, np.array([4]), "common-neighbours").toarray()[0]).tolist() == [0, 2, 4]


def test_top_lists_skip_self_and_known_ties() -> None:
    g = Graph.build(5, SQUARE)
    top = heuristic_top(g, "adamic-adar", 10)
    assert top[0].tolist() == [2, 4]
    assert top[4].tolist() == [0, 2]
    by_degree = heuristic_top(g, "preferential-attachment", 2)
    assert by_degree[4].tolist() == [0, 1]  # highest degree first, ties by id, 3 already known


def test_rare_attributes_count_and_common_ones_are_pruned() -> None:
    import scipy.sparse as sp

    people = 40
    rows = [0, 1, *range(people)]  # attribute 0: two people; attribute 1: everyone
    cols = [0, 0] + [1] * people
    attributes = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(people, 2))
    g = Graph.build(people, np.array([[0, 2], [1, 3]]), attributes)
    assert g.attributes.shape == (people, 1)
    assert g.attributes[[0]].toarray()[0, 0] ** 2 == pytest.approx(math.log(people / 2))


def test_split_hides_a_share_and_keeps_everyone_connected() -> None:
    edges = undirected(np.array([[i, j] for i in range(30) for j in range(i + 1, 30) if (i * j) % 7 < 3]))
    train, test = split(edges, 0.2, seed=1)
    assert len(test) == int(len(edges) * 0.2)
    assert len(train) + len(test) == len(edges)
    assert set(np.unique(train.ravel())) == set(np.unique(edges.ravel()))


def test_metrics_and_auc_by_hand() -> None:
    top = {0: np.array([5, 6, 7]), 1: np.array([9, 8])}
    hits, mrr = metrics(top, np.array([[0, 6], [1, 8], [2, 3]]))
    assert hits[10] == pytest.approx(2 / 3)
    # People with hidden ties: 0 (first at rank 2), 1 (rank 2), 6, 8, 2, 3 (none): (1/2 + 1/2) / 6.
    assert mrr == pytest.approx(1 / 6)
    assert auc(np.array([0.9, 0.8, 0.1, 0.2]), np.array([True, True, False, False])) == 1.0
    assert auc(np.array([0.5, 0.5]), np.array([True, False])) == 0.5


def test_email_eu_core_loads_with_departments() -> None:
    net = load("email-eu-core", DATA / "email-eu-core")
    assert net.size == 1005
    assert len(net.edges) == 16064  # distinct undirected non-loop pairs, as its PROVENANCE counts
    assert net.attributes.shape == (1005, 42)
    assert net.attributes.sum() == 1005


def test_more_snap_networks_load_with_their_published_counts() -> None:
    # PROVENANCE.md of each: ca-GrQc 14,484 non-loop edges among 5,242 ids, one of them only on a self-loop (so
    # 5,241 people once renumbered from 0); LastFM Asia 27,806 edges, 7,624 users in 18 countries; GitHub 289,003
    # edges, 37,700 developers, 9,739 of them machine-learning.
    grqc = load("ca-grqc", DATA / "ca-grqc")
    assert (grqc.size, len(grqc.edges), grqc.edges.max()) == (5241, 14484, 5240)
    lastfm = load("lastfm-asia", DATA / "lastfm-asia")
    assert (lastfm.size, len(lastfm.edges), lastfm.attributes.shape) == (7624, 27806, (7624, 18))
    assert lastfm.attributes.sum(axis=0).max() == 1572
    assert set(lastfm.kinds) == {"country"}
    github = load("musae-github", DATA / "musae-github")
    assert (github.size, len(github.edges)) == (37700, 289003)
    assert github.attributes.sum(axis=0).tolist() == [37700 - 9739, 9739]
    for net in (grqc, lastfm, github):
        assert (net.edges[:, 0] < net.edges[:, 1]).all()
        assert len(np.unique(net.edges, axis=0)) == len(net.edges)


def test_ego_twitter_loads_hashtags_and_mentions_as_interests() -> None:
    # PROVENANCE.md: 16,969 people, 245,861 unordered pairs; 56,470 distinct names, 7 of them a name of another
    # with a trailing no-break space ("@romanbb\xa0"), so 56,463 interests.
    net = load("ego-twitter", DATA / "ego-twitter-sample")
    assert (net.size, len(net.edges), net.attributes.shape[1]) == (16969, 245861, 56463)
    assert set(net.kinds) == {"hashtag", "mention"}
    values = net.attributes.sum(axis=0)
    assert values.max() == 1505  # the commonest, held by 1,505 people
    assert net.attributes.data.max() == 1.0


def test_a_csv_edge_list_with_a_bad_cell_names_its_file_line_and_field(tmp_path: Path) -> None:
    from kithkin.errors import SourceError

    (tmp_path / "lastfm_asia_edges.csv.gz").write_bytes(gzip.compress(b"node_1,node_2\n0,1\n2,x3\n"))
    with pytest.raises(SourceError, match=r"lastfm_asia_edges.csv.gz, line 3, field node_2: expected a whole"):
        load("lastfm-asia", tmp_path)
    (tmp_path / "musae_git_edges.csv.gz").write_bytes(gzip.compress(b"a,b\n0,1\n"))
    with pytest.raises(SourceError, match=r"line 1: no id_1, id_2 column in the header"):
        load("musae-github", tmp_path)


def test_an_ego_network_whose_features_and_names_disagree_is_refused(tmp_path: Path) -> None:
    from kithkin.errors import SourceError

    (tmp_path / "sample_combined_arcs.txt.gz").write_bytes(gzip.compress(b"12 13\n"))
    (tmp_path / "12.featnames").write_text("0 #a\n1 @b\n", encoding="utf-8")
    (tmp_path / "12.feat").write_text("13 1 0 1\n", encoding="utf-8")
    (tmp_path / "12.egofeat").write_text("1 1\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"12.feat: 3 feature columns, but 12.featnames names 2"):
        load("ego-twitter", tmp_path)


@pytest.mark.slow
def test_eval_linkpred_cli_on_real_data(tmp_path: Path) -> None:
    from kithkin.cli import app

    out = tmp_path / "predictions"
    result = CliRunner().invoke(
        app, ["eval", "linkpred", "email-eu-core", "--data", str(DATA / "email-eu-core"), "--predictions", str(out),
              "--splits", "1", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    import json

    report = json.loads(result.stdout)
    methods = {s["method"]: s for s in report["splits"][0]["scores"]}
    assert set(methods) == {"common-neighbours", "jaccard", "adamic-adar", "resource-allocation",
                            "preferential-attachment", "kithkin-logistic", "kithkin-ltr",
                            "kithkin-spectral"}  # fmt: skip
    # Neighbourhood heuristics find far more hidden ties than degree alone.
    assert methods["adamic-adar"]["hits"]["10"] > 2 * methods["preferential-attachment"]["hits"]["10"]
    for name in ("kithkin-logistic", "kithkin-ltr", "kithkin-spectral"):
        assert methods[name]["hits"]["50"] > 0.7
        # per person, both directions: each hidden tie is looked for twice, so never above the per-edge count
        assert methods[name]["person_hits"]["20"] <= methods[name]["hits"]["20"]
    summary = {s["method"]: s for s in report["summary"]}
    assert summary["kithkin-ltr"]["spread"]["hits@10"] == 0.0  # one split: no spread
    assert set(summary["kithkin-ltr"]["worst_margin"]) >= {"hits@10", "mrr"}
    assert report["splits"][0]["validation"]["ltr"]  # the ranker's own validation, on training ties only
    lines = (out / "kithkin-ltr.txt").read_text().splitlines()
    assert len(lines) > 900  # everyone with a hidden tie or a training tie
    first = lines[0].split()
    assert first[0] == "0"
    assert 1 < len(first) <= 51


def test_the_rankers_never_read_the_test_file(tmp_path: Path) -> None:
    """The harness hands the test file to no ranker: replace it by a decoy over the same people, and every
    ranker's suggestions stay exactly the same (only the scores computed from them change)."""
    import networkx as nx

    from kithkin.services import evaluation

    graph = nx.powerlaw_cluster_graph(500, 5, 0.3, seed=3)
    edges = undirected(np.array(graph.edges(), dtype=np.int64))
    train, test = split(edges, 0.1, seed=5)
    rng = np.random.default_rng(11)
    tied = {(int(a), int(b)) for a, b in edges}
    decoy = set()
    while len(decoy) < len(test):
        a, b = sorted(int(x) for x in rng.choice(500, 2, replace=False))
        if (a, b) not in tied:
            decoy.add((a, b))
    files = {}
    for name, pairs in (("train", train), ("test", test), ("decoy", np.array(sorted(decoy)))):
        files[name] = tmp_path / f"{name}.txt"
        files[name].write_text("".join(f"{a} {b}\n" for a, b in pairs.tolist()), encoding="utf-8")
    made = {}
    for name in ("test", "decoy"):
        out = tmp_path / f"out-{name}"
        made[name] = evaluation.linkpred("edges", files["train"], train=files["train"], test=files[name],
                                         predictions=out)  # fmt: skip
    for method in ("kithkin-logistic", "kithkin-ltr", "kithkin-spectral", "resource-allocation"):
        real = (tmp_path / "out-test" / f"{method}.txt").read_text()
        assert real == (tmp_path / "out-decoy" / f"{method}.txt").read_text(), method
    ltr = {s.method: s for s in made["test"].scores}["kithkin-ltr"]
    assert ltr.hits[50] > {s.method: s for s in made["decoy"].scores}["kithkin-ltr"].hits[50]


def test_eval_linkpred_unknown_dataset_is_one_line(tmp_path: Path) -> None:
    from kithkin.cli import app

    result = CliRunner().invoke(app, ["eval", "linkpred", "nope", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "unknown data set" in result.stderr


def _brute_top(g: Graph, method: str, k: int) -> dict[int, list[int]]:
    """Top lists by the definition: score every non-tied pair with a dense matrix, sort by (-score, id)."""
    a = g.adj.toarray()
    scores = a @ np.diag(g.weights(method)) @ a
    found = {}
    for u in range(g.size):
        others = [v for v in range(g.size) if v != u and a[u, v] == 0 and scores[u, v] > 0]
        found[u] = sorted(others, key=lambda v: (-scores[u, v], v))[:k]
    return found


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 40), st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=150),
       st.integers(1, 6), st.sampled_from(["common-neighbours", "adamic-adar", "resource-allocation"]))  # fmt: skip
def test_vectorised_top_lists_match_the_definition(
    size: int, pairs: list[tuple[int, int]], k: int, method: str
) -> None:
    edges = np.array([(u % size, v % size) for u, v in pairs], dtype=np.int64).reshape(-1, 2)
    g = Graph.build(size, edges)  # self-loops and duplicates included on purpose
    expected = _brute_top(g, method, k)
    got = top_k(two_hop(g, np.arange(size), method), np.arange(size), g, k)
    assert {u: got[u].tolist() for u in range(size)} == expected
    selected = heuristic_top(g, method, k, workers=1)  # chosen inside the product, not from all of it
    assert {u: selected[u].tolist() for u in range(size)} == expected


def test_selection_inside_the_product_breaks_ties_beyond_its_cut_by_id() -> None:
    # A hub 0 with 60 leaves: every leaf has 59 candidates, all tied through the hub, more than the product
    # keeps per row (2k + 9), so the rows are redone in full. Leaves 40-43 also share person 61: for them,
    # the other three come first, then the lowest ids.
    edges = np.array([[0, leaf] for leaf in range(1, 61)] + [[61, leaf] for leaf in range(40, 44)])
    g = Graph.build(62, edges)
    for workers in (1, 2):
        top = heuristic_top(g, "adamic-adar", 5, workers=workers)
        assert top[1].tolist() == [2, 3, 4, 5, 6]
        assert top[41].tolist() == [40, 42, 43, 1, 2]
        assert top[0].tolist() == [61]
        assert {u: t.tolist() for u, t in top.items()} == _brute_top(g, "adamic-adar", 5)


def test_a_worker_that_dies_mid_block_is_an_error_not_a_hang() -> None:
    import os
    import time

    parent = os.getpid()

    def job(rows: np.ndarray) -> int:
        if os.getpid() == parent:
            time.sleep(0.05)  # slower here, so the worker claims blocks past 30 too
        elif rows[0] >= 30:
            os._exit(3)  # as if killed (out of memory): no result, no word
        return int(rows.sum())

    parts = [np.arange(i, i + 3) for i in range(0, 60, 3)]
    with pytest.raises(RuntimeError, match="stopped without finishing"):
        list(run_blocks(job, parts, workers=2))


def test_a_failing_block_in_a_worker_is_an_error_not_a_hang() -> None:
    def job(rows: np.ndarray) -> int:
        if rows[0] == 27:
            raise ValueError("block 27")
        return int(rows.sum())

    parts = [np.arange(i, i + 3) for i in range(0, 60, 3)]
    with pytest.raises((RuntimeError, ValueError), match="block 27"):
        list(run_blocks(job, parts, workers=2))


def test_top_lists_agree_across_blocks_and_processes() -> None:
    net = load("email-eu-core", DATA / "email-eu-core")
    g = Graph.build(net.size, net.edges, net.attributes)
    one = heuristic_top(g, "resource-allocation", 20, workers=1)
    seen: list[tuple[int, int]] = []
    two = heuristic_top(g, "resource-allocation", 20, workers=2, progress=lambda d, t: seen.append((d, t)))
    assert all(one[p].tolist() == two[p].tolist() for p in range(net.size))
    assert seen[-1] == (net.size, net.size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    squares = list(run_blocks(lambda rows: int((rows**2).sum()), [np.arange(i, i + 3) for i in range(0, 30, 3)],
                              workers=2))  # fmt: skip
    assert squares == [int((np.arange(i, i + 3) ** 2).sum()) for i in range(0, 30, 3)]


def test_three_hop_on_a_path() -> None:
    # 0-1-2-3: 0 and 3 are three steps apart through degrees 2 and 2: 1/2 * 1/2.
    g = Graph.build(4, np.array([[0, 1], [1, 2], [2, 3]]))
    features = pair_features(g, np.array([[0, 3], [0, 2]]))
    assert features[0, 9] == pytest.approx(0.25)
    assert features[1, 0] == 1.0


@pytest.mark.slow
def test_ranker_chooses_a_blend_on_its_own_held_out_ties_and_beats_heuristics_there() -> None:
    net = load("email-eu-core", DATA / "email-eu-core")
    train, _ = split(net.edges, 0.1, seed=7)
    g = Graph.build(net.size, train, net.attributes)
    steps: list[tuple[int, int]] = []
    ranker = Ranker.learn(g, train, seed=7, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]  # three rounds of examples, then the fit
    assert ranker.model is not None
    assert ranker.overall is not None
    assert [c.blend for c in ranker.choices] == list(BLENDS)
    chosen = max(ranker.choices, key=lambda c: c.margin)
    assert ranker.blend == chosen.blend
    assert chosen.margin > 0  # better than the best heuristic on Hits@10/20/50 and MRR of the held-out round
    top = ranker.top(g, 20, np.array([0, 1, 2]), workers=1)
    known = {(int(a), int(b)) for a, b in train} | {(int(b), int(a)) for a, b in train}
    assert all(len(top[p]) == 20 and not any((p, int(q)) in known or p == q for q in top[p]) for p in (0, 1, 2))


def test_ranker_falls_back_on_a_tiny_network() -> None:
    g = Graph.build(5, SQUARE)
    ranker = Ranker.learn(g, SQUARE)
    assert ranker.model is None
    assert ranker.top(g, 3)[4].tolist() == [0, 2]


def test_a_consumer_that_stops_early_stops_the_workers_at_once() -> None:
    import multiprocessing
    import threading
    import time

    def slow(rows: np.ndarray) -> int:
        time.sleep(0.05)
        return int(rows.sum())

    parts = [np.arange(i, i + 3) for i in range(0, 300, 3)]
    results = run_blocks(slow, parts, workers=2)
    assert next(results) == 3
    results.close()  # as `with contextlib.closing(...)` does when the loop over them fails
    assert multiprocessing.active_children() == []
    assert not [t for t in threading.enumerate() if t.daemon and t.is_alive() and "_read" in str(t)]
