"""Derived arrays kept beside a store file (the graph snapshot, the learned ranker), and when to trust them.

A cache is only ever a saving of time: it is read when its stamp — the
store's identity (schema step 7), its revision and the cache's own format
number — matches, rebuilt otherwise, and a damaged, truncated or foreign file
is rebuilt too, never an error. Files are written whole or not at all (a
temporary file renamed over the old one), so a crash or a second process
writing at the same time leaves either the old cache or the new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np

from kithkin.store import Store


def cache_path(store: Store, suffix: str) -> Path | None:
    """Where derived data of a store file is kept: beside it (nothing for an in-memory store)."""
    return Path(str(store.path) + suffix) if store.path is not None else None


#: Every cache kept beside a store file.
SUFFIXES = (".graph.npz", ".ranker.npz")


def drop(store: Store) -> None:
    """Delete every cache beside the store (after forgetting someone, whose traces they hold)."""
    for suffix in SUFFIXES:
        path = cache_path(store, suffix)
        if path is not None:
            path.unlink(missing_ok=True)


def stamp(store: Store, version: int, *, exact: bool = True) -> dict[str, np.ndarray]:
    """What a cache must have been made from to be read: this store, at this revision, in this format — or,
    not ``exact``, this store (whatever was written since) in this format, for caches that stay good until
    the store has changed materially and check that themselves."""
    identity = store.identity if exact else store.identity.partition(":")[0]
    found = {"store": np.array(identity), "format": np.array(version)}
    return {**found, "revision": np.array(store.revision)} if exact else found


def read(path: Path | None, expected: dict[str, np.ndarray]) -> dict[str, np.ndarray] | None:
    """Every array of the cache at ``path`` if its stamp matches ``expected``; None if absent, stale or
    unreadable (any damage at all: the cache is rebuilt rather than trusted)."""
    if path is None or not path.exists():
        return None
    try:
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as saved:
            arrays = {name: saved[name] for name in saved.files}
    except Exception:  # truncated, corrupted, or not an .npz at all: rebuilt, never trusted
        return None
    for name, value in expected.items():
        if name not in arrays or arrays[name].shape != value.shape or not bool(np.all(arrays[name] == value)):
            return None
    return arrays


def write(path: Path | None, fill: Callable[[BinaryIO], None]) -> None:
    """Write a cache whole or not at all; one that cannot be written (read-only folder, full disk) is
    skipped: it only saves time."""
    if path is None:
        return
    try:
        handle, part = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            fill(out)
        os.replace(part, path)
    except BaseException as error:  # no half-written file left behind, whatever stopped the write (Ctrl-C too)
        with contextlib.suppress(OSError):
            os.unlink(part)
        if not isinstance(error, OSError):
            raise
