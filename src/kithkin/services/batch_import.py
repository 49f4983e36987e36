"""``kithkin import DIR`` of a batch job's output folder: its suggestions (with reasons in words) or its
matchmaking round written into the store, all in one transaction.

A folder made from another store (its manifest's ``store_id``) is refused; one made from an older revision of
this store is taken with a warning — unless someone in it is gone, or a pair of the round has met in a round
since: then nothing is written and the error says which. Either way the store is unchanged on any error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kithkin.errors import InputError, SourceError
from kithkin.network.heuristics import COMMON_SHARE
from kithkin.services.batch_match import MATCH_SOURCE
from kithkin.sources import parquet
from kithkin.store import Store
from kithkin.text import plural

JOBS = ("suggest", "match")


@dataclass(frozen=True)
class BatchImport:
    """What ``kithkin import DIR`` wrote: the job, rows written, and warnings (a stale export)."""

    job: str
    written: int
    warnings: tuple[str, ...] = field(default_factory=tuple)
    round_id: int | None = None


def is_batch_output(path: Path) -> bool:
    """Whether ``path`` is a folder a batch job wrote (its manifest names a job)."""
    manifest = path / parquet.MANIFEST
    if not (path.is_dir() and manifest.is_file()):
        return False
    try:
        return parquet.json_of(manifest).get("job") in JOBS
    except SourceError:
        return False


def reason(mutual: int, shared: int, cap: int) -> str:
    """A suggestion's reason in words, from what the ranker counted.

    >>> reason(3, 1, 1500)
    '3 mutual contacts; 1 group in common (of groups with at most 1,500 members)'
    >>> reason(0, 0, 10)
    'ranked by the network engine; no mutual contacts or small groups in common'
    """
    parts = []
    if mutual:
        parts.append(plural(mutual, "mutual contact"))
    if shared:
        parts.append(f"{plural(shared, 'group')} in common (of groups with at most {cap:,} members)")
    return "; ".join(parts) or "ranked by the network engine; no mutual contacts or small groups in common"


def import_batch(store: Store, folder: Path) -> BatchImport:
    """Write the batch output ``folder`` into ``store`` in one transaction (see the module docstring)."""
    manifest = parquet.json_of(folder / parquet.MANIFEST)
    job = manifest.get("job")
    if job not in JOBS:
        raise SourceError(str(folder / parquet.MANIFEST), f"not a batch job's output (job {job!r})", field="job")
    warnings = _check_store(store, manifest, folder)
    if job == "suggest":
        return BatchImport(job, _import_suggestions(store, folder, manifest), warnings)
    written, round_id = _import_round(store, folder, manifest)
    return BatchImport(job, written, warnings, round_id)


def _check_store(store: Store, manifest: dict[str, Any], folder: Path) -> tuple[str, ...]:
    where = str(folder / parquet.MANIFEST)
    store_id, revision = store.identity.split(":")[0], store.revision
    if manifest.get("store_id") != store_id:
        raise SourceError(
            where,
            f"made from another store (store id {manifest.get('store_id')}, this store's is {store_id}): "
            "export this store and run the job again",
            field="store_id",
        )
    made = manifest.get("revision")
    if made != revision:
        return (f"made from revision {made} of this store, which is now at revision {revision}",)
    return ()


def _import_suggestions(store: Store, folder: Path, manifest: dict[str, Any]) -> int:
    table = parquet.read_columns(folder, "suggestions")
    cap = int(max(2, COMMON_SHARE * int(manifest.get("people") or 0)))
    with store.transaction(derived=True):
        _known(store, folder, "suggestions", table["person"], table["candidate"])
        return store.replace_batch_suggestions(_suggestion_rows(table, cap), int(manifest.get("revision") or 0))


def _suggestion_rows(table: dict[str, np.ndarray], cap: int) -> Iterator[tuple[int, int, int, float, str]]:
    for person, rank, candidate, score, mutual, shared in zip(
        *(table[c].tolist() for c in parquet.COLUMNS["suggestions"]), strict=True
    ):
        yield int(person), int(rank), int(candidate), float(score), reason(int(mutual), int(shared), cap)


def _known(store: Store, folder: Path, name: str, *columns: np.ndarray) -> None:
    """Refuse the folder when a person in it is no longer in the store (nothing written yet)."""
    with store.reading():
        known = np.array(store.person_ids(), dtype=np.int64)
    for column in columns:
        gone = np.setdiff1d(column.astype(np.int64), known)
        if len(gone):
            raise SourceError(
                str(folder / f"{name}.parquet"),
                f"{plural(len(gone), 'person', 'people')} no longer in the store (id {int(gone[0])} first): "
                "export again and rerun the job",
            )


def _import_round(store: Store, folder: Path, manifest: dict[str, Any]) -> tuple[int, int]:
    pairs, resting = parquet.read_columns(folder, "pairs"), parquet.read_columns(folder, "sat_out")
    community = int(manifest["community"])
    on = dt.date.fromisoformat(str(manifest["on"]))
    rows = [(int(a), int(b), float(v)) for a, b, v in zip(pairs["a"], pairs["b"], pairs["value"], strict=True)]
    with store.transaction():
        _known(store, folder, "pairs", pairs["a"], pairs["b"], resting["person"])
        if not store.get_groups([community]):
            raise SourceError(str(folder / parquet.MANIFEST), f"no group {community} in the store", field="community")
        met = store.past_pairs(community) & {(min(a, b), max(a, b)) for a, b, _ in rows}
        if met:
            a, b = sorted(met)[0]
            raise InputError(
                f"{plural(len(met), 'pair')} of this round met in a round since the export ({a} and {b} first): "
                "export again and rerun the job"
            )
        round_id = store.save_round(community, on, rows, [int(p) for p in resting["person"]], MATCH_SOURCE)
    return len(rows), round_id
