"""Open stores kept between requests, so that a page does not pay for opening the file and warming SQLite's
page cache each time (a third of the person page's time at 10^5 people when every request opened its own).

Safe to share because nothing a store object keeps outlives what it describes:

* SQLite itself — every read transaction sees the latest commit of any process (the CLI writing the same
  file included); an idle connection holds no lock, so it blocks no writer and no checkpoint;
* the file — a store replaced under the same path (a restore, a rebuilt demo) is a different file
  (``st_dev``, ``st_ino``): connections to the old one are closed, never handed out;
* the store object — handed back, it is made as good as one just opened (``Store.ready_for_reuse``: its
  memo of source ids dropped, a transaction left open by an error mid-read rolled back).

One store serves one request at a time (taken from the pool by the request, given back after it); its
connection may move between worker threads (``check_same_thread=False``), never be used by two at once.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from kithkin.store import Store

#: Idle stores kept at most: one per concurrent request is reused; more would only hold file handles.
KEEP = 16


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class StorePool:
    """Stores of the file at ``path``, opened when needed and kept for the next request."""

    def __init__(self, path: Path, keep: int = KEEP) -> None:
        self.path = path
        self.keep = keep
        self._idle: list[tuple[Store, tuple[int, int] | None]] = []
        self._made_for: dict[int, tuple[int, int] | None] = {}  # id(store) -> the file it was opened on
        self._lock = threading.Lock()

    def take(self) -> Store | None:
        """An idle store of the file now at ``path``, ready for a request; None when there is none (then
        :meth:`open` one, in a worker thread: opening may upgrade the schema)."""
        key = _file_key(self.path)
        stale: list[Store] = []
        found = None
        with self._lock:
            while self._idle:
                store, made_for = self._idle.pop()
                if made_for == key and key is not None:
                    found = store
                    break
                stale.append(store)
        for store in stale:
            self._close(store)
        return found

    def open(self) -> Store:
        """A new store of the file at ``path`` (never created: `kithkin init` does that)."""
        key = _file_key(self.path)
        store = Store.open(self.path, create=False)
        with self._lock:
            self._made_for[id(store)] = key
        return store

    def give(self, store: Store) -> None:
        """Take ``store`` back after a request: kept for the next one, or closed when enough are kept."""
        store.ready_for_reuse()
        with self._lock:
            if len(self._idle) < self.keep and id(store) in self._made_for:
                self._idle.append((store, self._made_for[id(store)]))
                return
        self._close(store)

    def close(self) -> None:
        """Close every idle store (the app is stopping)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for store, _ in idle:
            self._close(store)

    def _close(self, store: Store) -> None:
        with self._lock:
            self._made_for.pop(id(store), None)
        store.close()
