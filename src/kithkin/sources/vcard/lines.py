"""vCard content lines: unfolding, splitting, decoding and unescaping (RFC 6350 §3.3, RFC 2425, vCard 2.1).

The line-level half of :mod:`kithkin.sources.vcard.reader`, kept apart so each module
stays readable: the file read in pieces of whole lines (:func:`text_blocks`),
the careful reader's :class:`Unfolder`, and the parsing of a line's head
(cached, so a file's few hundred distinct heads are parsed once each).
Unfolding follows each version's rule -- 2.1 keeps the folding whitespace,
3.0/4.0 drop one character -- joins quoted-printable soft breaks, and never
keeps the continuation lines of a binary property.
"""

from __future__ import annotations

import binascii
import functools
import pathlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kithkin.errors import SourceError
from kithkin.sources import reading

MAX_FOLDS = 1000
"""Continuation lines a kept property may have: 75 KB of folded text; a
longer note is written unfolded by every exporter we have seen."""

BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_BASE64_LINE = re.compile(r"[A-Za-z0-9+/=]+")
_QP_BAD = re.compile(r"=(?![0-9A-Fa-f]{2})")
_QP_BYTE = re.compile(r"=([0-9A-Fa-f]{2})")
_FOLD = (" ", "\t")
_DROPPED_TYPES = frozenset({"pref", "internet", "voice", "x400"})
_BREAK = re.compile(r"[\r\n]")
_HEAD = re.compile(r"(?:[\w-]+\.)?([\w-]+)([;:]?)")
_FAST = re.compile(r"(?:([\w-]+)\.)?([\w-]+)(;[^:\"]*)?:")
_PLAIN_HEAD = re.compile(r"(?:([\w-]+)\.)?([\w-]+)(;[^:\"]*)?")
_NAME = re.compile(r"(?:([\w-]+)\.)?([\w-]+)")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SPLITTERS = {sep: re.compile(r"\\(.)|" + re.escape(sep), re.DOTALL) for sep in ";,"}


@dataclass(slots=True, eq=False)
class Head:
    """What precedes a value: ``item1.EMAIL;TYPE=work`` as group, name (upper case) and parameters.

    Lines with the same head text share one (see :func:`plain_head`): read
    it, never change it. ``types`` is the TYPE parameter as a contact label:
    lower case, de-duplicated, without pref/internet/voice/x400.
    """

    group: str
    name: str
    params: dict[str, list[str]]
    types: str = ""


@dataclass(slots=True)
class Line:
    """One unfolded content line: ``item1.EMAIL;TYPE=work:dana@example.org``."""

    number: int
    head: Head
    value: str


def text_blocks(path: pathlib.Path, encoding: str, piece: int = 0) -> Iterator[tuple[str, SourceError | None]]:
    """The file's text in pieces of whole lines (about 1 MiB each), under :func:`reading.lines`' limits.

    Each piece ends at a line break, or at the end of the file. A line longer
    than :data:`reading.MAX_LINE` or holding a NUL ends the text: its piece
    comes with that error, which the reader raises once the lines before it
    are read -- the order :func:`reading.lines` keeps, at a fraction of its
    cost per line. Memory stays under two pieces.
    """
    shown, carry, number, ends_lf = str(path), "", 1, None
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        while True:
            chunk = handle.read(min(piece or reading.MAX_LINE, reading.MAX_LINE))
            text = carry + chunk
            cut = _last_break(text) if chunk else len(text)
            whole, carry = text[:cut], text[cut:]
            if ends_lf is None and whole:
                ends_lf = "\n" in whole
            if ends_lf and whole.count("\r") != whole.count("\r\n"):
                whole = _bare_cr(whole)
            bad = _first_bad(shown, whole, number)
            if bad is not None:
                yield whole[: bad[0]], bad[1]
                return
            if whole:
                yield whole, None
            number += breaks(whole)
            if len(carry.rstrip("\r")) > reading.MAX_LINE:
                yield "", _too_long(shown, number)
                return
            if not chunk:
                return


_BARE_CR = re.compile(r"\r(?=[^\r\n \t])(?![A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)?[;:])")


def _bare_cr(text: str) -> str:
    r"""In a file whose lines end in LF, a carriage return followed by text is inside a value (Thunderbird
    writes a note's line breaks so): it becomes an escaped line break, not a line of its own -- unless what
    follows starts a property (``NAME:`` or ``NAME;``). iOS's CR CR LF stays one line end.

    >>> _bare_cr("NOTE:one\rtwo\r\nFN:A\r\r\n")
    'NOTE:one\\ntwo\r\nFN:A\r\r\n'
    """
    return _BARE_CR.sub(r"\\n", text)


def _last_break(text: str) -> int:
    """Where the last whole line ends; a final CR waits, since its LF may come with the next piece."""
    end = len(text) - text.endswith("\r")
    return max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1


def _first_bad(shown: str, text: str, number: int) -> tuple[int, SourceError] | None:
    """The start of the first line that is too long or holds a NUL, with its error.

    Only the first line can be too long: the text is at most a carried line
    (up to the limit) plus one piece of ``MAX_LINE`` characters.
    """
    first = _BREAK.search(text)
    if (first.start() if first else len(text)) > reading.MAX_LINE:
        return 0, _too_long(shown, number)
    nul = text.find("\x00")
    if nul < 0:
        return None
    start = max(text.rfind("\n", 0, nul), text.rfind("\r", 0, nul)) + 1
    return start, SourceError(shown, "binary data in a text file", number + breaks(text, 0, start))


def _too_long(shown: str, number: int) -> SourceError:
    return SourceError(shown, f"line longer than {reading.MAX_LINE:,} characters; not a contact export", number)


def breaks(text: str, start: int = 0, end: int | None = None) -> int:
    r"""How many line breaks (CRLF, CR or LF) ``text[start:end]`` holds; both ends must be line starts.

    >>> breaks("a\r\nb\rc\nd\r\r\n"), breaks("a\r\nb\rc\n", 3)
    (5, 2)
    """
    end = len(text) if end is None else end
    return text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)


class Unfolder:
    """Joins physical lines into logical ones, fed one physical line at a time.

    Pushed rather than pulled so that :mod:`kithkin.sources.vcard.reader` can hand
    whole ordinary cards to its fast path and only feed the others line by
    line. 2.1 unfolds CRLF + space to the space (RFC 2425 §5.8.1 came later
    and drops it); a binary property's continuation lines are counted, never
    kept. ``keep_space`` follows the last VERSION line seen, across cards.
    """

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.pending: list[str] = []
        self.start = self.folds = self.size = 0
        self.binary = self.qp = self.keep_space = self.base64_21 = False

    def continues(self, text: str) -> bool:
        """Is ``text`` a continuation of the pending line (fold, soft break, 2.1 base64 run)?"""
        pending = self.pending
        return bool(pending) and (
            (self.qp and pending[-1].endswith("="))
            or text[:1] in _FOLD
            or (self.base64_21 and _BASE64_LINE.fullmatch(text) is not None)
        )

    def fold(self, text: str) -> None:
        """Append a continuation line (:meth:`continues` said yes)."""
        pending = self.pending
        soft = self.qp and pending[-1].endswith("=")
        self.folds += 1
        if self.binary:
            return
        self.size += len(text)
        if self.folds > MAX_FOLDS or self.size > reading.MAX_LINE:
            message = f"property folded over more than {MAX_FOLDS:,} lines"
            raise SourceError(self.shown, message, self.start, prop(pending[0]))
        if soft:
            pending[-1] = pending[-1][:-1]
            pending.append(text)
        else:
            pending.append(text if self.keep_space else text[1:])

    def take(self) -> tuple[int, str] | None:
        """The pending logical line (line number, text), now complete; ``None`` if there is none."""
        if not self.pending:
            return None
        line = self.start, "".join(self.pending)
        self.pending = []
        return line

    def begin(self, number: int, text: str) -> None:
        """Start a logical line with a non-blank line that continues nothing."""
        self.pending, self.start, self.folds, self.size = [text], number, 0, len(text)
        match = _HEAD.match(text)
        name = match[1].upper() if match else ""
        self.binary = name in BINARY
        params = text[: text.find(":")].upper() if match and match[2] == ";" else ""
        self.qp = "QUOTED-PRINTABLE" in params
        self.base64_21 = self.binary and self.keep_space and "BASE64" in params
        if name == "VERSION":
            self.keep_space = text[8:].strip() == "2.1"


def head_name(text: str) -> str:
    """The property name of a physical line as :class:`Unfolder` reads it (upper case; "" if none).

    >>> head_name("item1.Version:2.1"), head_name("VERSION.x:2.1"), head_name(" folded")
    ('VERSION', 'X', '')
    """
    match = _HEAD.match(text)
    return match[1].upper() if match else ""


def prop(head: str) -> str:
    """The property name at the start of a line (without group or parameters), upper case."""
    return head.split(";", 1)[0].split(":", 1)[0].rsplit(".", 1)[-1].strip().upper()


def content_line(shown: str, number: int, text: str) -> Line:
    """Split a content line into group, name, parameters and (still escaped) value."""
    fast = _FAST.match(text)
    if fast:
        return Line(number, _known_head(fast[1] or "", fast[2], fast[3] or ""), text[fast.end() :])
    group, name, raw_params, value = _slow_line(shown, number, text)
    return Line(number, _head(group, name, _params(raw_params)), value)


@functools.lru_cache(maxsize=4096)
def plain_head(head: str) -> Head | None:
    """The text before a line's first colon as a :class:`Head`, if it is plain.

    Plain: :func:`content_line`'s fast grammar (no quotes), not BEGIN or END,
    not quoted-printable (whose soft breaks join lines). Parsed once per
    distinct text.

    >>> plain_head("item1.tel;type=CELL,voice"), plain_head("END"), plain_head('EMAIL;TYPE="a"')
    (Head(group='ITEM1', name='TEL', params={'TYPE': ['CELL', 'voice']}, types='cell'), None, None)
    """
    match = _PLAIN_HEAD.fullmatch(head)
    if match is None or "QUOTED-PRINTABLE" in head.upper() or match[2].upper() in ("BEGIN", "END"):
        return None
    return _known_head(match[1] or "", match[2], match[3] or "")


@functools.lru_cache(maxsize=4096)
def _known_head(group: str, name: str, params: str) -> Head:
    """The shared head of a line without quoted parameters (``params``: ``;TYPE=work;TYPE=pref``)."""
    return _head(group, name, _params(params.split(";")[1:]) if params else NO_PARAMS)


def _head(group: str, name: str, params: dict[str, list[str]]) -> Head:
    types = params.get("TYPE")
    return Head(group.upper(), name.upper(), params, _type_label(tuple(types)) if types else "")


@functools.lru_cache(maxsize=1024)
def _type_label(values: tuple[str, ...]) -> str:
    seen: list[str] = []
    for value in values:
        for token in value.lower().split(","):
            token = token.strip()
            if token and token not in _DROPPED_TYPES and token not in seen:
                seen.append(token)
    return ",".join(seen)


NO_PARAMS: dict[str, list[str]] = {}
"""The parameters of a line without any (shared: never change it)."""


def _params(raw_params: list[str]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, eq, values = raw.partition("=")
        key = key.strip().upper()
        if not eq:  # 2.1: TEL;WORK;VOICE, PHOTO;BASE64
            key, values = ("ENCODING" if key in _ENCODINGS else "TYPE"), key
        params.setdefault(key, []).extend(_param_values(values))
    return params


def _slow_line(shown: str, number: int, text: str) -> tuple[str, str, list[str], str]:
    """Group, name, raw parameters and value of a line with quoted parameters or stray spaces; or the error."""
    colon = text.find(":")
    if colon < 0:
        raise SourceError(shown, "a vCard line needs a ':' between property and value", number, prop(text)[:40])
    head = text[:colon]
    if '"' in head:
        head, value = _quoted_head(shown, number, text)
    else:
        value = text[colon + 1 :]
    name, *raw_params = head.split(";")
    match = _NAME.fullmatch(name.strip())
    if match is None:
        raise SourceError(shown, f"{name[:40]!r} is not a vCard property name", number)
    return match[1] or "", match[2], raw_params, value


def _quoted_head(shown: str, number: int, text: str) -> tuple[str, str]:
    """Head and value when a parameter value is quoted and may hold ':' or ';'."""
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return text[:index], text[index + 1 :]
    raise SourceError(shown, "a quoted parameter is never closed", number, prop(text)[:40])


def _param_values(values: str) -> list[str]:
    """Comma-separated parameter values, quotes removed, RFC 6868 ``^n ^' ^^`` decoded."""
    if '"' not in values and "^" not in values:
        return [value.strip() for value in values.split(",") if value.strip()]
    out = []
    for value in re.findall(r'"[^"]*"|[^,]+', values):
        value = value.strip().strip('"')
        if "^" in value:
            value = re.sub(r"\^([n'^])", lambda m: {"n": "\n", "'": '"', "^": "^"}[m[1]], value)
        out.append(value)
    return out


def decode(shown: str, line: Line, raw: bool) -> str:
    """The value with ENCODING and CHARSET undone (still vCard-escaped)."""
    if not raw and "ENCODING" not in line.head.params:
        return line.value
    encoding = line.head.params.get("ENCODING", [""])[0].upper()
    charset = line.head.params.get("CHARSET", [""])[0]
    if encoding == "QUOTED-PRINTABLE":
        bad = _QP_BAD.search(line.value)
        if bad:
            where = line.value[bad.start() : bad.start() + 3]
            raise SourceError(shown, f"undecodable quoted-printable {where!r}", line.number, line.head.name)
        data = b"".join(
            bytes.fromhex(part) if odd else part.encode("latin-1" if raw else "utf-8", "replace")
            for odd, part in ((i % 2, p) for i, p in enumerate(_QP_BYTE.split(line.value)))
        )
        return _text(data, charset)
    if encoding in ("B", "BASE64"):
        try:
            return _text(binascii.a2b_base64(line.value.encode("ascii", "replace")), charset)
        except binascii.Error:
            raise SourceError(shown, "undecodable base64 value", line.number, line.head.name) from None
    return _text(line.value.encode("latin-1", "replace"), charset) if raw else line.value


def _text(data: bytes, charset: str) -> str:
    """Bytes as text: in the named charset, else UTF-8, else Windows-1252 (older Outlook)."""
    if charset:
        try:
            return data.decode(charset, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def unescape(text: str) -> str:
    r"""A text value with ``\n \, \; \\`` (and Gmail's ``\:``) undone.

    >>> unescape(r"Doe\, John\nSecond line")
    'Doe, John\nSecond line'
    """
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


def split(text: str, sep: str) -> list[str]:
    r"""Split on unescaped ``sep`` (``;`` or ``,``) and unescape each part.

    >>> split(r"Doe;John;Richter\, James;;", ";")
    ['Doe', 'John', 'Richter, James', '', '']
    """
    if "\\" not in text:
        return text.split(sep)
    parts, current, last = [], [], 0
    for match in _SPLITTERS[sep].finditer(text):
        current.append(text[last : match.start()])
        last = match.end()
        if match[1] is None:
            parts.append("".join(current))
            current = []
        else:
            current.append("\n" if match[1] in "nN" else match[1])
    current.append(text[last:])
    parts.append("".join(current))
    return parts
