"""`kithkin import`: importing many files (of any format) as one transaction.

Which format each file is, and which files a folder stands for, is
:mod:`kithkin.sources.detection`; the formats themselves are the registry's
(:mod:`kithkin.sources.registry`). A dry run performs the whole import inside
the transaction and then rolls it back, so its counts (added, merged, updated,
proposals) are exactly what a real import would do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pathlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from kithkin.errors import InputError
from kithkin.services.backup import restore
from kithkin.services.resolving import Importer, ImportReport, Memory, source_label
from kithkin.sources import backup, reading
from kithkin.sources.detection import Found, files_to_import
from kithkin.sources.registry import FORMAT_NAMES, by_name
from kithkin.sources.source import ParseOptions
from kithkin.store import Store

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
    if options.format is not None and options.format not in FORMAT_NAMES:
        raise InputError(f"unknown format {options.format!r}; use one of: {', '.join(FORMAT_NAMES)}")
    jobs, skipped = files_to_import(paths, options.format)
    if any(job.format == backup.NAME for job in jobs):
        if len(jobs) > 1:
            raise InputError("restore a backup on its own, into an empty store, before importing other files")
        return [restore(store, jobs[0].path, dry_run=options.dry_run)]
    parse = ParseOptions(until=today, mapping=options.mapping, community=options.community)
    reports: list[ImportReport] = []
    memory = Memory(fresh=store.count_people() == 0)
    try:
        with store.transaction(), store.deferred_indexes() if memory.fresh else contextlib.nullcontext():
            for job in jobs:
                reports.append(_import_one(store, job, parse, options.dry_run, progress, memory))
                reports[-1].notices.extend(skipped.get(job.path, ()))
            if options.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return reports


def _import_one(
    store: Store,
    job: Found,
    options: ParseOptions,
    dry_run: bool,
    progress: ImportProgress | None,
    memory: Memory,
) -> ImportReport:
    shown = str(job.path)
    report = ImportReport(shown, job.format, source_label(job.name, job.format), dry_run=dry_run)
    total = reading.count_lines(job.path) if progress else 0
    step = (lambda line: progress(shown, line, total)) if progress else None
    Importer(store, report, options.until, step, memory).run(by_name(job.format).parse(job.path, options))
    if progress:
        progress(shown, total, total)
    return report
