"""Which format a file is, and which files a folder stands for.

Detection reads the content (the first 64 KiB), not just the extension, so a
``contacts.txt`` that is really a vCard still imports; ``--format`` overrides
it. A folder is either a service's export, read whole (:func:`export_format`,
the one rule for what counts as a LinkedIn or X export), or stands for the
files in it (:func:`files_in`).
"""

from __future__ import annotations

import pathlib
import re
import zipfile
from collections.abc import Iterable
from typing import NamedTuple

from kithkin.errors import SourceError
from kithkin.sources import backup, reading, twitter
from kithkin.sources.registry import FORMAT_NAMES, SOURCES

_TWITTER_FILES = {"following.js", "follower.js", "contact.js"}
_EXPORTS = ("linkedin", "twitter")


class Found(NamedTuple):
    """A file (or export folder) to import, its format, and its name in its source label."""

    path: pathlib.Path
    format: str
    name: str


def _regular(path: pathlib.Path, fmt: str | None) -> None:
    """Only regular files and folders are read: a device (``/dev/zero`` never ends), a FIFO (blocks until
    someone writes) or a socket is refused before anything is opened; so is a file where an export folder is
    asked for."""
    if not path.exists():
        raise SourceError(str(path), "no such file or folder")
    if not (path.is_file() or path.is_dir()):
        raise SourceError(str(path), "not a regular file or folder (a device, a pipe or a socket): nothing to import")
    if fmt in _EXPORTS and path.is_file() and not zipfile.is_zipfile(path) and path.stat().st_size == 0:
        raise SourceError(str(path), f"an empty file is not a {fmt} export: give the export's folder or .zip")


def files_to_import(
    paths: Iterable[pathlib.Path], fmt: str | None
) -> tuple[list[Found], dict[pathlib.Path, list[str]]]:
    """Each file to import. A folder that is not a LinkedIn or X/Twitter export stands for what is in it
    (:func:`files_in`); the notes on what was skipped there come back keyed by the folder's first file, whose
    report shows them."""
    found: list[Found] = []
    skipped: dict[pathlib.Path, list[str]] = {}
    for path in paths:
        _regular(path, fmt)
        if not path.is_dir() or fmt in _EXPORTS or export_format(path) is not None:
            found.append(Found(path, fmt or detect_format(path), path.name))
            continue
        inside, notes = files_in(path, path, fmt)
        if not inside:
            raise SourceError(str(path), "no file in this folder is one kithkin reads (vCard, iCalendar, LinkedIn "
                              "or Google CSV), and it is not a LinkedIn or X/Twitter export")  # fmt: skip
        found += inside
        skipped[inside[0].path] = notes
    # The user's own LinkedIn Profile.csv says who "you" are in their Positions.csv and Education.csv: read
    # it first, whatever order the files were named or listed in.
    found.sort(key=lambda job: not (job.format == "linkedin" and job.path.name.lower().endswith("profile.csv")))
    return found, skipped


def files_in(root: pathlib.Path, folder: pathlib.Path, fmt: str | None) -> tuple[list[Found], list[str]]:
    """The files under ``folder`` to import, in name order: a phone's or a mail client's export of many
    ``.vcf`` or ``.ics``, a subfolder that is a LinkedIn or X export as one export. Each file is labelled by
    its path inside ``root`` (two ``contacts.vcf`` in different subfolders are two sources). Hidden files
    and folders, links, and files that are not contacts or calendars (or not ``fmt``) are skipped with a
    note: one stray README, zip or kithkin cache must not stop the rest."""
    found: list[Found] = []
    notes: list[str] = []
    for child in sorted(folder.iterdir()):
        name = child.relative_to(root).as_posix()
        if child.name.startswith("."):
            continue
        if child.is_symlink():
            notes.append(f"skipped {name}: a link (import what it points to directly)")
        elif child.is_dir():
            kind = export_format(child)
            if kind is not None:
                found.append(Found(child, kind, name))
            else:
                more, more_notes = files_in(root, child, fmt)
                found += more
                notes += more_notes
        elif child.is_file():
            kind, why = _file_format(child, fmt)
            if kind is None:
                notes.append(f"skipped {name}: {why}")
            else:
                found.append(Found(child, kind, name))
    return found, notes


def _file_format(path: pathlib.Path, fmt: str | None) -> tuple[str | None, str]:
    """The format of one file met in a folder, or None and why it is skipped. Member directories and
    backups are imported on their own (their mapping and community, their empty store); a zip counts only
    when it holds a LinkedIn or an X export."""
    if zipfile.is_zipfile(path):
        kind = _archive_format(path)
        if kind is not None and fmt in (None, kind):
            return kind, ""
        return None, "an archive that is not a LinkedIn or X export"
    try:
        found = _sniffed(path, (fmt,) if fmt else FORMAT_NAMES)
    except SourceError as error:  # binary junk
        return None, error.message
    if found is None:
        return None, f"not a {fmt} file" if fmt else "not a format kithkin reads"
    if found in ("directory", backup.NAME) and fmt is None:
        return None, "a member directory or a backup: import it on its own (as a community's directory, or restored)"
    return found, ""


def export_format(folder: pathlib.Path) -> str | None:
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
        kind = export_format(path)
        if kind is None:
            raise SourceError(str(path), "a folder that is neither a LinkedIn nor an X/Twitter export")
        return kind
    if zipfile.is_zipfile(path):
        return _archive_format(path) or "linkedin"
    found = _sniffed(path, FORMAT_NAMES)
    if found is None:
        raise SourceError(str(path), f"cannot tell which format this is; pass --format ({', '.join(FORMAT_NAMES)})",
                          line=1)  # fmt: skip
    return found


def _archive_format(path: pathlib.Path) -> str | None:
    """ "linkedin" or "twitter" for a zip holding that service's export, by its member names, else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(str(path), f"cannot read this archive: {exc}") from None
    if "connections.csv" in {pathlib.PurePosixPath(n).name.lower() for n in names}:
        return "linkedin"
    return "twitter" if twitter.in_archive(names) else None


def _sniffed(path: pathlib.Path, formats: Iterable[str]) -> str | None:
    """The first of ``formats`` (a backup first, then the sources in the registry's order) that recognises
    the file from its first lines, or None. Raises :class:`SourceError` for a binary file."""
    head = reading.head(path)
    reading.refuse_binary(path, head)
    wanted = set(formats)
    if backup.NAME in wanted and backup.sniff(head, path.name):
        return backup.NAME
    for source in SOURCES:
        if source.name in wanted and source.sniff(head, path.name):
            return source.name
    return None
