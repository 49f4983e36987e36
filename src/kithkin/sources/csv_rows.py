"""What the CSV exports of people have in common, read once for all of them.

The CSV exports of LinkedIn, Google and member directories share the same
chores: finding columns by name in a header (whatever their order, case or
stray spaces), aggregated notices (one "column not read" or "rows skipped"
line per file, not one per row), stable keys (a profile URL, else an email,
else the name, made unique within the file) and name cleaning. They live
here so each source keeps only what its own export does differently;
:mod:`kithkin.sources.linkedin` and :mod:`kithkin.sources.google` read
through it.
"""

from __future__ import annotations

import functools
import pathlib
import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, field

from kithkin.dates import parse_fuzzy
from kithkin.errors import BadDate, SourceError
from kithkin.identity import email_key, name_key, url_key
from kithkin.model import FuzzyDate
from kithkin.sources import reading
from kithkin.sources.records import Notice

MAX_SKIPPED = 100
"""Unreadable cells reported one by one in a file; past this, a count."""

ONGOING = frozenset({"present", "now", "current", "today", "ongoing", "heute", "aujourd'hui", "actuel", "actualidad"})
"""What an end date says for "not ended": LinkedIn writes "Present" in Finished On."""

HEADER_SEARCH_ROWS = 20
"""Rows scanned for a header below a preamble; LinkedIn's preamble takes three."""


@dataclass
class Notices:
    """Counts of things not taken, reported once each at the end of a file."""

    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[Notice] = field(default_factory=list)

    def add(self, message: str, count: int = 1) -> None:
        self.counts[message] = self.counts.get(message, 0) + count

    def skip(self, line: int, column: str, message: str) -> None:
        """A cell that could not be read and was left out, the rest of its row kept (the first
        :data:`MAX_SKIPPED` one by one, then counted)."""
        if len(self.skipped) < MAX_SKIPPED:
            self.skipped.append(Notice(f"{column}: {message}", line, True, kept="left out, the rest of the row kept"))
        else:
            self.add("more unreadable cells left out: {count:,}")

    def items(self) -> Iterator[Notice]:
        yield from self.skipped
        self.skipped.clear()
        for message, count in self.counts.items():
            yield Notice(message.format(count=count))
        self.counts.clear()


@dataclass
class Table:
    """A CSV's header: where each known column is, and what the unknown ones hold."""

    shown: str
    line: int
    index: dict[str, int]
    unknown: dict[int, str]
    filled: dict[int, int] = field(default_factory=dict)

    @classmethod
    def read(cls, shown: str, line: int, header: list[str], known: Iterable[str], required: Iterable[str]) -> Table:
        """Map ``header`` to ``known`` names case-insensitively; raise if a ``required`` one is missing."""
        wanted = {name.casefold(): name for name in known}
        index: dict[str, int] = {}
        unknown: dict[int, str] = {}
        for position, cell in enumerate(header):
            label = " ".join(cell.lstrip("\ufeff").split())
            name = wanted.get(label.casefold())
            if name is not None and name not in index:
                index[name] = position
            elif label:
                unknown[position] = label
        for name in required:
            if name not in index:
                raise SourceError(shown, f'no "{name}" column in the header', line, name)
        return cls(shown, line, index, unknown)

    def row(self, fields: list[str]) -> dict[str, str]:
        """The known cells of a row, trimmed (missing trailing cells read as empty)."""
        for position in self.unknown:
            if position < len(fields) and fields[position].strip():
                self.filled[position] = self.filled.get(position, 0) + 1
        size = len(fields)
        return {name: fields[i].strip() if i < size else "" for name, i in self.index.items()}

    def notices(self) -> Iterator[Notice]:
        """One notice per unknown column, with how many rows had a value in it."""
        for position, label in self.unknown.items():
            count = self.filled.get(position, 0)
            rows = "1 row has" if count == 1 else f"{count:,} rows have"
            yield Notice(f'column "{label}" is not read ({rows} a value)', self.line)


class Keys:
    """Keys unique within one file: the second "name:dana dup" becomes "name:dana dup#2"."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def unique(self, key: str) -> str:
        count = self._seen.get(key, 0) + 1
        self._seen[key] = count
        return key if count == 1 else f"{key}#{count}"


def person_key(urls: Iterable[str] = (), emails: Iterable[str] = (), name: str = "") -> str:
    """A provider URL's key, else the first email's, else ``name:`` and the name's key.

    >>> person_key(["https://www.linkedin.com/in/Carol-Test/?trk=abc"], ["c@x.org"], "Carol")
    'linkedin.com/in/carol-test'
    >>> person_key([], ["", " C@X.org"], "Carol"), person_key(name="Zoë  O'Neil")
    ('c@x.org', 'name:zoe oneil')
    """
    for url in urls:
        if url.strip():
            return url_key(re.split(r"[?#]", url.strip(), maxsplit=1)[0])
    for email in emails:
        if email.strip():
            return email_key(email)
    return "name:" + name_key(name)


def clean_name(*parts: str) -> str:
    """Parts joined by single spaces, trimmed.

    >>> clean_name(" Ada ", "", "Lovelace  King")
    'Ada Lovelace King'
    """
    return " ".join(" ".join(parts).split())


def read_table(
    path: pathlib.Path,
    shown: str,
    known: Iterable[str],
    required: Iterable[str],
    *,
    what: str,
    preamble: Set[str] = frozenset(),
) -> tuple[Table, Iterator[tuple[int, list[str]]]]:
    """The header of a CSV and an iterator over its remaining rows.

    With ``preamble`` (casefolded column names), rows before the first one
    naming any of them are skipped (LinkedIn's "Notes:" block), looking no
    further than :data:`HEADER_SEARCH_ROWS`. ``what`` names the expected file
    in the error when no header is found ("a LinkedIn export CSV").
    """
    rows = relabelled(reading.csv_rows(path), str(path), shown)
    for number, fields in rows:
        cells = {" ".join(cell.lstrip("\ufeff").split()).casefold() for cell in fields}
        if not any(cells - {""}):
            continue
        if not preamble or cells & preamble:
            return Table.read(shown, number, fields, known, required), rows
        if number > HEADER_SEARCH_ROWS:
            break
    raise SourceError(shown, f"no header row found: is this {what}?", 1)


def relabelled(rows: Iterator[tuple[int, list[str]]], real: str, shown: str) -> Iterator[tuple[int, list[str]]]:
    """``rows``, with errors about a temporary copy reported under the name the user knows."""
    try:
        yield from rows
    except SourceError as exc:
        if real == shown:
            raise
        where = real + (f", line {exc.line}" if exc.line is not None else "")
        where += f", field {exc.field}" if exc.field is not None else ""
        raise SourceError(shown, str(exc)[len(where) + 2 :], exc.line, exc.field) from None


def fuzzy(text: str, shown: str, line: int, column: str) -> FuzzyDate | None:
    """A date cell ("16 Jan 2020", "Jan 2020", "2019", "2020-01-16"), None when empty."""
    if not text:
        return None
    value = _date(text)
    if value is None:
        raise SourceError(shown, f"cannot read the date {text!r}", line, column)
    return value


def lenient_fuzzy(text: str, line: int, column: str, notices: Notices) -> FuzzyDate | None:
    """:func:`fuzzy` that never refuses a row: "Present" (and the like) is no date; an unreadable date is left
    out with a notice naming the line and column.

    >>> notices = Notices()
    >>> lenient_fuzzy("Present", 2, "Finished On", notices), lenient_fuzzy("Jan 2020", 2, "Started On", notices)
    (None, FuzzyDate(year=2020, month=1, day=None))
    >>> lenient_fuzzy("someday", 3, "Started On", notices), [n.line for n in notices.items()]
    (None, [3])
    """
    text = text.strip()
    if not text or text.casefold() in ONGOING:
        return None
    value = _date(text)
    if value is None:
        notices.skip(line, column, f"cannot read the date {text[:40]!r}")
    return value


@functools.lru_cache(maxsize=8192)
def _date(text: str) -> FuzzyDate | None:
    """Cached: 50,000 connections share a few thousand days."""
    try:
        return parse_fuzzy(text)
    except BadDate:
        return None
