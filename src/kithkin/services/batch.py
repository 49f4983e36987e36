"""Batch jobs over a Parquet folder: export the store as Parquet, rank everyone's people to meet with the
in-process engine or on Spark (the same candidates, features and learned model), write the lists as Parquet.

``kithkin export --format parquet DIR`` writes the folder (:mod:`kithkin.sources.parquet` describes it);
``kithkin batch suggest --engine spark|local --input DIR --output DIR`` reads it. The two engines give the
same lists — same people, same order, same scores — so either can be checked against the other on any data
(tests/test_spark.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from kithkin.errors import InputError
from kithkin.network.linkpred import Graph, Ranker
from kithkin.network.scored import COLUMNS, Top, top_scored
from kithkin.services.snapshot import snapshot
from kithkin.sources import parquet
from kithkin.store import Store

ENGINES = ("local", "spark")
#: Fewer ties than this: the ranker's fallback (Adamic-Adar plus shared rare groups), as `kithkin suggest` does.
LEARN_FROM = 500
Say = Callable[[str], None]


def export_parquet(store: Store, folder: Path) -> dict[str, int]:
    """The store's people, groups, memberships, ties (with strengths) and interactions as Parquet files in
    ``folder``, with ``manifest.json`` (schema version, store id, revision); returns rows per table."""
    snap = snapshot(store)
    with store.reading():
        groups = list(store.all_groups())
        _, rows = store.table_rows("interactions")
        interactions = [(int(r[0]), str(r[1]), str(r[2])) for r in rows]
        _, rows = store.table_rows("interaction_people")
        present = [(int(r[0]), int(r[1])) for r in rows]
        identity, revision = store.identity.split(":")[0], store.revision
    ties = np.stack([snap.ids[snap.a], snap.ids[snap.b]], axis=1)
    written = parquet.write_network(folder, snap.ids, ties, snap.ids[snap.member], snap.group, snap.strength)
    written["groups"] = parquet.write_table(
        folder,
        "groups",
        {
            "id": np.array([g.id for g in groups], dtype=np.int64),
            "kind": [str(g.kind.value) for g in groups],
            "name": [g.name for g in groups],
        },
    )
    written["interactions"] = parquet.write_table(
        folder,
        "interactions",
        {
            "id": np.array([i[0] for i in interactions], dtype=np.int64),
            "on_date": [i[1] for i in interactions],
            "kind": [i[2] for i in interactions],
        },
    )
    written["interaction_people"] = parquet.write_table(
        folder,
        "interaction_people",
        {
            "interaction": np.array([p[0] for p in present], dtype=np.int64),
            "person": np.array([p[1] for p in present], dtype=np.int64),
        },
    )
    written |= _export_rounds(store, folder)
    parquet.write_manifest(folder, written, store_id=identity, revision=revision)
    return written


def _export_rounds(store: Store, folder: Path) -> dict[str, int]:
    """Past matchmaking rounds and opt-outs (``kithkin batch match`` never repeats a pair, skips opt-outs)."""
    with store.reading():
        rounds = [(int(r[0]), int(r[1]), str(r[2])) for r in store.table_rows("match_rounds")[1]]
        pairs = [(r[0], r[1], -1 if r[2] is None else r[2], r[3]) for r in store.table_rows("match_pairs")[1]]
        outs = list(store.table_rows("match_optouts")[1])
    return {
        "rounds": parquet.write_table(
            folder, "rounds", {"id": _ints(rounds, 0), "community": _ints(rounds, 1), "on_date": [r[2] for r in rounds]}
        ),
        "round_pairs": parquet.write_table(
            folder,
            "round_pairs",
            {
                "round": _ints(pairs, 0),
                "a": _ints(pairs, 1),
                "b": _ints(pairs, 2),
                "value": np.array([p[3] for p in pairs], dtype=float),
            },
        ),
        "opt_outs": parquet.write_table(folder, "opt_outs", {"community": _ints(outs, 0), "person": _ints(outs, 1)}),
    }


def _ints(rows: list[tuple[Any, ...]], at: int) -> np.ndarray:
    return np.array([int(r[at]) for r in rows], dtype=np.int64)


@dataclass(frozen=True)
class Network:
    """A Parquet folder's network as the in-process engine holds it: person ids (sorted), the graph, ties."""

    ids: np.ndarray
    graph: Graph
    edges: np.ndarray


def load_network(folder: Path) -> Network:
    """The folder's people, ties and memberships as the in-process graph (dense index = rank of the id),
    built as :func:`kithkin.services.suggestions` builds it from a store."""
    parquet.read_manifest(folder)
    ids = np.unique(parquet.read_columns(folder, "people")["id"].astype(np.int64))
    ties, members = parquet.read_columns(folder, "ties"), parquet.read_columns(folder, "memberships")
    a, b = ties["a"].astype(np.int64), ties["b"].astype(np.int64)
    known = np.isin(a, ids) & np.isin(b, ids)
    edges = np.stack([np.searchsorted(ids, a[known]), np.searchsorted(ids, b[known])], axis=1)
    person, group = members["person"].astype(np.int64), members["group"].astype(np.int64)
    keep = np.isin(person, ids)
    size = len(ids)
    incidence = sp.csr_array(
        (np.ones(int(keep.sum())), (np.searchsorted(ids, person[keep]), group[keep])),
        shape=(size, int(group.max(initial=0)) + 1),
    )
    return Network(ids, Graph.build(size, edges, incidence), edges)


def learn(network: Network) -> Ranker:
    """The ranker learned in-process from the network's ties (the fallback under :data:`LEARN_FROM` ties)."""
    return Ranker(None) if len(network.edges) < LEARN_FROM else Ranker.learn(network.graph, network.edges)


def load_ranker(path: Path) -> Ranker:
    """A ranker saved as ``.npz`` (:meth:`Ranker.save`, e.g. ``<store>.ranker.npz``)."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            arrays = dict(saved)
        if bool(arrays.get("spectral", False)) or "ltr_model" in arrays or "ltr_fallback" in arrays:
            # The batch engines compute the logistic ranker's features only (Spark mirrors them column by column).
            raise InputError(f"the ranker {path} reads more than the batch engines compute (the network's low-rank "
                             "structure, or trees); leave --ranker out to learn one, or learn it with "
                             "KITHKIN_RANKER=logistic")  # fmt: skip
        return Ranker.from_arrays(arrays)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"cannot read the ranker {path}: {exc}") from None


def suggest_local(network: Network, ranker: Ranker, top: int) -> Top:
    """Everyone's top ``top`` by the in-process engine, with person ids."""
    found = top_scored(ranker, network.graph, top)
    ids = network.ids
    return Top(ids[found.person], found.rank, ids[found.candidate], found.score, found.mutual, found.shared)


def write_suggestions(folder: Path, found: Top) -> int:
    columns = {name: getattr(found, name) for name in COLUMNS}
    return parquet.write_table(folder, "suggestions", columns | {"rank": found.rank.astype(np.int64)})


def output_manifest(source: Path, output: Path, job: str, rows: dict[str, int], **about: Any) -> None:
    """The output folder's manifest: the job, and the store id, revision and people of the export it was made
    from (``kithkin import`` checks them against the store it writes into)."""
    made_from = parquet.read_manifest(source)
    parquet.write_manifest(
        output,
        rows,
        job=job,
        store_id=made_from.get("store_id"),
        revision=made_from.get("revision"),
        people=made_from.get("tables", {}).get("people"),
        **about,
    )


def suggest(
    engine: str,
    source: Path,
    output: Path,
    *,
    top: int = 20,
    master: str = "local[2]",
    ranker_path: Path | None = None,
    say: Say | None = None,
    slices: int | None = None,
) -> int:
    """``kithkin batch suggest``: everyone's top ``top`` from the folder ``source`` into ``output``
    (``suggestions.parquet``), by ``engine`` (``local`` or ``spark`` on ``master``); returns the rows written.

    The ranker is read from ``ranker_path`` or learned in-process from the folder's ties. Spark runs people in
    ``slices`` (default: one per 250,000 people), which bounds the disk its shuffle needs
    (:func:`kithkin.spark.suggest.write`); the in-process engine ignores it."""
    tell = say or (lambda _: None)
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if not 1 <= top <= 1000:
        raise InputError("--top must be between 1 and 1000")
    if slices is not None and slices < 1:
        raise InputError("--slices must be at least 1")
    if engine == "spark":
        check_spark()  # before minutes of learning, not after
    started = time.perf_counter()
    network = load_network(source) if engine == "local" or ranker_path is None else None
    ranker = load_ranker(ranker_path) if ranker_path is not None else learn(_present(network))
    tell(f"ranker ready ({time.perf_counter() - started:.1f} s)")
    if engine == "local":
        rows = write_suggestions(output, suggest_local(_present(network), ranker, top))
    else:
        rows = _suggest_spark(source, output, ranker, top, master, tell, slices)
    output_manifest(source, output, "suggest", {"suggestions": rows}, engine=engine, top=top)
    tell(f"{rows} suggestions written to {output} ({time.perf_counter() - started:.1f} s)")
    return rows


def _present(network: Network | None) -> Network:
    assert network is not None
    return network


def check_spark() -> None:
    """Stop with one line naming what to install when pyspark or Java is missing."""
    from kithkin.spark.session import check

    check()


def start_spark(master: str, tell: Say) -> Any:
    """A Spark session on ``master``, its version and web UI's address told (its progress bars go to stderr)."""
    from kithkin.spark import session as spark_session

    tell(f"starting Spark on {master} …")
    spark: Any = spark_session.session(master)
    tell(f"Spark {spark.version} on {master}; UI: {spark_session.ui_url(spark) or 'off'}")
    return spark


def _suggest_spark(
    source: Path, output: Path, ranker: Ranker, top: int, master: str, tell: Say, slices: int | None
) -> int:
    from kithkin.spark.suggest import write as spark_write

    parquet.read_manifest(source)
    spark = start_spark(master, tell)
    spark_write(
        spark, str(source.resolve()), ranker, str((output / "suggestions.parquet").resolve()), top, tell, slices=slices
    )
    return int(spark.read.parquet(str((output / "suggestions.parquet").resolve())).count())
