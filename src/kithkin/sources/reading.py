"""Reading untrusted files: bounded lines, known encodings, clear errors.

Every importer reads a file someone downloaded, possibly truncated, possibly
hostile. The rules here keep memory bounded whatever arrives: a line longer
than :data:`MAX_LINE` fails at once (a 2 GB line is never held), binary junk is
refused before parsing, and text is decoded as UTF-8 (with or without BOM),
UTF-16 when it carries a BOM, and otherwise Windows-1252, the encoding older
Outlook and Excel exports use.
"""

from __future__ import annotations

import codecs
import csv
import pathlib
import zipfile
from collections.abc import Iterator

from kithkin.errors import SourceError

MAX_LINE = 1 << 20
"""Longest line accepted (1 MiB): a vCard photo folds into 75-byte lines, so
no honest contact file comes near it."""

MAX_COLUMNS = 1000
"""Widest CSV accepted; LinkedIn's widest export has about 30 columns."""

SNIFF_BYTES = 64 * 1024


def bounded_bytes(path: pathlib.Path, limit: int, too_large: str, *, unreadable: str = "cannot read") -> bytes:
    """The whole file, refused with ``too_large`` when it holds more than ``limit`` bytes: one byte past the
    limit is read, never more (devices and pipes report a size of 0, so the size on disk proves nothing)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise SourceError(str(path), f"{unreadable}: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise SourceError(str(path), too_large)
    return raw


def head(path: pathlib.Path, size: int = SNIFF_BYTES) -> str:
    """The first ``size`` bytes of ``path`` decoded for format detection."""
    return decode_head(_raw_head(path)[:size])


def decode_head(raw: bytes) -> str:
    encoding = detect_encoding(raw)
    return raw.decode(encoding, errors="replace").lstrip("\ufeff")


def detect_encoding(raw: bytes) -> str:
    """The encoding of a file from its first bytes.

    >>> detect_encoding(codecs.BOM_UTF8 + b"BEGIN:VCARD")
    'utf-8-sig'
    >>> detect_encoding("Zoë".encode("cp1252"))
    'cp1252'
    """
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    wide = wide_encoding(raw)
    if wide:
        return wide
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sniffing window is still UTF-8;
        # a shorter head is the whole file, so its end is not a cut.
        if exc.start < len(raw) - 4 or len(raw) < SNIFF_BYTES or exc.reason != "unexpected end of data":
            return "cp1252"
    return "utf-8"


def wide_encoding(raw: bytes) -> str:
    """UTF-16 or UTF-32 without a BOM (a Mac Address Book export), told by where the NUL bytes of ASCII
    text fall; "" when the text is not laid out that way.

    >>> wide_encoding("BEGIN:VCARD".encode("utf-16-be")), wide_encoding("BEGIN".encode("utf-32-le"))
    ('utf-16-be', 'utf-32-le')
    >>> wide_encoding(b"BEGIN:VCARD")
    ''
    """
    sample = raw[:4096]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 4 or b"\x00" not in sample[:4]:
        return ""
    for name, width, zeros in (("utf-32-be", 4, (0, 1, 2)), ("utf-32-le", 4, (1, 2, 3)),
                               ("utf-16-be", 2, (0,)), ("utf-16-le", 2, (1,))):  # fmt: skip
        units = [sample[i : i + width] for i in range(0, len(sample), width)]
        if sum(all(u[z] == 0 for z in zeros) for u in units) * 10 >= len(units) * 9:
            try:
                codecs.getincrementaldecoder(name)().decode(sample)  # not final: a pair cut at the end is fine
            except UnicodeDecodeError:
                continue
            return name
    return ""


def refuse_binary(path: pathlib.Path, text: str) -> None:
    """Raise if the start of the file looks like binary data rather than text."""
    if "\x00" in text:
        raise SourceError(str(path), "this is a binary file, not a text export")


def lines(path: pathlib.Path, *, encoding: str | None = None) -> Iterator[tuple[int, str]]:
    """(line number, line without its end) for every line, with the size limit enforced.

    Decoding is chosen from the first bytes; an undecodable byte later on
    becomes U+FFFD rather than aborting a whole import. A format that names
    its own charsets per value (vCard's CHARSET=Shift_JIS) passes
    ``encoding="latin-1"`` to get every byte back unchanged.
    """
    raw = _raw_head(path)
    refuse_binary(path, decode_head(raw))
    encoding = encoding or detect_encoding(raw)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        number = 0
        while True:
            line = handle.readline(MAX_LINE + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE and not line.endswith(("\n", "\r")):
                raise SourceError(str(path), f"line longer than {MAX_LINE:,} characters; not a contact export", number)
            if "\x00" in line:
                raise SourceError(str(path), "binary data in a text file", number)
            yield number, line.rstrip("\r\n")


def count_lines(path: pathlib.Path) -> int:
    """Lines in a file (0 for a folder or archive), for a progress bar; reads in 1 MiB blocks."""
    if not path.is_file() or zipfile.is_zipfile(path):
        return 0
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count + 1


def _raw_head(path: pathlib.Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from None


class _LineStream:
    """A read-only text stream over :func:`lines`, so ``csv.reader`` gets the same limits."""

    def __init__(self, path: pathlib.Path) -> None:
        self._lines = lines(path)
        self.line_number = 0

    def __next__(self) -> str:
        self.line_number, line = next(self._lines)
        return line + "\n"

    def __iter__(self) -> Iterator[str]:
        return self


def csv_rows(path: pathlib.Path, *, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) for each CSV row that is not blank, bounded in line length and column count.

    The one CSV reader every table format goes through. It is strict: an unclosed quote is an error naming
    the line it starts on, not the rest of the file swallowed into one cell.
    """
    stream = _LineStream(path)
    csv.field_size_limit(MAX_LINE)
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    while True:
        start = stream.line_number + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(str(path), f"not valid CSV: {exc}", start) from None
        if len(fields) > MAX_COLUMNS:
            raise SourceError(str(path), f"{len(fields):,} columns; at most {MAX_COLUMNS:,} are read", start)
        if fields:
            yield start, fields
