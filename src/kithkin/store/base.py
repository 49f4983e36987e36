"""Opening a store file, transactions, the revision counter and sources.

One SQLite file is one user's network. It is opened in WAL mode with foreign
keys on; Python's implicit transactions are switched off so that every write
goes through :meth:`StoreBase.transaction`, which is all-or-nothing even when
interrupted by Ctrl-C.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self, TypeVar

from kithkin.errors import SchemaTooNew, StoreError
from kithkin.model import FuzzyDate
from kithkin.store import migrations

#: How long a write waits for another kithkin writing the same store before it gives up (seconds).
WRITE_PATIENCE = 60.0

_T = TypeVar("_T")

IN_CHUNK = 500
"""Values per ``IN (…)``: well below SQLite's limit on the parameters of one statement."""


class StoreBase:
    """The connection and the machinery every part of the store shares."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.db = conn
        self.path = path
        self._depth = 0
        self._sources: dict[str, int] = {}
        self._savepoints = 0

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, migrate: bool = True) -> Self:
        """Open (and, unless ``create`` is false, create) the store at ``path``.

        Upgrades the schema to the latest version unless ``migrate`` is false.
        Raises :class:`StoreError` for a file that is not a kithkin store.
        """
        target = Path(path).expanduser()
        if not create and not target.exists():
            raise StoreError(f"no store at {target}: run `kithkin init` or pass --db")
        if not create and target.is_file() and target.stat().st_size == 0:  # a read never makes a store
            raise StoreError(f"{target} is empty, not a kithkin store: run `kithkin init` or pass --db")
        try:
            _private_file(target)
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open {target}: {exc}") from None
        store = cls(conn, target)
        try:
            store._configure()
            if migrate:
                store.upgrade()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{target} is not a kithkin store ({exc})") from None
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def memory(cls) -> Self:
        """A throwaway in-memory store (for tests and dry runs)."""
        store = cls(sqlite3.connect(":memory:", isolation_level=None), None)
        store._configure()
        store.upgrade()
        return store

    def _configure(self) -> None:
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 5000")
        self.db.execute("PRAGMA secure_delete = ON")  # what is deleted (kithkin forget) is zeroed, not left behind
        if self.path is not None:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")

    def upgrade(self) -> list[str]:
        """Bring the file's schema to the latest version; returns the steps run."""
        version = migrations.current_version(self.db)
        if version > migrations.latest_version():
            raise SchemaTooNew(
                f"{self.path} was written by a newer kithkin (schema {version}, "
                f"this one knows {migrations.latest_version()}): upgrade kithkin"
            )
        return migrations.upgrade(self.db)

    @property
    def schema_version(self) -> int:
        return migrations.current_version(self.db)

    def close(self) -> None:
        self.db.close()

    def ready_for_reuse(self) -> None:
        """Make this open store as good as one just opened, for its next user (the web app keeps its stores
        open between requests): roll back a transaction left open (an error mid-read), and forget the source
        ids remembered by label (another process may delete a source meanwhile)."""
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self._depth = 0
        self._sources.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, derived: bool = False) -> Iterator[None]:
        """Run a block of writes as one transaction; nested blocks join the outer one.

        On any exception — including KeyboardInterrupt — everything written in
        the block is rolled back and the exception propagates. A committed
        transaction bumps the store's revision, which caches key on — unless
        it only rebuilt ``derived`` data such as counts.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin_writing()
        self._depth = 1
        try:
            yield
            self._before_commit(derived=derived)
            if not derived:
                self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")
                # A random mark of this very write: an older copy of the file put back in place reaches the
                # same revision numbers again, never the same marks, so caches never mistake it for this one.
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('write_mark', lower(hex(randomblob(8))))")
        except BaseException:
            self.db.execute("ROLLBACK")
            self._sources.clear()
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._depth = 0

    def _before_commit(self, *, derived: bool) -> None:
        """Inside a write transaction, just before it commits (and bumps the revision): where derived data
        kept in the file is brought up to date with the writes (:class:`~kithkin.store.counts.CountsStore`)."""

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A part of the current transaction that can fail alone: on an exception, what the block wrote is
        undone (the rest of the transaction stays) and the exception propagates. Outside a transaction it is
        one."""
        if not self._depth:
            with self.transaction():
                yield
            return
        self._savepoints += 1
        name = f"part_{self._savepoints}"
        self.db.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.db.execute(f"ROLLBACK TO {name}")
            self.db.execute(f"RELEASE {name}")
            self._sources.clear()
            raise
        else:
            self.db.execute(f"RELEASE {name}")

    def _begin_writing(self) -> None:
        """Take the store's write lock, waiting for another kithkin that holds it (SQLite waits
        ``busy_timeout`` each try; tries back off) for up to :data:`WRITE_PATIENCE` seconds, then one calm
        error: nothing was written."""
        deadline = time.monotonic() + WRITE_PATIENCE
        pause = 0.05
        while True:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"{self.path} is busy: another kithkin has been writing to it for "
                        f"{WRITE_PATIENCE:.0f} s; nothing was changed, try again"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 1.0)

    @property
    def revision(self) -> int:
        """A number that grows with every committed write."""
        return int(self.db.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0])

    @property
    def identity(self) -> str:
        """This store's random identity (schema step 7), new for every store file and every restore, and
        the random mark of its last write: what a cache of derived data must have been made from."""
        rows = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN ('store_id', 'write_mark')"))
        return f"{rows.get('store_id', '')}:{rows.get('write_mark', '')}"

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Several reads that must see one state of the file, even if another process writes meanwhile (a
        read transaction); inside a write transaction, that one already does."""
        if self._depth:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.execute("COMMIT")

    def source_id(self, label: str) -> int:
        """The id of the source called ``label``, recorded on first use."""
        if label in self._sources:
            return self._sources[label]
        row = self.db.execute("SELECT id FROM sources WHERE label = ?", (label,)).fetchone()
        if row is None:
            added = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            row = self.db.execute(
                "INSERT INTO sources(label, added) VALUES (?, ?) RETURNING id", (label, added)
            ).fetchone()
        self._sources[label] = int(row[0])
        return self._sources[label]

    def sources(self) -> list[tuple[str, str]]:
        """Every source recorded, as (label, when added), oldest first."""
        return [(r[0], r[1]) for r in self.db.execute("SELECT label, added FROM sources ORDER BY id")]


def _private_file(path: Path) -> None:
    """Create the store file readable by its owner only (0600; its -wal and -shm take the same mode from
    it), in a folder of the owner's only (0700) when kithkin makes the folder: a network is private."""
    if path.exists():
        return
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def fuzzy_to_text(value: FuzzyDate | None) -> str | None:
    return None if value is None else str(value)


def fuzzy_from_text(text: str | None) -> FuzzyDate | None:
    """Read back a date the store wrote with :func:`fuzzy_to_text`."""
    if text is None:
        return None
    parts = [int(p) for p in text.split("-")]
    return FuzzyDate(*parts)


def in_chunks(values: Sequence[_T], size: int = IN_CHUNK) -> Iterator[tuple[Sequence[_T], str]]:
    """``values`` in slices of at most ``size``, each with the ``?`` marks of its ``IN (…)``.

    >>> [(list(part), marks) for part, marks in in_chunks([7, 8, 9], 2)]
    [([7, 8], '?,?'), ([9], '?')]
    """
    for start in range(0, len(values), size):
        part = values[start : start + size]
        yield part, ",".join("?" * len(part))
