"""`kithkin import`: which format a file is, and importing many files as one transaction.

Detection reads the content (the first 64 KiB), not just the extension, so a
``contacts.txt`` that is really a vCard still imports; ``--format`` overrides
it. A dry run performs the whole import inside the transaction and then rolls
it back, so its counts (added, merged, updated, proposals) are exactly what a
real import would do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import pathlib
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kithkin.errors import InputError, SourceError
from kithkin.services.backup import is_backup, restore
from kithkin.services.imports import Importer, ImportReport, Memory, source_label
from kithkin.sources import reading
from kithkin.sources.records import Item
from kithkin.store import Store

FORMATS = {
    "vcard": "kithkin.sources.vcard",
    "ics": "kithkin.sources.calendar",
    "twitter": "kithkin.sources.twitter",
    "linkedin": "kithkin.sources.linkedin",
    "google": "kithkin.sources.google",
    "directory": "kithkin.sources.directory",
}
"""Format name → parser module, in the order detection tries them (the directory CSV/JSON last:
it takes any table)."""

ALL_FORMATS = (*FORMATS, "json")

_LINKEDIN_FILES = {"connections.csv", "positions.csv", "education.csv", "profile.csv"}
_TWITTER_FILES = {"following.js", "follower.js"}

#: (path, lines done, lines in the file or 0 when unknown)
ImportProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportOptions:
    """What the user said beyond the paths."""

    format: str | None = None
    dry_run: bool = False
    mapping: Mapping[str, str] | None = None
    community: str | None = None


class _DryRun(Exception):
    """Raised at the end of a dry run to roll the transaction back."""


def import_files(
    store: Store,
    paths: Iterable[pathlib.Path],
    options: ImportOptions,
    *,
    today: dt.date,
    progress: ImportProgress | None = None,
) -> list[ImportReport]:
    """Import every file in one transaction: all of them land, or (on any error) none."""
    if options.format is not None and options.format not in ALL_FORMATS:
        raise InputError(f"unknown format {options.format!r}; use one of: {', '.join(ALL_FORMATS)}")
    jobs, skipped = _jobs(paths, options.format)
    if any(fmt == "json" for _, fmt in jobs):
        if len(jobs) > 1:
            raise InputError("restore a backup on its own, into an empty store, before importing other files")
        return [restore(store, jobs[0][0], dry_run=options.dry_run)]
    reports: list[ImportReport] = []
    memory = Memory(fresh=store.count_people() == 0)
    try:
        with store.transaction(), store.deferred_indexes() if memory.fresh else contextlib.nullcontext():
            for path, fmt in jobs:
                reports.append(_import_one(store, path, fmt, options, today, progress, memory))
                reports[-1].notices.extend(skipped.get(path, ()))
            if options.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return reports


def _import_one(
    store: Store,
    path: pathlib.Path,
    fmt: str,
    options: ImportOptions,
    today: dt.date,
    progress: ImportProgress | None,
    memory: Memory,
) -> ImportReport:
    report = ImportReport(str(path), fmt, source_label(path, fmt), dry_run=options.dry_run)
    total = _count_lines(path) if progress else 0
    step = (lambda line: progress(str(path), line, total)) if progress else None
    Importer(store, report, today, step, memory).run(_items(fmt, path, options, today))
    if progress:
        progress(str(path), total, total)
    return report


def _items(fmt: str, path: pathlib.Path, options: ImportOptions, today: dt.date) -> Iterable[Item]:
    module: Any = importlib.import_module(FORMATS[fmt])
    if fmt == "directory":
        return module.parse(path, mapping=options.mapping, community=options.community)  # type: ignore[no-any-return]
    if fmt == "ics":
        return module.parse(path, until=today)  # type: ignore[no-any-return]
    return module.parse(path)  # type: ignore[no-any-return]


def _jobs(
    paths: Iterable[pathlib.Path], fmt: str | None
) -> tuple[list[tuple[pathlib.Path, str]], dict[pathlib.Path, list[str]]]:
    """Each file to import with its format. A folder that is not a LinkedIn or X/Twitter export stands for
    the files in it (and its subfolders: a phone's or a mail client's export of many ``.vcf`` or ``.ics``),
    each detected on its own (or all of ``fmt``); files no format recognises are skipped, and said so in the
    notes of the folder's first file (returned keyed by it)."""
    jobs: list[tuple[pathlib.Path, str]] = []
    skipped: dict[pathlib.Path, list[str]] = {}
    for path in paths:
        if not path.is_dir() or _export_format(path) is not None or fmt in ("linkedin", "twitter"):
            jobs.append((path, fmt or detect_format(path)))
            continue
        found, notes = [], []
        for file in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            try:
                found.append((file, fmt or detect_format(file)))
            except SourceError as error:
                why = "not a format kithkin reads" if "cannot tell which format" in error.message else error.message
                notes.append(f"skipped {file.relative_to(path)}: {why}")
        if not found:
            raise SourceError(str(path), "no file in this folder is one kithkin reads (vCard, iCalendar, CSV, "
                              "JSON), and it is not a LinkedIn or X/Twitter export")  # fmt: skip
        jobs += found
        skipped[found[0][0]] = notes
    return jobs, skipped


def _export_format(folder: pathlib.Path) -> str | None:
    """ "twitter" or "linkedin" for a folder holding that service's export, else None."""
    names = {p.name.lower() for p in folder.rglob("*") if p.is_file()}
    if any(n.endswith(tuple(_TWITTER_FILES)) for n in names):
        return "twitter"
    if any(n.endswith(tuple(_LINKEDIN_FILES)) for n in names):
        return "linkedin"
    return None


def detect_format(path: pathlib.Path) -> str:
    """The format of a file or export folder, from its content.

    Raises :class:`SourceError` when no format recognises it.
    """
    if not path.exists():
        raise SourceError(str(path), "no such file or folder")
    if path.is_dir():
        found = _export_format(path)
        if found is None:
            raise SourceError(str(path), "a folder that is neither a LinkedIn nor an X/Twitter export")
        return found
    if zipfile.is_zipfile(path):
        return "linkedin"
    head = reading.head(path)
    reading.refuse_binary(path, head)
    if is_backup(head):
        return "json"
    for fmt, module_name in FORMATS.items():
        module: Any = importlib.import_module(module_name)
        if module.sniff(head, path.name):
            return fmt
    raise SourceError(str(path), f"cannot tell which format this is; pass --format ({', '.join(ALL_FORMATS)})", line=1)


def _count_lines(path: pathlib.Path) -> int:
    """Lines in a file (0 for a folder or archive), for a progress bar; reads in 1 MiB blocks."""
    if not path.is_file() or zipfile.is_zipfile(path):
        return 0
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count + 1
