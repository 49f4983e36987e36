"""vCard content lines: unfolding, splitting, decoding and unescaping (RFC 6350 §3.3, RFC 2425, vCard 2.1).

The line-level half of :mod:`kithkin.sources.vcard`, kept apart so each module
stays readable. Unfolding follows each version's rule -- 2.1 keeps the
folding whitespace, 3.0/4.0 drop one character -- joins quoted-printable
soft breaks, and never keeps the continuation lines of a binary property.
"""

from __future__ import annotations

import binascii
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
_HEAD = re.compile(r"(?:[\w-]+\.)?([\w-]+)([;:]?)")
_FAST = re.compile(r"(?:([\w-]+)\.)?([\w-]+)(;[^:\"]*)?:")
_NAME = re.compile(r"(?:([\w-]+)\.)?([\w-]+)")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SPLITTERS = {sep: re.compile(r"\\(.)|" + re.escape(sep), re.DOTALL) for sep in ";,"}


@dataclass(slots=True)
class Line:
    """One unfolded content line: ``item1.EMAIL;TYPE=work:dana@example.org``."""

    number: int
    group: str
    name: str
    params: dict[str, list[str]]
    value: str


def logical(shown: str, physical: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Unfolded lines: folding whitespace and quoted-printable soft breaks joined, blank lines dropped.

    2.1 unfolds CRLF + space to the space (RFC 2425 §5.8.1 came later and drops
    it); a binary property's continuation lines are counted, never kept.
    """
    pending: list[str] = []
    start, folds, size = 0, 0, 0
    binary = qp = keep_space = base64_21 = False
    for number, text in physical:
        if pending and (
            (qp and pending[-1].endswith("=")) or text[:1] in _FOLD or (base64_21 and _BASE64_LINE.fullmatch(text))
        ):
            soft = qp and pending[-1].endswith("=")
            folds += 1
            if binary:
                continue
            size += len(text)
            if folds > MAX_FOLDS or size > reading.MAX_LINE:
                raise SourceError(shown, f"property folded over more than {MAX_FOLDS:,} lines", start, prop(pending[0]))
            if soft:
                pending[-1] = pending[-1][:-1]
                pending.append(text)
            else:
                pending.append(text if keep_space else text[1:])
            continue
        if not text:
            base64_21 = False  # a 2.1 base64 value ends at a blank line
            continue
        if pending:
            yield start, "".join(pending)
        pending, start, folds, size = [text], number, 0, len(text)
        match = _HEAD.match(text)
        name = match[1].upper() if match else ""
        binary = name in BINARY
        params = text[: text.find(":")].upper() if match and match[2] == ";" else ""
        qp = "QUOTED-PRINTABLE" in params
        base64_21 = binary and keep_space and "BASE64" in params
        if name == "VERSION":
            keep_space = text[8:].strip() == "2.1"
    if pending:
        yield start, "".join(pending)


def prop(head: str) -> str:
    """The property name at the start of a line (without group or parameters), upper case."""
    return head.split(";", 1)[0].split(":", 1)[0].rsplit(".", 1)[-1].strip().upper()


def content_line(shown: str, number: int, text: str) -> Line:
    """Split a content line into group, name, parameters and (still escaped) value."""
    fast = _FAST.match(text)
    if fast:
        group, name, value = fast[1] or "", fast[2], text[fast.end() :]
        raw_params = fast[3].split(";")[1:] if fast[3] else []
    else:
        group, name, raw_params, value = _slow_line(shown, number, text)
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, eq, values = raw.partition("=")
        key = key.strip().upper()
        if not eq:  # 2.1: TEL;WORK;VOICE, PHOTO;BASE64
            key, values = ("ENCODING" if key in _ENCODINGS else "TYPE"), key
        params.setdefault(key, []).extend(_param_values(values))
    return Line(number, group.upper(), name.upper(), params, value)


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
    if not raw and "ENCODING" not in line.params:
        return line.value
    encoding = line.params.get("ENCODING", [""])[0].upper()
    charset = line.params.get("CHARSET", [""])[0]
    if encoding == "QUOTED-PRINTABLE":
        bad = _QP_BAD.search(line.value)
        if bad:
            where = line.value[bad.start() : bad.start() + 3]
            raise SourceError(shown, f"undecodable quoted-printable {where!r}", line.number, line.name)
        data = b"".join(
            bytes.fromhex(part) if odd else part.encode("latin-1" if raw else "utf-8", "replace")
            for odd, part in ((i % 2, p) for i, p in enumerate(_QP_BYTE.split(line.value)))
        )
        return _text(data, charset)
    if encoding in ("B", "BASE64"):
        try:
            return _text(binascii.a2b_base64(line.value.encode("ascii", "replace")), charset)
        except binascii.Error:
            raise SourceError(shown, "undecodable base64 value", line.number, line.name) from None
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
