"""jCard (RFC 7095, vCard as JSON) and xCard (RFC 6351, vCard as XML): the same cards in other clothes.

Both are turned into the content lines a ``.vcf`` would hold and applied through
:func:`~kithkin.sources.vcard.properties.apply`, so every property means exactly
what it means in a vCard (FN, N, EMAIL, TEL, ORG, ADR, BDAY…). A property that
cannot be read is skipped with a notice naming it; the rest of the card is kept.
Files are read whole, at most :data:`MAX_BYTES`. Neither format has useful line
numbers once parsed, so records carry the card's position in the file instead
(``line`` 0: not reported as a line).
"""

from __future__ import annotations

import json
import pathlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import Any

from kithkin.errors import SourceError
from kithkin.sources import reading
from kithkin.sources.records import Item, Notice
from kithkin.sources.source import Format
from kithkin.sources.vcard.lines import content_line
from kithkin.sources.vcard.properties import Card, apply, record

MAX_BYTES = 50 * 1024 * 1024
"""Largest file read: a JSON or XML address book of 50,000 cards is about 30 MB."""

_NS = "{urn:ietf:params:xml:ns:vcard-4.0}"
_JCARD = re.compile(r'\A\ufeff?\s*\[\s*(?:\[\s*)?"vcard"', re.IGNORECASE)
_XCARD = re.compile(r"<(?:\w+:)?vcards?\b[^>]*urn:ietf:params:xml:ns:vcard-4\.0", re.IGNORECASE)
_PARTS = {
    "n": ("surname", "given", "additional", "prefix", "suffix"),
    "adr": ("pobox", "ext", "street", "locality", "region", "code", "country"),
    "gender": ("sex", "identity"),
}
"""The components of a structured property, in vCard order (RFC 6351 §4)."""
_ESCAPES = str.maketrans({"\\": "\\\\", ",": "\\,", ";": "\\;", "\n": "\\n"})


def sniff_jcard(head: str, name: str) -> bool:
    """Does the file start as a jCard (``["vcard", [...]]``, or a list of them)?

    >>> sniff_jcard('["vcard",\\n [["version", {}, "text", "4.0"]]]', "a.json"), sniff_jcard("[1, 2]", "a.json")
    (True, False)
    """
    return _JCARD.match(head) is not None


def sniff_xcard(head: str, name: str) -> bool:
    """Does the file hold xCard (``<vcards xmlns="urn:ietf:params:xml:ns:vcard-4.0">``)?

    >>> sniff_xcard('<?xml version="1.0"?>\\n<vcards xmlns="urn:ietf:params:xml:ns:vcard-4.0">', "a.xml")
    True
    """
    return _XCARD.search(head[:4096]) is not None


def parse_jcard(path: pathlib.Path) -> Iterator[Item]:
    """Each card of a jCard file as a record, then the notices. Raises :class:`SourceError` for a file that
    is not JSON or not jCard at all."""
    shown = str(path)
    try:
        data = json.loads(_read(path))
    except RecursionError:
        raise SourceError(shown, "JSON nested too deeply; not a jCard file") from None
    except ValueError as exc:
        raise SourceError(shown, f"not valid JSON: {exc}") from None
    cards = [data] if isinstance(data, list) and data[:1] == ["vcard"] else data
    if not isinstance(cards, list):
        raise SourceError(shown, 'not a jCard file: expected ["vcard", [...]]')
    yield from _records(shown, (_jcard_lines(card) for card in cards))


def parse_xcard(path: pathlib.Path) -> Iterator[Item]:
    """Each card of an xCard file as a record, then the notices. Raises :class:`SourceError` for a file that
    is not XML."""
    shown = str(path)
    try:
        root = ET.fromstring(_read(path))
    except ET.ParseError as exc:
        raise SourceError(shown, f"not valid XML: {exc}", exc.position[0] if exc.position else None) from None
    cards = [root] if root.tag == _NS + "vcard" else list(root.iter(_NS + "vcard"))
    yield from _records(shown, (_xcard_lines(card) for card in cards))


def _records(shown: str, cards: Iterable[list[str] | None]) -> Iterator[Item]:
    notices: dict[str, int] = {}
    skipped: list[Notice] = []

    def notice(message: str) -> None:
        notices[message] = notices.get(message, 0) + 1

    for number, lines in enumerate(cards, start=1):
        if lines is None:
            skipped.append(Notice(f"card {number} is not a vCard", unreadable=True, kept="skipped"))
            continue
        card = Card(0)
        for text in lines:
            try:
                apply(shown, card, content_line(shown, 0, text), False, notice)
            except SourceError as error:
                skipped.append(
                    Notice(f"card {number}, {error.field}: {error.message}", unreadable=True, kept="skipped")
                )
        found = record(card, notice)
        if found is not None:
            yield found
    yield from skipped[:100]
    for message, count in notices.items():
        yield Notice(message.format(count=count))


def _read(path: pathlib.Path) -> str:
    raw = reading.bounded_bytes(path, MAX_BYTES, f"larger than {MAX_BYTES // (1024 * 1024)} MB; not read")
    return raw.decode("utf-8-sig", errors="replace")


def _escape(value: Any) -> str:
    return str(value).translate(_ESCAPES)


def _line(name: str, params: dict[str, list[str]], value: str) -> str:
    heads = "".join(f";{key.upper()}=" + ",".join(f'"{v}"' if re.search(r"[:;,]", v) else v for v in values)
                    for key, values in params.items() if values and re.fullmatch(r"[\w-]+", key))  # fmt: skip
    return f"{name.upper()}{heads}:{value}"


def _jcard_lines(card: Any) -> list[str] | None:
    """``["vcard", [[name, {params}, type, value…], …]]`` as content lines; None when it is not that."""
    if not (isinstance(card, list) and len(card) == 2 and card[0] == "vcard" and isinstance(card[1], list)):
        return None
    lines: list[str] = []
    for prop in card[1]:
        if not (isinstance(prop, list) and len(prop) >= 4 and isinstance(prop[0], str) and isinstance(prop[1], dict)):
            continue
        name, raw_params, kind, *values = prop
        params = {str(k): [str(v) for v in (p if isinstance(p, list) else [p])] for k, p in raw_params.items()}
        if kind == "uri":
            params["VALUE"] = ["uri"]
        if not re.fullmatch(r"[\w-]+", name):
            continue
        parts = [";".join(",".join(map(_escape, c)) if isinstance(c, list) else _escape(c) for c in v)
                 if isinstance(v, list) else _escape(v) for v in values]  # fmt: skip
        lines.append(_line(name, params, ",".join(parts)))
    return lines


def _xcard_lines(card: ET.Element) -> list[str]:
    """An xCard ``<vcard>`` as content lines."""
    lines: list[str] = []
    for prop in card:
        name = _local(prop.tag)
        if name == "group":  # <group name="item1"> holds properties of one group
            lines += [f"{prop.get('name', 'g')}.{line}" for line in _xcard_lines(prop)]
            continue
        params: dict[str, list[str]] = {}
        values: dict[str, list[str]] = {}
        for child in prop:
            local = _local(child.tag)
            if local == "parameters":
                for param in child:
                    params[_local(param.tag)] = [(v.text or "").strip() for v in param]
            else:
                values.setdefault(local, []).append(child.text or "")
        if "uri" in values:
            params["VALUE"] = ["uri"]
        parts = _PARTS.get(name)
        if parts:
            value = ";".join(",".join(_escape(v) for v in values.get(part, [])) for part in parts)
        else:
            value = ",".join(_escape(v) for found in values.values() for v in found)
        if re.fullmatch(r"[\w-]+", name):
            lines.append(_line(name, params, value))
    return lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


JCARD = Format("jcard", sniff_jcard, lambda path, options: parse_jcard(path))
XCARD = Format("xcard", sniff_xcard, lambda path, options: parse_xcard(path))
