"""`kithkin batch match` on both engines (the same pairs, and the pairs `kithkin match` makes on the store) and
`kithkin import DIR` of a batch job's output (one transaction; another store's output refused, nothing written).

Spark runs only where Java is (always under CI), in one session for the module, on `local[2]`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from kithkin import services
from kithkin.cli import app
from kithkin.errors import KithkinError, SourceError
from kithkin.generate import generate
from kithkin.model import GroupKind
from kithkin.services import batch, batch_import, batch_match
from kithkin.services.matchmaking import match as match_on_store
from kithkin.sources import parquet
from kithkin.store import Store

needs_java = pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("CI"), reason="no Java runtime (Spark needs one)"
)
DAY = dt.date(2025, 3, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo store with a round already made in its largest community and one member opted out."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    services.build_demo(path, size=400)
    with Store.open(path) as store:
        name = _largest_community(store)
        match_on_store(store, name, on=dt.date(2025, 1, 1))
        gid = _group(store, name)
        store.set_opt_out(gid, store.members(gid)[0], out=True)
    return path


def _largest_community(store: Store) -> str:
    communities = [g for g in store.all_groups() if g.kind is GroupKind.COMMUNITY]
    return max(communities, key=lambda g: (len(store.members(g.id or 0)), -(g.id or 0))).name


def _group(store: Store, name: str) -> int:
    return next(g.id or 0 for g in store.all_groups() if g.name == name)


def _export(db: Path, folder: Path) -> Path:
    with Store.open(db) as store:
        batch.export_parquet(store, folder)
    return folder


def _pairs(folder: Path) -> list[tuple[int, int, float]]:
    table = parquet.read_columns(folder, "pairs")
    return sorted(zip(table["a"].tolist(), table["b"].tolist(), table["value"].tolist(), strict=True))


@pytest.mark.slow
@needs_java
def test_a_round_on_spark_is_the_in_process_round_and_kithkins_match(spark: Any, demo: Path, tmp_path: Path) -> None:
    folder = _export(demo, tmp_path / "in")
    with Store.open(demo) as store:
        name = _largest_community(store)
        gid = _group(store, name)
        expected = match_on_store(store, name, on=DAY, dry_run=True)
        past, out = store.past_pairs(gid), store.opted_out(gid)
    made = {
        engine: batch_match.match(engine, folder, tmp_path / engine, name, on=DAY, master="local[2]")
        for engine in batch.ENGINES
    }
    assert made["local"] == made["spark"]
    assert _pairs(tmp_path / "local") == _pairs(tmp_path / "spark")
    pairs = _pairs(tmp_path / "local")
    assert {(min(a, b), max(a, b)) for a, b, _ in pairs} == {
        (min(p.a.id or 0, p.b.id or 0), max(p.a.id or 0, p.b.id or 0)) for p in expected.pairs
    }
    assert not past & {(min(a, b), max(a, b)) for a, b, _ in pairs}  # no repeats of the earlier round
    assert not out & {x for a, b, _ in pairs for x in (a, b)}  # the opted-out member sits it out
    assert made["local"].value == pytest.approx(expected.value, abs=1e-9)
    capped = {
        engine: batch_match.match(engine, folder, tmp_path / f"{engine}-5", name, on=DAY, master="local[2]", size=5)
        for engine in batch.ENGINES
    }
    assert capped["local"] == capped["spark"]
    assert _pairs(tmp_path / "local-5") == _pairs(tmp_path / "spark-5")
    assert 0 < len(_pairs(tmp_path / "spark-5")) <= 5


def test_a_capped_round_takes_part_and_rests_as_kithkin_match_does(demo: Path, tmp_path: Path) -> None:
    """`kithkin batch match --pairs 5`: the same 5 pairs as `kithkin match --pairs 5`, everyone else sitting out,
    those who sat out of the earlier round first in."""
    folder = _export(demo, tmp_path / "in")
    with Store.open(demo) as store:
        name = _largest_community(store)
        gid = _group(store, name)
        expected = match_on_store(store, name, on=DAY, dry_run=True, size=5)
        taking_part = set(store.members(gid)) - store.opted_out(gid)
        rested_before = set(store.last_sat_out(gid))
    result = CliRunner().invoke(
        app,
        [
            "batch",
            "match",
            "-i",
            str(folder),
            "-o",
            str(tmp_path / "out"),
            "-c",
            name,
            "--on",
            "2025-03-01",
            "--pairs",
            "5",
        ],
    )
    assert result.exit_code == 0, result.output
    pairs = _pairs(tmp_path / "out")
    assert 0 < len(pairs) == len(expected.pairs) <= 5  # 10 take part; pairs already met or tied are not made
    assert {(min(a, b), max(a, b)) for a, b, _ in pairs} == {
        (min(p.a.id or 0, p.b.id or 0), max(p.a.id or 0, p.b.id or 0)) for p in expected.pairs
    }
    paired = {x for a, b, _ in pairs for x in (a, b)}
    sat_out = set(parquet.read_columns(tmp_path / "out", "sat_out")["person"].tolist())
    assert sat_out == taking_part - paired == {p.id for p in expected.sat_out}
    assert rested_before & taking_part <= paired  # who sat out last time is in this time


@pytest.mark.slow
@needs_java
def test_a_round_on_a_generated_network_is_the_same_on_both_engines(spark: Any, tmp_path: Path) -> None:
    """1,500 people, a group of them as the community, earlier rounds and opt-outs written by hand."""
    size = 1500
    net = generate(size, seed=5)
    folder = tmp_path / "in"
    parquet.write_network(
        folder, np.arange(size), np.stack([net.tie_a, net.tie_b], axis=1), net.aff_person, net.aff_group
    )
    groups, counts = np.unique(net.aff_group, return_counts=True)
    community = int(groups[np.argmax(counts)])
    members = np.unique(net.aff_person[net.aff_group == community])
    assert len(members) > 100
    past = members[: 2 * (len(members) // 4)].reshape(-1, 2)  # a quarter of the members met in pairs
    parquet.write_table(folder, "rounds", {"id": np.array([1, 2]), "community": np.array([community, community + 1]),
                                           "on_date": ["2025-01-01", "2025-01-01"]})  # fmt: skip
    parquet.write_table(folder, "round_pairs", {"round": np.ones(len(past), dtype=np.int64), "a": past[:, 0],
                                                "b": past[:, 1], "value": np.zeros(len(past))})  # fmt: skip
    parquet.write_table(folder, "opt_outs", {"community": np.array([community]), "person": members[-1:]})
    made = {
        engine: batch_match.match(engine, folder, tmp_path / engine, str(community), on=DAY) for engine in batch.ENGINES
    }
    assert made["local"] == made["spark"]
    pairs = _pairs(tmp_path / "spark")
    assert pairs == _pairs(tmp_path / "local")
    assert len(pairs) == (len(members) - 1) // 2
    met = {(int(a), int(b)) for a, b in past}
    assert not met & {(a, b) for a, b, _ in pairs}
    assert int(members[-1]) not in {x for a, b, _ in pairs for x in (a, b)}


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_import_writes_suggestions_with_reasons_in_one_go(demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    shutil.copy(demo, db)
    folder = _export(db, tmp_path / "in")
    assert batch.suggest("local", folder, tmp_path / "out", top=5) > 0
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "import", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    table = parquet.read_columns(tmp_path / "out", "suggestions")
    assert f"{len(table['person'])} suggestions imported" in result.output
    first = int(table["person"][0])
    with Store.open(db) as store:
        stored = store.batch_suggestions(first)
        revision = store.revision
    picked = table["person"] == first
    assert [c for _, c, *_ in stored] == table["candidate"][picked][np.argsort(table["rank"][picked])].tolist()
    mutual = int(table["mutual"][picked][np.argmin(table["rank"][picked])])
    assert stored[0][3].startswith(f"{mutual} mutual contact") if mutual else "mutual" not in stored[0][3]
    # the same import again replaces the lists (derived data: the store's revision stays)
    assert runner.invoke(app, ["--db", str(db), "import", str(tmp_path / "out")]).exit_code == 0
    assert _rows(db, "SELECT count(*) FROM batch_suggestions")[0][0] == len(table["person"])
    with Store.open(db) as store:
        assert store.revision == revision


def test_import_refuses_another_stores_output_and_writes_nothing(demo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    services.build_demo(other, size=60)
    folder = _export(demo, tmp_path / "in")
    batch.suggest("local", folder, tmp_path / "out", top=3)
    before = _rows(other, "SELECT count(*) FROM batch_suggestions")
    result = CliRunner().invoke(app, ["--db", str(other), "import", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "made from another store" in result.output
    assert "Traceback" not in result.output
    assert _rows(other, "SELECT count(*) FROM batch_suggestions") == before == [(0,)]


def test_import_of_a_round_records_it_once_and_warns_when_the_store_moved_on(demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    shutil.copy(demo, db)
    folder = _export(db, tmp_path / "in")
    with Store.open(db) as store:
        name = _largest_community(store)
        gid = _group(store, name)
        rounds = len(store.rounds(gid))
        store.set_opt_out(gid, store.members(gid)[0], out=False)  # a write: the store moves past the export
    made = batch_match.match("local", folder, tmp_path / "out", name, on=DAY)
    with Store.open(db) as store:
        found = batch_import.import_batch(store, tmp_path / "out")
        assert found.warnings
        assert "now at revision" in found.warnings[0]
        history = store.rounds(gid)
    assert len(history) == rounds + 1
    assert history[-1][1] == DAY
    assert {(a, b) for a, b, _ in history[-1][2] if b is not None} == {
        (min(a, b), max(a, b)) for a, b, _ in _pairs(tmp_path / "out")
    }
    assert len(made.pairs) == len(_pairs(tmp_path / "out"))
    # again: its pairs have met now; refused, nothing written
    with Store.open(db) as store, pytest.raises(KithkinError, match="met in a round since the export"):
        batch_import.import_batch(store, tmp_path / "out")
    with Store.open(db) as store:
        assert len(store.rounds(gid)) == rounds + 1


def test_import_refuses_an_output_naming_someone_no_longer_in_the_store(demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    shutil.copy(demo, db)
    folder = _export(db, tmp_path / "in")
    batch.suggest("local", folder, tmp_path / "out", top=3)
    gone = int(parquet.read_columns(tmp_path / "out", "suggestions")["candidate"][0])
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM people WHERE id = ?", (gone,))
    with Store.open(db) as store, pytest.raises(SourceError, match="no longer in the store"):
        batch_import.import_batch(store, tmp_path / "out")
    assert _rows(db, "SELECT count(*) FROM batch_suggestions") == [(0,)]


def test_batch_match_on_an_unknown_community_is_one_line(demo: Path, tmp_path: Path) -> None:
    folder = _export(demo, tmp_path / "in")
    result = CliRunner().invoke(
        app, ["batch", "match", "--input", str(folder), "--output", str(tmp_path / "o"), "--community", "Chess Club"]
    )
    assert result.exit_code != 0
    assert "no community named 'Chess Club'" in result.output
    assert not (tmp_path / "o").exists()
