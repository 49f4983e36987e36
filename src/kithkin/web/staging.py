"""Uploaded imports waiting for the user's word: the files, kept in a private temporary folder under a
random token tied to the session that sent them; the dry run and the commit, run in a background thread
that reports how far it got; and everything deleted after the commit, a cancel, or an hour untouched.

Why keep the files: the Commit button must apply exactly the import the preview showed — the same bytes
and the same options — so the commit reads the files the preview read, and is refused when the store
changed in between (its revision moved), since the same files could then mean something else.

Why a thread: a large LinkedIn export or address book takes a while; the page polls the job and shows the
lines read so far instead of hanging on one request. Each job opens its own connection to the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hmac
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from kithkin.errors import KithkinError
from kithkin.services.importing import ImportOptions, import_files
from kithkin.services.resolving import ImportReport
from kithkin.store import Store
from kithkin.web.errors import Refused, code_of

#: How long an upload waits for its commit once nobody looks at it (seconds).
EXPIRES = 3600
#: The most files one upload may hold.
MAX_FILES = 50
#: The folder an upload's files are kept in, and what messages call it.
UPLOADED = "uploaded files"


STORE_CHANGED = (
    "The store changed since the preview (another import or an edit), so nothing was imported: this is a new "
    "preview of the same files. Commit again if it still looks right."
)


class State(enum.StrEnum):
    PREVIEWING = "previewing"
    PREVIEWED = "previewed"
    COMMITTING = "committing"
    COMMITTED = "committed"
    FAILED = "failed"
    CANCELLED = "cancelled"


RUNNING = (State.PREVIEWING, State.COMMITTING)


class Stopped(Exception):
    """The user cancelled a running job: raised from the progress callback, so the transaction rolls back."""


@dataclass
class Progress:
    """How far the running job got: in which file (as uploaded), lines read of how many (0: not known)."""

    file: str = ""
    done: int = 0
    total: int = 0
    files_done: int = 0

    @property
    def percent(self) -> int | None:
        return min(100, 100 * self.done // self.total) if self.total else None


@dataclass
class StagedImport:
    """One upload: its files, its options, and where its preview or commit stands."""

    token: str
    owner: str
    folder: Path
    """The token's own folder; the files are in its ``uploaded files`` folder."""
    names: list[str]
    options: ImportOptions
    today: dt.date
    state: State = State.PREVIEWING
    progress: Progress = field(default_factory=Progress)
    reports: list[ImportReport] = field(default_factory=list)
    error: tuple[str, str, str | None] | None = None
    """(code, message, field) when the job failed."""
    revision: int | None = None
    """The store's revision the preview was made on; the commit needs the same."""
    notice: str = ""
    """Why the job did something other than asked (a commit that became a new preview)."""
    touched: float = field(default_factory=time.monotonic)
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    @property
    def files(self) -> Path:
        """Where the files are: a folder named the same for every upload, so that the parts of a LinkedIn or
        X export uploaded one by one are the same source each time (``linkedin:uploaded files``) and a newer
        export updates the records of the last one rather than adding a source per upload."""
        return self.folder / UPLOADED

    @property
    def target(self) -> Path:
        """What the import reads: the lone file, or the folder of several (an export's parts stay together,
        each other file is labelled by its own name)."""
        return self.files / self.names[0] if len(self.names) == 1 else self.files

    @property
    def running(self) -> bool:
        return self.state in RUNNING

    def shown(self, text: str) -> str:
        """``text`` with the private folder taken out, so a message names files as the user uploaded them."""
        return text.replace(f"{self.files}{os.sep}", "").replace(str(self.files), UPLOADED)

    def on_progress(self, path: str, done: int, total: int) -> None:
        if self.stop.is_set():
            raise Stopped
        name = self.shown(path)
        if name != self.progress.file:
            if self.progress.file:
                self.progress.files_done += 1
            self.progress = Progress(name, done, total, self.progress.files_done)
        else:
            self.progress.done, self.progress.total = done, total


class Staging:
    """Every upload of one app, in one private folder removed when the app goes away."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.root = Path(tempfile.mkdtemp(prefix="kithkin-uploads-"))  # mode 0700: this user only
        self._jobs: dict[str, StagedImport] = {}
        self._lock = threading.Lock()
        weakref.finalize(self, shutil.rmtree, self.root, True)

    def stage(self, owner: str, uploads: Iterable[tuple[str, BinaryIO]], options: ImportOptions, today: dt.date
              ) -> StagedImport:  # fmt: skip
        """Keep the uploaded files under a new token for ``owner`` (the session's own secret)."""
        self.sweep()
        uploads = list(uploads)
        if not uploads:
            raise Refused(400, "no_files", "choose at least one file to import", "files")
        if len(uploads) > MAX_FILES:
            raise Refused(400, "too_many_files", f"at most {MAX_FILES} files at once: upload the export's .zip",
                          "files")  # fmt: skip
        token = secrets.token_urlsafe(18)
        folder = self.root / token
        folder.mkdir(mode=0o700)
        (folder / UPLOADED).mkdir()
        names: list[str] = []
        for filename, data in uploads:
            name = _unique(safe_name(filename), names)
            with (folder / UPLOADED / name).open("wb") as sink:
                shutil.copyfileobj(data, sink, 1 << 20)
            names.append(name)
        job = StagedImport(token, owner, folder, names, options, today)
        with self._lock:
            self._jobs[token] = job
        return job

    def get(self, token: str, owner: str) -> StagedImport:
        """The upload ``token`` of this session; 404 for anyone else's, an expired or an unknown one."""
        self.sweep()
        with self._lock:
            job = self._jobs.get(token)
        if job is None or not hmac.compare_digest(job.owner.encode(), owner.encode()):
            raise Refused(404, "no_such_import", "this import is gone (it expired, or was committed or cancelled "
                          "in another session): upload the files again")  # fmt: skip
        job.touched = time.monotonic()
        return job

    def preview(self, job: StagedImport, *, wait: bool) -> None:
        """Start the dry run."""
        self._start(job, State.PREVIEWING, wait)

    def commit(self, job: StagedImport, *, wait: bool, previewed: bool = True) -> None:
        """Start the real import of what the preview showed; refused unless it was previewed (or the caller
        asked for no preview: ``previewed=False``, for a script)."""
        if previewed and job.state != State.PREVIEWED:
            raise Refused(409, "not_previewed", f"this import cannot be committed now: it is {job.state.value}")
        self._start(job, State.COMMITTING, wait)

    def cancel(self, job: StagedImport) -> None:
        """Stop a running job (its transaction rolls back, the store is unchanged) or drop a waiting one."""
        job.stop.set()
        if job.thread is not None:
            job.thread.join()
        if job.state == State.COMMITTED:
            raise Refused(409, "committed", "this import is already committed: there is nothing to cancel")
        if job.state != State.FAILED:
            job.state = State.CANCELLED
        self._drop_files(job)

    def sweep(self) -> None:
        """Forget uploads untouched for :data:`EXPIRES` seconds (their files first) and finished jobs too."""
        cutoff = time.monotonic() - EXPIRES
        with self._lock:
            old = [job for job in self._jobs.values() if job.touched < cutoff and not job.running]
            for job in old:
                del self._jobs[job.token]
        for job in old:
            self._drop_files(job)

    def _start(self, job: StagedImport, state: State, wait: bool) -> None:
        job.state, job.progress, job.error, job.notice = state, Progress(), None, ""
        job.thread = threading.Thread(target=self._run, args=(job,), name=f"kithkin-import-{state.value}", daemon=True)
        job.thread.start()
        if wait:
            job.thread.join()

    def _run(self, job: StagedImport) -> None:
        dry_run = job.state == State.PREVIEWING
        try:
            with Store.open(self.db_path, create=False) as store:
                revision = store.revision
                if not dry_run and job.revision is not None and revision != job.revision:
                    dry_run, job.state, job.notice = True, State.PREVIEWING, STORE_CHANGED
                options = replace(job.options, dry_run=dry_run)
                reports = import_files(store, [job.target], options, today=job.today, progress=job.on_progress)
        except Stopped:
            job.state = State.CANCELLED
        except KithkinError as error:
            job.state, job.error = State.FAILED, (code_of(error), job.shown(str(error)), getattr(error, "field", None))
        except BaseException:
            job.state, job.error = State.FAILED, ("internal", "the import stopped on an unexpected error", None)
            raise  # a bug: the server's log shows the traceback
        else:
            for report in reports:
                report.path = job.shown(report.path)
                report.failed = job.shown(report.failed)
                report.notices[:] = [job.shown(notice) for notice in report.notices]
            job.reports, job.revision = reports, revision
            job.state = State.PREVIEWED if dry_run else State.COMMITTED
        finally:
            if job.state != State.PREVIEWED:
                self._drop_files(job)  # committed, failed or stopped: nothing will read them again

    @staticmethod
    def _drop_files(job: StagedImport) -> None:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(job.folder)


def safe_name(filename: str | None) -> str:
    """An uploaded file's name, safe to use inside the private folder: the last part of any path, no control
    characters, no leading dots, at most 120 characters.

    >>> safe_name("C:\\\\Users\\\\me\\\\contacts.vcf"), safe_name("../../etc/passwd"), safe_name(".hidden\\x00.vcf")
    ('contacts.vcf', 'passwd', 'hidden.vcf')
    >>> safe_name(""), safe_name(None)
    ('upload', 'upload')
    """
    base = re.split(r"[\\/]", filename or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[-120:] or "upload"


def _unique(name: str, taken: list[str]) -> str:
    """``name``, or ``name (2)``… when an earlier file of the upload has it."""
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    number = 1
    candidate = name
    while candidate.casefold() in (t.casefold() for t in taken):
        number += 1
        candidate = f"{stem} ({number}){dot}{suffix}"
    return candidate
