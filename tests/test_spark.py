"""The Spark engine gives the in-process engine's answers: same people, same order, scores equal to 1e-9.

Every Spark column and what it mirrors in the in-process engine is listed once, in
``kithkin.spark.features`` (``AGGREGATES``: the joins' sums; ``FORMULAS``: each of
``kithkin.network.linkpred.FEATURES`` from them); the lists are compared with
``kithkin.network.scored.top_scored`` (``Ranker.top_block`` with its scores kept), itself checked against
``Ranker.top``. The Spark tests run wherever Java is (always under CI); elsewhere without ``java`` they skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from kithkin.cli import app
from kithkin.generate import generate
from kithkin.network.heuristics import Graph
from kithkin.network.linkpred import FEATURES, Ranker, pair_features
from kithkin.network.scored import COLUMNS, Top, top_scored
from kithkin.services import batch
from kithkin.sources import parquet
from kithkin.sources.snap import load_ego_facebook
from kithkin.spark.features import FORMULAS, raw_features

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
EGO = DATA / "ego-facebook"
#: People in the generated network of the parity test (10^5 by hand: see bench/RESULTS.md).
GENERATED = int(os.environ.get("KITHKIN_SPARK_PEOPLE", "1500"))

needs_java = pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("CI"), reason="no Java runtime (Spark needs one)"
)


def test_every_ranker_feature_is_mirrored() -> None:
    assert tuple(FORMULAS) == FEATURES


def test_raw_features_are_pair_features_from_the_aggregates() -> None:
    rng = np.random.default_rng(3)
    edges = rng.integers(0, 60, size=(300, 2))
    graph = Graph.build(60, edges)
    pairs = rng.integers(0, 60, size=(200, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    expected = pair_features(graph, pairs)
    du, dv = graph.degree[pairs[:, 0]], graph.degree[pairs[:, 1]]
    columns = dict(zip(("cn", "aa", "ra"), expected[:, :3].T, strict=True)) | {
        "du": du,
        "dv": dv,
        "rarity": expected[:, 7],
        "count": expected[:, 8],
        "three": expected[:, 9],
        "embedded": expected[:, 10],
    }
    assert np.array_equal(raw_features(columns), expected)


def test_scored_top_lists_are_the_rankers() -> None:
    net = generate(400, seed=3)
    graph = Graph.build(400, np.stack([net.tie_a, net.tie_b], axis=1))
    ranker = Ranker.learn(graph, np.stack([net.tie_a, net.tie_b], axis=1), sample=300)
    found, expected = top_scored(ranker, graph, 10), ranker.top(graph, 10)
    for person in range(400):
        assert found.candidate[found.person == person].tolist() == expected[person].tolist()


def _spark_top(spark: Any, folder: Path, ranker: Ranker, k: int, span: tuple[int, int] | None, **salting: int) -> Top:
    from kithkin.spark.suggest import suggest

    rows = suggest(spark, str(folder), ranker, k, span=span, **salting).orderBy("person", "rank").collect()
    person, rank, candidate, score, mutual, shared = (np.array([r[i] for r in rows]) for i in range(6))
    return Top(person, rank, candidate, score.astype(float), mutual, shared)


def _assert_same(found: Top, expected: Top) -> None:
    order = np.lexsort((expected.rank, expected.person))
    assert len(found.person) == len(expected.person)
    for column in ("person", "rank", "candidate", "mutual", "shared"):
        assert getattr(found, column).tolist() == getattr(expected, column)[order].tolist(), column
    np.testing.assert_allclose(found.score, expected.score[order], rtol=0, atol=1e-9)


def _parity(spark: Any, folder: Path, sample: int, span: tuple[int, int] | None = None, **salting: int) -> None:
    network = batch.load_network(folder)
    ranker = Ranker.learn(network.graph, network.edges, sample=sample)
    assert ranker.model is not None
    expected = batch.suggest_local(network, ranker, 20)
    if span is not None:
        inside = (expected.person >= span[0]) & (expected.person < span[1])
        expected = Top(*(getattr(expected, column)[inside] for column in COLUMNS))
    _assert_same(_spark_top(spark, folder, ranker, 20, span=span, **salting), expected)


@pytest.mark.slow
@needs_java
def test_spark_matches_in_process_on_a_generated_network(spark: Any, tmp_path: Path) -> None:
    net = generate(GENERATED, seed=7)
    parquet.write_network(
        tmp_path, np.arange(GENERATED), np.stack([net.tie_a, net.tie_b], axis=1), net.aff_person, net.aff_group
    )
    _parity(spark, tmp_path, sample=500)


@pytest.mark.slow
@needs_java
def test_slices_give_the_same_lists_as_one_run(spark: Any, tmp_path: Path) -> None:
    """Written a slice of people at a time (three runs of whole blocks, one of them short), the lists are the
    in-process engine's, every person exactly once."""
    from kithkin.spark.suggest import BLOCK, spans, write

    size = 2 * BLOCK + 200
    net = generate(size, seed=5)
    folder = tmp_path / "in"
    parquet.write_network(
        folder, np.arange(size), np.stack([net.tie_a, net.tie_b], axis=1), net.aff_person, net.aff_group
    )
    assert spans(size, 3) == [(0, BLOCK), (BLOCK, 2 * BLOCK), (2 * BLOCK, size)]
    network = batch.load_network(folder)
    ranker = Ranker.learn(network.graph, network.edges, sample=300)
    out = str(tmp_path / "out.parquet")
    assert write(spark, str(folder), ranker, out, 10, slices=3) == 3
    rows = spark.read.parquet(out).orderBy("person", "rank").collect()
    person, rank, candidate, score, mutual, shared = (np.array([r[i] for r in rows]) for i in range(6))
    _assert_same(
        Top(person, rank, candidate, score.astype(float), mutual, shared), batch.suggest_local(network, ranker, 10)
    )


@pytest.mark.slow
@needs_java
def test_a_salted_hub_gives_the_in_process_answers(spark: Any, tmp_path: Path) -> None:
    """A person tied to a third of everyone: salted over 4 keys (hub threshold 50), same lists as in-process."""
    size = 600
    net = generate(size, seed=11)
    hub = np.stack([np.zeros(size // 3, dtype=np.int64), np.arange(1, size // 3 + 1)], axis=1)
    ties = np.concatenate([np.stack([net.tie_a, net.tie_b], axis=1), hub])
    parquet.write_network(tmp_path, np.arange(size), ties, net.aff_person, net.aff_group)
    from kithkin.spark.suggest import Network

    network = Network(spark, str(tmp_path))
    assert network.hubs(50) >= 1
    assert network.hubs(size) == 0
    salted = network.two_hop(50, 4)
    assert salted.count() == network.two_hop(10**9, 1).count()  # the same pairs, salted or not
    _parity(spark, tmp_path, sample=300, hub=50, salts=4)


@pytest.mark.slow
@needs_java
@pytest.mark.skipif(not EGO.is_dir(), reason="needs ../shared/data/ego-facebook")
def test_spark_matches_in_process_on_ego_facebook(spark: Any, tmp_path: Path) -> None:
    ego = load_ego_facebook(EGO)
    member, group = ego.attributes.nonzero()
    parquet.write_network(tmp_path, np.arange(ego.size), ego.edges, member, group)
    from kithkin.spark.suggest import BLOCK

    # The first block of people (hubs among them: 0 and 107, egos of 347 and 1,045 ties), not all four: the
    # whole network is the generated tests' part; each person's list depends only on their own rows.
    _parity(spark, tmp_path, sample=500, span=(0, BLOCK))


@pytest.mark.slow
@needs_java
def test_batch_suggest_from_an_export_on_both_engines(spark: Any, tmp_path: Path) -> None:
    runner, db = CliRunner(), str(tmp_path / "k.sqlite")
    result = runner.invoke(app, ["demo", "--size", "300", "--out", db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["--db", db, "export", "--format", "parquet", str(tmp_path / "in")])
    assert result.exit_code == 0, result.output
    assert parquet.read_manifest(tmp_path / "in")["schema_version"] == parquet.SCHEMA_VERSION
    lists = {}
    for engine in batch.ENGINES:
        result = runner.invoke(
            app,
            [
                "batch",
                "suggest",
                "--engine",
                engine,
                "--input",
                str(tmp_path / "in"),
                "--output",
                str(tmp_path / engine),
                "--top",
                "5",
            ],
        )
        assert result.exit_code == 0, result.output
        table = parquet.read_columns(tmp_path / engine, "suggestions")
        order = np.lexsort((table["rank"], table["person"]))
        lists[engine] = {k: v[order] for k, v in table.items()}
    assert lists["local"]["candidate"].tolist() == lists["spark"]["candidate"].tolist()
    np.testing.assert_allclose(lists["local"]["score"], lists["spark"]["score"], rtol=0, atol=1e-9)


_LISTENING = """
import json, socket, sys
from kithkin.spark.session import session, ui_url

def reaches(host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False

def outward():
    found = set()
    try:
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only asks for the route's own address
        found.add(probe.getsockname()[0])
    except OSError:
        pass
    try:
        found.add(socket.gethostbyname(socket.gethostname()))
    except OSError:
        pass
    return sorted(ip for ip in found if not ip.startswith("127."))

spark = session("local[1]", app="kithkin-listening")
url = ui_url(spark)
port = int(url.rstrip("/").rsplit(":", 1)[1])
print(json.dumps({"url": url, "loopback": reaches("127.0.0.1", port),
                  "outward": {ip: reaches(ip, port) for ip in outward()}}))
spark.stop()
"""


@pytest.mark.slow
@needs_java
def test_spark_on_one_machine_listens_on_loopback_only() -> None:
    """A local master's web UI (and driver) are reached at 127.0.0.1 and on no other address of the machine —
    Spark's default binds every interface and advertises the first outward address."""
    import json
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SPARK_LOCAL_IP"}
    done = subprocess.run([sys.executable, "-c", _LISTENING], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["url"].startswith("http://127.0.0.1:")
    assert found["loopback"] is True
    assert not any(found["outward"].values()), found


def test_spark_missing_java_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from kithkin.spark import session

    monkeypatch.setattr(shutil, "which", lambda _: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(session.SparkUnavailable, match="Java runtime"):
        session.check()


def test_spark_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from kithkin.spark import session

    monkeypatch.setitem(sys.modules, "pyspark", None)  # `import pyspark` raises ImportError
    with pytest.raises(session.SparkUnavailable, match=r"pip install 'kithkin\[spark\]'"):
        session.check()


def test_batch_suggest_on_spark_without_java_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    net = generate(200, seed=1)
    parquet.write_network(tmp_path / "in", np.arange(200), np.stack([net.tie_a, net.tie_b], axis=1), [], [])
    monkeypatch.setattr(shutil, "which", lambda _: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    args = ["batch", "suggest", "--engine", "spark", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "o")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "needs a Java runtime (17 or 21): e.g. apt-get install default-jre-headless" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o" / "suggestions.parquet").exists()
