"""Streaming JSON: the objects of a huge array, or of JSON Lines, one at a time.

Why it exists: member directories and other JSON exports can be hundreds of
MB, and ``json.load`` would need about ten times the file size in memory
(every string, number and dict becomes a Python object), so a large alumni
export would not fit. Instead the file is read through a sliding window:
one value at a time is decoded with :meth:`json.JSONDecoder.raw_decode`,
more of the file is read in 1 MiB chunks only when a value is cut off, and
what has been passed is dropped. Memory is bounded by the largest single
value, not by the file.

Caps, so a broken or hostile file costs no more than that: one value may be
at most :data:`MAX_JSON_VALUE` characters, nesting deep enough to exhaust
Python's recursion limit is refused, a NUL byte means binary data, and JSON
Lines go through :func:`kithkin.sources.reading.lines` and its line-length
limit. Every failure is a :class:`~kithkin.errors.SourceError` naming the
file and the line the offending value starts on.
"""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Iterator
from typing import Any, TextIO

from kithkin.errors import SourceError
from kithkin.sources import reading

MAX_JSON_VALUE = 1 << 20
"""Largest single JSON member object (1 MiB); a directory entry is a few hundred bytes."""

_CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder()
_INSTEAD = "export the directory as CSV or JSON Lines"


def is_json_lines(text: str) -> bool:
    """Does the file start with a whole object on its first line, followed by another line?

    >>> is_json_lines('{"name": "Dana"}\\n{"name": "Bo"}\\n'), is_json_lines('{"members": [\\n{"name": "Dana"}]}')
    (True, False)
    """
    first, _, rest = text.partition("\n")
    try:
        value, end = _DECODER.raw_decode(first.strip())
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and end == len(first.strip()) and rest.lstrip().startswith("{")


def json_lines(path: pathlib.Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, object) for each non-blank line of a JSON Lines file; a line that is not an object is an error."""
    for number, line in reading.lines(path):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise SourceError(str(path), f"not valid JSON: {exc}", number) from None
        except RecursionError:
            raise SourceError(str(path), "JSON nested too deeply", number) from None
        if not isinstance(value, dict):
            raise SourceError(str(path), f"each line must be a JSON object, not {type(value).__name__}", number)
        yield number, value


def array_objects(path: pathlib.Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, object) for the objects of a top-level array, or of the first array of objects in a top-level object."""
    with path.open("rb") as raw:
        encoding = reading.detect_encoding(raw.read(reading.SNIFF_BYTES))
    with path.open("r", encoding=encoding, errors="replace") as handle:
        reader = JsonReader(str(path), handle)
        reader.skip_bom()
        if reader.peek() == "[":
            yield from reader.array(members_only=True)
        elif reader.peek() == "{":
            yield from _wrapped(reader)
        else:
            raise reader.error("a directory in JSON is an array of objects")
        if reader.peek():
            raise reader.error("unexpected data after the end of the JSON document")


def _wrapped(reader: JsonReader) -> Iterator[tuple[int, dict[str, Any]]]:
    """The members of ``{"meta": ..., "members": [...]}``: the first array of objects, other values skipped."""
    reader.take("{")
    while reader.peek() != "}":
        key = reader.value()
        if not isinstance(key, str):
            raise reader.error("expected a key")
        reader.take(":")
        if reader.peek() == "[" and not reader.members_read:
            yield from reader.array(members_only=False)
        else:
            reader.value()
        if reader.peek() == ",":
            reader.take(",")
        elif reader.peek() != "}":
            raise reader.error("expected , or }")
    reader.take("}")
    if not reader.members_read:
        raise reader.error("the JSON object holds no array of member objects")


class JsonReader:
    """JSON values read through a sliding window, so a huge array never sits in memory."""

    def __init__(
        self,
        path: str,
        handle: TextIO,
        *,
        what: str = "a member directory",
        instead: str = _INSTEAD,
        chunk: int = _CHUNK,
    ) -> None:
        self.path = path
        self.handle = handle
        self.chunk = chunk
        """Characters read at a time (more only while one value is cut off)."""
        self.what = what
        """What the file should be, for errors ("JSON nested too deeply to be a member directory")."""
        self.instead = instead
        """What to do when one value is too large."""
        self.buf = ""
        self.pos = 0
        self.line = 1
        self.eof = False
        self.line_of_value = 1
        self.members_read = False
        """Whether an array of member objects (or an empty array) has been read."""

    def skip_bom(self) -> None:
        if self.peek() == "\ufeff":
            self.pos += 1

    def error(self, message: str) -> SourceError:
        return SourceError(self.path, message, self.line)

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            self._advance(_SPACE.match(self.buf, self.pos).end())  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            found = self.buf[self.pos : self.pos + 20] or "the end of the file"
            raise self.error(f"expected {char!r} but found {found!r}")
        self._advance(self.pos + 1)

    def value(self) -> Any:
        """The next whole JSON value, reading more of the file until it is complete."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self._grow():
                    continue
                line = self.line + self.buf.count("\n", self.pos, exc.pos)
                raise SourceError(self.path, f"not valid JSON: {exc.msg}", line) from None
            except RecursionError:
                raise self.error(f"JSON nested too deeply to be {self.what}") from None
            except ValueError:  # a number of more digits than Python converts (4,300)
                raise self.error(f"a number too long to be {self.what}") from None
            if end == len(self.buf) and self._grow():
                continue  # a number cut by the window may go on
            line = self.line
            self._advance(end)
            self.line_of_value = line
            return value

    def elements(self) -> Iterator[tuple[int, Any]]:
        """(line, value) for each element of the array that starts here, whatever the elements are."""
        self.take("[")
        while self.peek() != "]":
            if not self.peek():
                raise self.error("the JSON array is never closed; the file may be cut short")
            value = self.value()
            yield self.line_of_value, value
            if self.peek() == ",":
                self.take(",")
            elif self.peek() != "]":
                raise self.error("expected , or ] in the JSON array")
        self.take("]")

    def array(self, *, members_only: bool) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line, object) for each element of an array of objects.

        An array whose first element is not an object is an error when
        ``members_only``, else it is read through and skipped (a list of
        tags beside the members).
        """
        self.take("[")
        index = 0
        members = True
        while self.peek() != "]":
            if not self.peek():
                raise self.error("the JSON array is never closed; the file may be cut short")
            value = self.value()
            if not isinstance(value, dict):
                if members_only or (members and index):
                    raise SourceError(self.path, f"element {index + 1} is not an object", self.line_of_value)
                members = False
            elif members:
                self.members_read = True
                yield self.line_of_value, value
            index += 1
            if self.peek() == ",":
                self.take(",")
            elif self.peek() != "]":
                raise self.error("expected , or ] in the JSON array")
        self.take("]")
        self.members_read |= members

    def _advance(self, to: int) -> None:
        self.line += self.buf.count("\n", self.pos, to)
        self.pos = to

    def _grow(self) -> bool:
        if len(self.buf) - self.pos > MAX_JSON_VALUE:
            raise self.error(f"one JSON value is larger than {MAX_JSON_VALUE >> 20} MiB; {self.instead}")
        return self._more()

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(self.chunk)
        if not chunk:
            self.eof = True
            return False
        if "\x00" in chunk:
            raise self.error("binary data in a JSON file")
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True
