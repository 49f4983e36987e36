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
import re
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
    "vcard": "kithkin.sources.vcard.reader",
    "ics": "kithkin.sources.icalendar.calendars",
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
    if any(fmt == "json" for _, fmt, _ in jobs):
        if len(jobs) > 1:
            raise InputError("restore a backup on its own, into an empty store, before importing other files")
        return [restore(store, jobs[0][0], dry_run=options.dry_run)]
    reports: list[ImportReport] = []
    memory = Memory(fresh=store.count_people() == 0)
    try:
        with store.transaction(), store.deferred_indexes() if memory.fresh else contextlib.nullcontext():
            for path, fmt, name in jobs:
                reports.append(_import_one(store, path, fmt, name, options, today, progress, memory))
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
    name: str,
    options: ImportOptions,
    today: dt.date,
    progress: ImportProgress | None,
    memory: Memory,
) -> ImportReport:
    report = ImportReport(str(path), fmt, source_label(name, fmt), dry_run=options.dry_run)
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
) -> tuple[list[tuple[pathlib.Path, str, str]], dict[pathlib.Path, list[str]]]:
    """Each file to import as (path, format, its name in its source label). A folder that is not a LinkedIn
    or X/Twitter export stands for what is in it (:func:`_walk`); the notes on what was skipped there come
    back keyed by the folder's first file, whose report shows them."""
    jobs: list[tuple[pathlib.Path, str, str]] = []
    skipped: dict[pathlib.Path, list[str]] = {}
    for path in paths:
        if not path.is_dir() or fmt in ("linkedin", "twitter") or _export_format(path) is not None:
            jobs.append((path, fmt or detect_format(path), path.name))
            continue
        found, notes = _walk(path, path, fmt)
        if not found:
            raise SourceError(str(path), "no file in this folder is one kithkin reads (vCard, iCalendar, LinkedIn "
                              "or Google CSV), and it is not a LinkedIn or X/Twitter export")  # fmt: skip
        jobs += found
        skipped[found[0][0]] = notes
    # The user's own LinkedIn Profile.csv says who "you" are in their Positions.csv and Education.csv: read
    # it first, whatever order the files were named or listed in.
    jobs.sort(key=lambda job: not (job[1] == "linkedin" and job[0].name.lower().endswith("profile.csv")))
    return jobs, skipped


def _walk(
    root: pathlib.Path, folder: pathlib.Path, fmt: str | None
) -> tuple[list[tuple[pathlib.Path, str, str]], list[str]]:
    """The files under ``folder`` to import, in name order: a phone's or a mail client's export of many
    ``.vcf`` or ``.ics``, a subfolder that is a LinkedIn or X export as one export. Each file is labelled by
    its path inside ``root`` (two ``contacts.vcf`` in different subfolders are two sources). Hidden files
    and folders, links, and files that are not contacts or calendars (or not ``fmt``) are skipped with a
    note: one stray README, zip or kithkin cache must not stop the rest."""
    found: list[tuple[pathlib.Path, str, str]] = []
    notes: list[str] = []
    for child in sorted(folder.iterdir()):
        name = child.relative_to(root).as_posix()
        if child.name.startswith("."):
            continue
        if child.is_symlink():
            notes.append(f"skipped {name}: a link (import what it points to directly)")
        elif child.is_dir():
            kind = _export_format(child)
            if kind is not None:
                found.append((child, kind, name))
            else:
                more, more_notes = _walk(root, child, fmt)
                found += more
                notes += more_notes
        elif child.is_file():
            kind, why = _file_format(child, fmt)
            if kind is None:
                notes.append(f"skipped {name}: {why}")
            else:
                found.append((child, kind, name))
    return found, notes


def _file_format(path: pathlib.Path, fmt: str | None) -> tuple[str | None, str]:
    """The format of one file met in a folder, or None and why it is skipped. Member directories and
    backups are imported on their own (their mapping and community, their empty store); a zip counts only
    when it holds a LinkedIn export."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = {pathlib.PurePosixPath(n).name.lower() for n in archive.namelist()}
        if fmt in (None, "linkedin") and "connections.csv" in names:
            return "linkedin", ""
        return None, "an archive that is not a LinkedIn export"
    try:
        found = _sniffed(path, (fmt,) if fmt else ("json", *FORMATS))
    except SourceError as error:  # binary junk
        return None, error.message
    if found is None:
        return None, f"not a {fmt} file" if fmt else "not a format kithkin reads"
    if found in ("directory", "json") and fmt is None:
        return None, "a member directory or a backup: import it on its own (kithkin import FILE)"
    return found, ""


def _export_format(folder: pathlib.Path) -> str | None:
    """ "twitter" or "linkedin" for a folder that is that service's export (its own files, or an X archive's
    ``data/``), else None."""
    names = {p.name.lower() for p in folder.iterdir() if p.is_file()}
    data = folder / "data"
    if data.is_dir():
        names |= {p.name.lower() for p in data.iterdir() if p.is_file()}
    if names & _TWITTER_FILES or any(re.fullmatch(r"follow(ing|er)-part\d+\.js", n) for n in names):
        return "twitter"
    if "connections.csv" in names or {"profile.csv", "positions.csv"} <= names:
        return "linkedin"
    return None


def detect_format(path: pathlib.Path) -> str:
    """The format of a file or export folder, from its content.

    Raises :class:`SourceError` when no format recognises it.
    """
    if not path.exists():
        raise SourceError(str(path), "no such file or folder")
    if path.is_dir():
        names = {p.name.lower() for p in path.rglob("*") if p.is_file()}
        if any(n.endswith(tuple(_TWITTER_FILES)) for n in names):
            return "twitter"
        if any(n.endswith(tuple(_LINKEDIN_FILES)) for n in names):
            return "linkedin"
        raise SourceError(str(path), "a folder that is neither a LinkedIn nor an X/Twitter export")
    if zipfile.is_zipfile(path):
        return "linkedin"
    found = _sniffed(path, ("json", *FORMATS))
    if found is None:
        raise SourceError(str(path), f"cannot tell which format this is; pass --format ({', '.join(ALL_FORMATS)})",
                          line=1)  # fmt: skip
    return found


def _sniffed(path: pathlib.Path, formats: Iterable[str]) -> str | None:
    """The first of ``formats`` that recognises the file from its first lines ("json": a kithkin backup),
    or None. Raises :class:`SourceError` for a binary file."""
    head = reading.head(path)
    reading.refuse_binary(path, head)
    for fmt in formats:
        module: Any = None if fmt == "json" else importlib.import_module(FORMATS[fmt])
        if is_backup(head) if module is None else module.sniff(head, path.name):
            return fmt
    return None


def _count_lines(path: pathlib.Path) -> int:
    """Lines in a file (0 for a folder or archive), for a progress bar; reads in 1 MiB blocks."""
    if not path.is_file() or zipfile.is_zipfile(path):
        return 0
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count + 1
