"""`kithkin import`: importing many files (of any format) as one transaction.

Which format each file is, and which files a folder stands for, is
:mod:`kithkin.sources.detection`; the formats themselves are the registry's
(:mod:`kithkin.sources.registry`). A dry run performs the whole import inside
the transaction and then rolls it back, so its counts (added, merged, updated,
proposals) are exactly what a real import would do.

One bad file never blocks the rest: when several files are imported (a folder,
a list), each is read inside a savepoint of the one transaction, and a file
that cannot be read at all is undone alone and reported (``ImportReport.failed``
and a notice) while the others land. A lone file that cannot be read is an
error, as is anything unreadable under ``strict`` (``--strict``: all or
nothing, for scripts). Either way the store ends as the complete result with
its notices, or unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pathlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from kithkin.errors import InputError, SourceError
from kithkin.services.backup import restore
from kithkin.services.collector import collector_paused
from kithkin.services.resolving import Importer, ImportReport, Memory, source_label
from kithkin.sources import backup, reading
from kithkin.sources.detection import Found, files_to_import
from kithkin.sources.registry import FORMAT_NAMES, by_name
from kithkin.sources.source import ParseOptions
from kithkin.store import Store

#: The formats an import reads (``format`` of :class:`ImportOptions`; None: told from each file).
FORMATS: tuple[str, ...] = tuple(FORMAT_NAMES)
#: (path, lines done, lines in the file or 0 when unknown)
ImportProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportOptions:
    """What the user said beyond the paths."""

    format: str | None = None
    dry_run: bool = False
    mapping: Mapping[str, str] | None = None
    community: str | None = None
    strict: bool = False
    """All or nothing: any record, property or file that cannot be read fails the whole import."""


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
    """Import every file in one transaction. A lone file, or any file under ``strict``, lands whole or not at
    all; among several, one that cannot be read is undone alone and reported (``failed``), the rest land."""
    if options.format is not None and options.format not in FORMAT_NAMES:
        raise InputError(f"unknown format {options.format!r}; use one of: {', '.join(FORMAT_NAMES)}")
    paths = list(paths)
    jobs, skipped, unreadable = _jobs(paths, options)
    if any(job.format == backup.NAME for job in jobs):
        if len(jobs) > 1:
            raise InputError("restore a backup on its own, into an empty store, before importing other files")
        return [restore(store, jobs[0].path, dry_run=options.dry_run)]
    parse = ParseOptions(until=today, mapping=options.mapping, community=options.community)
    reports = [_failed(path, error, options.dry_run) for path, error in unreadable]
    alone = len(jobs) + len(unreadable) == 1 or options.strict
    memory = Memory(fresh=store.count_people() == 0)
    try:
        with store.transaction(), store.deferred_indexes() if memory.fresh else contextlib.nullcontext():
            for job in jobs:
                try:
                    with contextlib.nullcontext() if alone else store.savepoint():
                        report = _import_one(store, job, parse, options, progress, memory)
                except SourceError as error:
                    if alone:
                        raise
                    report = _failed(job.path, error, options.dry_run, job.format)
                    memory = Memory()  # what it learned may name rows just undone: ask the store again
                reports.append(report)
                report.notices.extend(skipped.get(job.path, ()))
            if options.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return reports


def _jobs(
    paths: list[pathlib.Path], options: ImportOptions
) -> tuple[list[Found], dict[pathlib.Path, list[str]], list[tuple[pathlib.Path, SourceError]]]:
    """The files to import, the notes on what folders skipped, and (when several paths were named and the
    import is not strict) the paths whose format cannot be told, to report rather than stop at."""
    if len(paths) == 1 or options.strict:
        jobs, skipped = files_to_import(paths, options.format)
        return jobs, skipped, []
    jobs, skipped, unreadable = [], {}, []
    for path in paths:
        try:
            found, notes = files_to_import([path], options.format)
        except SourceError as error:
            unreadable.append((path, error))
            continue
        jobs += found
        skipped.update(notes)
    jobs.sort(key=lambda job: not (job.format == "linkedin" and job.path.name.lower().endswith("profile.csv")))
    return jobs, skipped, unreadable


def _failed(path: pathlib.Path, error: SourceError, dry_run: bool, fmt: str = "?") -> ImportReport:
    """The report of a file skipped whole: it could not be read at all."""
    report = ImportReport(str(path), fmt, source_label(path.name, fmt), dry_run=dry_run, skipped=1)
    report.failed = str(error)
    report.notices.append(f"file skipped, nothing imported from it: {error}")
    return report


def _import_one(
    store: Store,
    job: Found,
    parse: ParseOptions,
    options: ImportOptions,
    progress: ImportProgress | None,
    memory: Memory,
) -> ImportReport:
    shown = str(job.path)
    report = ImportReport(shown, job.format, source_label(job.name, job.format), dry_run=options.dry_run)
    total = reading.count_lines(job.path) if progress else 0
    step = (lambda line: progress(shown, line, total)) if progress else None
    items = by_name(job.format).parse(job.path, parse)
    with collector_paused():  # millions of small objects, no cycles: see kithkin.services.collector
        Importer(store, report, parse.until, step, memory, strict=options.strict).run(items)
    if progress:
        progress(shown, total, total)
    return report
