"""The network as Parquet files for batch engines (Spark, or the in-process engine over the same files).

A folder holds one Parquet file per table and ``manifest.json``:

===================== ==============================================================
``people``            ``id`` (int64)
``groups``            ``id`` (int64), ``kind``, ``name`` (string)
``memberships``       ``person``, ``group`` (int64): who is in which group
``ties``              ``a``, ``b`` (int64, person ids), ``strength`` (float64)
``interactions``      ``id`` (int64), ``on_date``, ``kind`` (string) — no notes
``interaction_people`` ``interaction``, ``person`` (int64)
``rounds``            ``id``, ``community`` (int64), ``on_date`` (string): past matchmaking rounds
``round_pairs``       ``round``, ``a``, ``b`` (int64; ``b`` = -1: ``a`` sat out), ``value`` (float64)
``opt_outs``          ``community``, ``person`` (int64): members who take no part in rounds
===================== ==============================================================

The last three are optional (a generated network has no rounds). Batch results come back as
``suggestions``: ``person``, ``rank`` (1 = best), ``candidate`` (int64), ``score`` (float64), ``mutual`` (common
neighbours) and ``shared`` (groups in common, those held by more than ``COMMON_SHARE`` of everyone left out) —
the reasons :mod:`kithkin.services.batch_import` words; and a matchmaking round as ``pairs`` (``a``, ``b``,
``value``) and ``sat_out`` (``person``). ``manifest.json`` says the schema version, the store's id and
revision, and each table's rows; an output folder's manifest also names its ``job``.

Writing needs pyarrow (the ``spark`` extra: ``pip install 'kithkin[spark]'``); it is imported when used.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from kithkin.errors import SourceError

#: Bumped when a table's columns change; readers refuse a folder written with another version.
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
COLUMNS: dict[str, tuple[str, ...]] = {
    "people": ("id",),
    "groups": ("id", "kind", "name"),
    "memberships": ("person", "group"),
    "ties": ("a", "b", "strength"),
    "interactions": ("id", "on_date", "kind"),
    "interaction_people": ("interaction", "person"),
    "rounds": ("id", "community", "on_date"),
    "round_pairs": ("round", "a", "b", "value"),
    "opt_outs": ("community", "person"),
    "suggestions": ("person", "rank", "candidate", "score", "mutual", "shared"),
    "pairs": ("a", "b", "value"),
    "sat_out": ("person",),
}
#: What a network folder must hold for the engines to read it.
NETWORK = ("people", "memberships", "ties")


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise SourceError("parquet", "writing Parquet needs pyarrow: pip install 'kithkin[spark]'") from None
    return pa, pq


def write_table(folder: Path, name: str, columns: Mapping[str, np.ndarray | list[Any]]) -> int:
    """Write one table (its columns in :data:`COLUMNS` order) as ``folder/name.parquet``; returns its rows."""
    pa, pq = _pyarrow()
    expected = COLUMNS[name]
    if tuple(columns) != expected:
        raise SourceError(name, f"columns {tuple(columns)} are not {expected}")
    table = pa.table({key: pa.array(value) for key, value in columns.items()})
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / f"{name}.parquet")
    return int(table.num_rows)


def write_manifest(folder: Path, rows: Mapping[str, int], **about: Any) -> None:
    """``manifest.json``: the schema version, ``about`` (store id, revision, …) and each table's rows."""
    manifest = {"schema_version": SCHEMA_VERSION, **about, "tables": dict(rows)}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def json_of(path: Path) -> dict[str, Any]:
    """A manifest's contents, its schema version checked (an export's or a batch job's output's)."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(str(path), f"not a kithkin Parquet folder ({exc})") from None
    if not isinstance(manifest, dict):
        raise SourceError(str(path), "not a kithkin Parquet folder (the manifest is not an object)")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise SourceError(
            str(path),
            f"schema version {manifest.get('schema_version')}, expected {SCHEMA_VERSION}",
            field="schema_version",
        )
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest, checked: its schema version and the network tables are there."""
    manifest = json_of(folder / MANIFEST)
    missing = [name for name in NETWORK if not (folder / f"{name}.parquet").exists()]
    if missing:
        raise SourceError(str(folder), f"missing {', '.join(m + '.parquet' for m in missing)}")
    return dict(manifest)


def read_columns(folder: Path, name: str) -> dict[str, np.ndarray]:
    """One table's columns as numpy arrays (the in-process engine reads the whole table)."""
    _, pq = _pyarrow()
    table = pq.read_table(folder / f"{name}.parquet", columns=list(COLUMNS[name]))
    return {key: table.column(key).to_numpy() for key in COLUMNS[name]}


def read_dataset(path: Path, columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Columns of a Parquet file or of a folder of part files (as Spark writes a table)."""
    _, pq = _pyarrow()
    table = pq.read_table(path, columns=list(columns))
    return {key: table.column(key).to_numpy() for key in columns}


def read_optional(folder: Path, name: str) -> dict[str, np.ndarray]:
    """A table's columns, or empty columns when the folder does not have it (a generated network's rounds)."""
    if (folder / f"{name}.parquet").exists():
        return read_columns(folder, name)
    return {key: np.zeros(0, dtype=np.int64) for key in COLUMNS[name]}


def write_network(
    folder: Path,
    ids: np.ndarray,
    ties: np.ndarray,
    member: np.ndarray,
    group: np.ndarray,
    strength: np.ndarray | None = None,
    **about: Any,
) -> dict[str, int]:
    """A network given as arrays (person ids, ``ties`` as (m, 2) person ids, memberships as person id and group
    id per row) as a folder the batch engines read — for public data sets and generated networks."""
    ties = np.asarray(ties, dtype=np.int64).reshape(-1, 2)
    groups = np.unique(np.asarray(group, dtype=np.int64))
    rows = {
        "people": write_table(folder, "people", {"id": np.asarray(ids, dtype=np.int64)}),
        "groups": write_table(
            folder,
            "groups",
            {"id": groups, "kind": ["attribute"] * len(groups), "name": [str(g) for g in groups.tolist()]},
        ),
        "memberships": write_table(
            folder,
            "memberships",
            {"person": np.asarray(member, dtype=np.int64), "group": np.asarray(group, dtype=np.int64)},
        ),
        "ties": write_table(
            folder,
            "ties",
            {
                "a": ties[:, 0],
                "b": ties[:, 1],
                "strength": np.ones(len(ties)) if strength is None else np.asarray(strength, dtype=float),
            },
        ),
    }
    write_manifest(folder, rows, **about)
    return rows
