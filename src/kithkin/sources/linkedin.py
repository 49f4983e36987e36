"""LinkedIn's data export: connections, and the user's own positions, schools and profile.

"Get a copy of your data" gives a ``.zip`` of CSV files. Four of them matter:
``Connections.csv`` (the people, and when the user connected with each),
and ``Profile.csv``, ``Positions.csv`` and ``Education.csv``, which describe
the user — the employers, schools and place that make common ground with
everyone else. :func:`parse` takes any one of those files, a folder holding
them, or the ``.zip`` itself.

What the files look like in the wild (see ``../shared/data/formats/linkedin``):

* ``Connections.csv`` opens with a "Notes:" preamble (a quoted privacy notice
  and a blank line) above the header; older exports do not. Column order has
  changed over the years, so columns are found by name; an unknown column is
  reported once, never fatal.
* ``Email Address`` is usually empty (members must opt in), so the profile
  URL is the key: it survives re-exports and name changes. The URL is kept as
  given; the key drops the tracking query LinkedIn sometimes appends.
* Dates are "16 Jan 2020" (Connected On) or "Jan 2020" (Started On); a date
  in another shape is an error rather than a silent gap.

The archive is read member by member without extracting anything next to
it: only the four known file names are read, each capped in size, so a zip
bomb or a ``../`` member cannot reach outside a temporary folder.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import IO

from kithkin.dates import parse_fuzzy
from kithkin.errors import BadDate, SourceError
from kithkin.model import Contact, ContactKind, GroupKind
from kithkin.sources import reading
from kithkin.sources.csv_rows import (
    Keys,
    Notices,
    clean_name,
    fuzzy,
    lenient_fuzzy,
    person_key,
    read_table,
    relabelled,
)
from kithkin.sources.records import ME, Item, Link, Membership, Record
from kithkin.sources.source import Format

MAX_MEMBER_BYTES = 200 * 1024 * 1024
"""Largest archive member read (uncompressed). A 30,000-connection export is
about 3 MB, so this only stops archives built to exhaust the disk."""

COLUMNS = {
    "connections": ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"),
    "positions": ("Company Name", "Title", "Description", "Location", "Started On", "Finished On"),
    "education": ("School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"),
    "profile": (
        *("First Name", "Last Name", "Maiden Name", "Created Date", "Address", "Birth Date", "Headline"),
        *("Summary", "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers"),
    ),
}
"""Known columns of each file, as LinkedIn names them."""

REQUIRED = {
    "connections": ("First Name", "Last Name"),
    "positions": ("Company Name",),
    "education": ("School Name",),
    "profile": ("First Name", "Last Name"),
}

_ALL_COLUMNS = {name.casefold() for names in COLUMNS.values() for name in names}
_ME_PARTS = ("profile", "positions", "education")
_URL = re.compile(r"https?://[^\s,\]\[]+")
_DAY_MONTH = re.compile(r"^(?:([a-z]+)\.?\s+(\d{1,2})|(\d{1,2})\s+([a-z]+)\.?)$")
_WHAT = "a LinkedIn export CSV"


def sniff(head: str, name: str) -> bool:
    """Is this one of LinkedIn's export CSVs? (Google's contact CSV also has "First Name": not claimed.)

    >>> sniff("Notes:\\n\\"When exporting...\\"\\n\\nFirst Name,Last Name,URL\\n", "Connections.csv")
    True
    >>> sniff("Company Name,Title,Description,Location,Started On,Finished On\\n", "x.csv")
    True
    >>> sniff("First Name,Middle Name,Last Name,E-mail 1 - Value\\n", "contacts.csv")
    False
    """
    text = head.lstrip("\ufeff")
    if " - Value" in text[:4096]:
        return False
    if text.startswith("Notes:") and "First Name" in text:
        return True
    first = text.split("\n", 1)[0].casefold()
    cells = {cell.strip().strip('"') for cell in first.split(",")}
    return _kind_by_columns(cells) is not None and (
        "connected on" in cells or "started on" in cells or "school name" in cells or "maiden name" in cells
    )


def parse(path: pathlib.Path) -> Iterator[Item]:
    """The people and links of a LinkedIn CSV, export folder or export ``.zip``.

    Connections become :class:`Record` s with a ``Link(ME, key, "LinkedIn
    connection", since)``; Profile, Positions and Education become one
    ``Record(key=ME, is_me=True)`` carrying the user's employers, schools and
    place (empty name when there is no Profile.csv). Raises
    :class:`~kithkin.errors.SourceError` naming the file, line and column.
    """
    if path.is_dir():
        yield from _parse_parts(_folder_parts(path), Notices())
    elif zipfile.is_zipfile(path):
        yield from _parse_zip(path)
    else:
        yield from _parse_parts({_kind_by_name(path.name) or "": (path, str(path))}, Notices())


# -- finding the files --------------------------------------------------------------------------


def _kind_by_name(name: str) -> str | None:
    lowered = name.casefold()
    return next((kind for kind in COLUMNS if lowered.endswith(f"{kind}.csv")), None)


def _kind_by_columns(cells: set[str]) -> str | None:
    """The file whose known columns the header shares most of (at least two)."""
    scores = {kind: len(cells & {c.casefold() for c in names}) for kind, names in COLUMNS.items()}
    best = max(scores, key=lambda kind: scores[kind])
    return best if scores[best] >= 2 else None


def _folder_parts(folder: pathlib.Path) -> dict[str, tuple[pathlib.Path, str]]:
    parts: dict[str, tuple[pathlib.Path, str]] = {}
    for file in sorted(folder.rglob("*.csv")):
        kind = _kind_by_name(file.name)
        if kind is not None and file.name.casefold() == f"{kind}.csv" and file.is_file():
            parts.setdefault(kind, (file, str(file)))
    if not parts:
        raise SourceError(str(folder), "no Connections.csv, Profile.csv, Positions.csv or Education.csv in this folder")
    return parts


def _parse_zip(path: pathlib.Path) -> Iterator[Item]:
    notices = Notices()
    try:
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory(prefix="kithkin-") as tmp:
            parts = _zip_parts(path, archive, pathlib.Path(tmp), notices)
            yield from _parse_parts(parts, notices)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise SourceError(str(path), f"cannot read this archive: {exc}") from None


def _zip_parts(
    path: pathlib.Path, archive: zipfile.ZipFile, tmp: pathlib.Path, notices: Notices
) -> dict[str, tuple[pathlib.Path, str]]:
    """Copy the known members (size-capped) into ``tmp`` under fixed names; skip everything else."""
    parts: dict[str, tuple[pathlib.Path, str]] = {}
    for info in archive.infolist():
        base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
        kind = _kind_by_name(base)
        if info.is_dir():
            continue
        if kind is None or base.casefold() != f"{kind}.csv" or kind in parts:
            notices.add("other files in the archive not read: {count:,}")
            continue
        if ".." in info.filename.replace("\\", "/").split("/") or info.filename.startswith(("/", "\\")):
            notices.add(f"archive member {info.filename!r} points outside the archive; not read")
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            shown = f"{path}:{info.filename}"
            raise SourceError(shown, f"{info.file_size:,} bytes unpacked; at most {MAX_MEMBER_BYTES:,} are read")
        target = tmp / f"{kind}.csv"
        with archive.open(info) as source, target.open("wb") as sink:
            shutil.copyfileobj(_CappedReader(source, f"{path}:{info.filename}"), sink)
        parts[kind] = (target, f"{path}:{info.filename}")
    if not parts:
        raise SourceError(str(path), "no Connections.csv, Profile.csv, Positions.csv or Education.csv in this archive")
    return parts


class _CappedReader:
    """A reader that refuses to give more than :data:`MAX_MEMBER_BYTES` (a member lying about its size)."""

    def __init__(self, source: IO[bytes], shown: str) -> None:
        self._source, self._shown, self._left = source, shown, MAX_MEMBER_BYTES

    def read(self, size: int = -1) -> bytes:
        block = self._source.read(min(size if size > 0 else 1 << 20, self._left + 1))
        self._left -= len(block)
        if self._left < 0:
            raise SourceError(self._shown, f"more than {MAX_MEMBER_BYTES:,} bytes unpacked; not read")
        return block


# -- the files ----------------------------------------------------------------------------------


def _parse_parts(parts: dict[str, tuple[pathlib.Path, str]], notices: Notices) -> Iterator[Item]:
    me: Record | None = None
    for kind in _ME_PARTS:
        if kind in parts:
            me = _merge_me(me, _me_part(kind, *parts[kind], notices))
    if "" in parts:  # a single file whose name says nothing: its columns do
        file, shown = parts.pop("")
        kind = _sniff_kind(file, shown)
        if kind == "connections":
            parts["connections"] = (file, shown)
        else:
            me = _me_part(kind, file, shown, notices)
    if me is not None:
        yield me
    if "connections" in parts:
        yield from _connections(*parts["connections"], notices)
    yield from notices.items()


def _sniff_kind(file: pathlib.Path, shown: str) -> str:
    for _, fields in relabelled(reading.csv_rows(file), str(file), shown):
        kind = _kind_by_columns({" ".join(cell.lstrip("\ufeff").split()).casefold() for cell in fields})
        if kind is not None:
            return kind
    raise SourceError(shown, "not a LinkedIn export: no Connections, Profile, Positions or Education header", 1)


def _connections(file: pathlib.Path, shown: str, notices: Notices) -> Iterator[Item]:
    table, rows = read_table(
        file, shown, COLUMNS["connections"], REQUIRED["connections"], what=_WHAT, preamble=_ALL_COLUMNS
    )
    keys = Keys()
    for number, fields in rows:
        row = table.row(fields)
        name = clean_name(row.get("First Name", ""), row.get("Last Name", ""))
        since = lenient_fuzzy(row.get("Connected On", ""), number, "Connected On", notices)
        url, email = row.get("URL", ""), row.get("Email Address", "")
        if not name:
            if any(fields):
                notices.add("connections without a name skipped (LinkedIn hides some members): {count:,}")
            continue
        contacts = [Contact(ContactKind.URL, url)] if url else []
        contacts += [Contact(ContactKind.EMAIL, email)] if email else []
        company, position = clean_name(row.get("Company", "")), clean_name(row.get("Position", ""))
        employer = (Membership(GroupKind.EMPLOYER, company, role=position),) if company else ()
        key = keys.unique(person_key([url], [email], name))
        yield Record(key, name, number, contacts=tuple(contacts), memberships=employer)
        yield Link(ME, key, how="LinkedIn connection", since=since)
    yield from table.notices()


def _me_part(kind: str, file: pathlib.Path, shown: str, notices: Notices) -> Record:
    table, rows = read_table(file, shown, COLUMNS[kind], REQUIRED[kind], what=_WHAT)
    me = Record(ME, "", is_me=True)
    for number, fields in rows:
        row = table.row(fields)
        if not any(row.values()):
            continue
        me = replace(me, line=me.line or number)
        if kind == "profile":
            me = _merge_me(me, _profile(row, shown, number))
        else:
            found = _position if kind == "positions" else _school
            memberships = found(row, number, notices)
            me = replace(me, memberships=me.memberships + memberships)
    for notice in table.notices():
        notices.add(notice.said)
    return me


def _merge_me(me: Record | None, part: Record) -> Record:
    if me is None:
        return part
    return replace(
        me,
        name=me.name or part.name,
        line=me.line or part.line,
        aliases=me.aliases + part.aliases,
        contacts=me.contacts + part.contacts,
        notes=me.notes or part.notes,
        birthday=me.birthday or part.birthday,
        memberships=me.memberships + part.memberships,
    )


def _position(row: dict[str, str], line: int, notices: Notices) -> tuple[Membership, ...]:
    start = lenient_fuzzy(row.get("Started On", ""), line, "Started On", notices)
    end = lenient_fuzzy(row.get("Finished On", ""), line, "Finished On", notices)
    found = [
        Membership(GroupKind.EMPLOYER, clean_name(row["Company Name"]), clean_name(row.get("Title", "")), start, end)
    ]
    if place := city(row.get("Location", "")):
        found.append(Membership(GroupKind.PLACE, place, start=start, end=end))
    return tuple(m for m in found if m.name)


def _school(row: dict[str, str], line: int, notices: Notices) -> tuple[Membership, ...]:
    start = lenient_fuzzy(row.get("Start Date", ""), line, "Start Date", notices)
    end = lenient_fuzzy(row.get("End Date", ""), line, "End Date", notices)
    if not row["School Name"]:
        return ()
    school, degree = clean_name(row["School Name"]), clean_name(row.get("Degree Name", ""))
    return (Membership(GroupKind.SCHOOL, school, degree, start, end),)


def _profile(row: dict[str, str], shown: str, line: int) -> Record:
    handles = [h.strip(" []@") for h in row.get("Twitter Handles", "").split(",")]
    contacts = [Contact(ContactKind.HANDLE, h, "twitter") for h in handles if h]
    contacts += [Contact(ContactKind.URL, url) for url in _URL.findall(row.get("Websites", ""))]
    place = city(row.get("Geo Location", ""))
    maiden = row.get("Maiden Name", "")
    return Record(
        ME,
        clean_name(row.get("First Name", ""), row.get("Last Name", "")),
        line,
        aliases=(clean_name(row.get("First Name", ""), maiden),) if maiden else (),
        contacts=tuple(contacts),
        notes=row.get("Headline", ""),
        birthday=_birthday(row.get("Birth Date", ""), shown, line),
        memberships=(Membership(GroupKind.PLACE, place),) if place else (),
        is_me=True,
    )


def city(location: str) -> str:
    """The locality of a LinkedIn location: its first comma-separated part.

    >>> city("Berlin, Germany"), city(" San Francisco Bay Area "), city("")
    ('Berlin', 'San Francisco Bay Area', '')
    """
    return " ".join(location.split(",", 1)[0].split())


def _birthday(text: str, shown: str, line: int) -> str:
    """ "Apr 15, 1980" → "1980-04-15"; "Apr 15" (no year, as LinkedIn shows it) → "--04-15"."""
    if not text:
        return ""
    if match := _DAY_MONTH.match(" ".join(text.lower().split())):
        month, day = (match[1], match[2]) if match[1] else (match[4], match[3])
        try:
            return "--" + str(parse_fuzzy(f"{month} {day}, 2000"))[5:]
        except BadDate:
            raise SourceError(shown, f"cannot read the date {text!r}", line, "Birth Date") from None
    value = fuzzy(text, shown, line, "Birth Date")
    return str(value) if value is not None else ""


SOURCE = Format("linkedin", sniff, lambda path, options: parse(path))
