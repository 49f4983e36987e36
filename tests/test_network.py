"""Link-prediction scores on graphs small enough to check by hand, then the harness on real data."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from kithkin.network.evaluate import auc, metrics, split
from kithkin.network.linkpred import Graph, heuristic_pair_scores, heuristic_top, two_hop
from kithkin.sources.snap import load, undirected

DATA = Path(__file__).parent / "data"
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


def test_eval_linkpred_cli_on_real_data(tmp_path: Path) -> None:
    out = tmp_path / "predictions"
    result = CliRunner().invoke(
        app, ["eval", "linkpred", "email-eu-core", "--data", str(DATA / "email-eu-core"), "--predictions", str(out),
              "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    import json

    report = json.loads(result.stdout)
    methods = {s["method"]: s for s in report["scores"]}
    assert set(methods) == {"common-neighbours", "jaccard", "adamic-adar", "resource-allocation",
                            "preferential-attachment", "kithkin"}  # fmt: skip
    # Neighbourhood heuristics find far more hidden ties than degree alone.
    assert methods["adamic-adar"]["hits"]["10"] > 2 * methods["preferential-attachment"]["hits"]["10"]
    assert methods["kithkin"]["hits"]["50"] > 0.7
    lines = (out / "kithkin.txt").read_text().splitlines()
    assert len(lines) > 900  # everyone with a hidden tie or a training tie
    first = lines[0].split()
    assert first[0] == "0"
    assert 1 < len(first) <= 51


def test_eval_linkpred_unknown_dataset_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "linkpred", "nope", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "unknown data set" in result.stderr
