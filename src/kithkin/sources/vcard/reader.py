"""vCard (.vcf) address books: 2.1, 3.0 and 4.0 in, 4.0 out (:func:`write`).

Every phone and mail client exports vCard, each its own way: Android and
Outlook write 2.1 with quoted-printable names and soft line breaks, Apple
groups a property with its label (``item1.EMAIL`` + ``item1.X-ABLabel``),
Gmail escapes colons in URLs, iOS ends lines with CR CR LF. A card becomes one
:class:`~kithkin.sources.records.Record`; what kithkin does not keep (photos,
anniversaries, GEO…) becomes one aggregated :class:`Notice` per property.

Why our own content-line reader rather than vobject 0.9.9: vobject fails on
6 of the 19 real samples in ``../shared/data/formats/vcard`` (2.1 quoted-printable soft
breaks in the Android and Outlook exports, iOS's CR CR LF inside a photo,
Lotus Notes' PROFILE line), cuts Gmail's FN at an unescaped comma, and is
slow: ``bench/bench_vcard_parse.py`` (100,000 generated 3.0 cards, 58 MB,
shared 2-core machine) reads ~15,000 cards/s here (6.6 s; the import budget
is 30 s for parse + store) against vobject's ~1,500-2,000 components/s,
before vobject even maps them to records.

The reader (:mod:`kithkin.sources.vcard.lines`) follows RFC 6350 §3.3
(``[group "."] name *(";" param) ":" value``), unfolds by each version's
rule, joins quoted-printable soft breaks, decodes ``CHARSET``/``ENCODING``
per value, and streams the file in 1 MiB pieces. Speed comes from taking an
ordinary card whole (:class:`_Reader`): find its END:VCARD, unfold with
``str.replace``, split each line at its first colon and look its head up in
a cache, apply every line in one loop -- about 40 µs of CPU for a 17-line
card, against ~150 µs line by line. Anything that could read differently
(quoted-printable, 2.1 folding, nesting, quoted parameters, an error) goes
the careful way, line by line, and the tests read every sample both ways.

Limits keep hostile files cheap: lines are capped at
:data:`~kithkin.sources.reading.MAX_LINE` (1 MiB), a kept property may be
folded over at most :data:`MAX_FOLDS` lines, a card may hold at most
:data:`MAX_PROPERTIES` properties, and binary payloads (PHOTO, LOGO, SOUND,
KEY) are skipped as they stream past, never held.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Generator, Iterable, Iterator

from kithkin.errors import SourceError
from kithkin.sources import reading
from kithkin.sources.records import Item, Notice, Record
from kithkin.sources.source import Format
from kithkin.sources.vcard.lines import (
    BINARY,
    MAX_FOLDS,
    Head,
    Unfolder,
    breaks,
    content_line,
    head_name,
    plain_head,
    prop,
    text_blocks,
)
from kithkin.sources.vcard.properties import MAX_PROPERTIES, Card, apply, apply_all, record
from kithkin.sources.vcard.writer import write

__all__ = ["parse", "sniff", "write"]

MAX_NESTING = 10
"""vCard 2.1 may embed a card (AGENT); deeper than this is not an address book."""
MAX_NOTICE_NAMES = 200
MAX_SKIPPED = 100
"""Unreadable lines reported one by one; past this, a count."""

_FAST_CARD = 1 << 16
"""Longest card the fast path takes (photos make longer ones, and those go line by line)."""
_END = "\nEND:VCARD"
_MORE = -1
_FOLD = (" ", "\t")
_BLANK_RUNS = re.compile(r"\n\n+")
_BLANKS = re.compile(r"[\r\n]*")
_PHYSICAL = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n)?")
_LOGICAL = re.compile(r"\n(?![ \t])")
"""Where a logical line ends: a line break not followed by folding whitespace."""


def sniff(head: str, name: str) -> bool:
    """Is this a vCard file? It starts with ``BEGIN:VCARD`` (any case, after blank lines).

    >>> sniff("BEGIN:vCard\\r\\nVERSION:3.0\\r\\n", "x.txt"), sniff("Name,Email\\n", "x.vcf")
    (True, False)
    """
    return head.lstrip("\ufeff \t\r\n")[:11].upper() == "BEGIN:VCARD"


class _Notices:
    """Counts of what was not taken, one notice per kind at the end of the file; and each line that could not
    be read, with its line number (the first :data:`MAX_SKIPPED` of them, then a count)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.skipped: list[Notice] = []
        self.more_skipped = 0

    def skip(self, error: SourceError, what: str) -> None:
        """A line (or card) that could not be read, left out with the rest kept."""
        if len(self.skipped) >= MAX_SKIPPED:
            self.more_skipped += 1
            return
        field = f"{error.field}: " if error.field else ""
        self.skipped.append(Notice(f"{field}{error.message}", error.line, unreadable=True, kept=what))

    def add(self, message: str) -> None:
        if message not in self.counts and len(self.counts) >= MAX_NOTICE_NAMES:
            message = "other unknown properties not imported ({count})"
        self.counts[message] = self.counts.get(message, 0) + 1

    def items(self) -> Iterator[Notice]:
        yield from self.skipped
        if self.more_skipped:
            yield Notice(f"{self.more_skipped:,} more unreadable lines skipped", unreadable=True)
        for message, count in self.counts.items():
            yield Notice(message.format(count=count))


def parse(path: pathlib.Path) -> Iterator[Item]:
    """Each card of a vCard file as a :class:`Record`, then the notices.

    Raises :class:`SourceError` (file, line, property) for a file that is not
    vCard, a card without END:VCARD, a line without a colon, undecodable
    quoted-printable or base64, or a breach of the limits above.
    """
    shown = str(path)
    head = _head_bytes(path)
    reading.refuse_binary(path, reading.decode_head(head))
    encoding = reading.detect_encoding(head)
    raw = encoding == "cp1252"
    notices = _Notices()
    seen: dict[str, int] = {}
    reader = _Reader(shown, raw, notices)
    for card in reader.cards(text_blocks(path, "latin-1" if raw else encoding)):
        found = record(card, notices.add)
        if found is None:
            continue
        count = seen.get(found.key, 0) + 1
        seen[found.key] = count
        yield found if count == 1 else _rekey(found, f"{found.key}#{count}")
    yield from notices.items()


def _head_bytes(path: pathlib.Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(reading.SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _rekey(record: Record, key: str) -> Record:
    return Record(key, record.name, record.line, record.aliases, record.contacts, record.tags, record.notes,
                  record.birthday, record.memberships, record.is_me)  # fmt: skip


# --- cards -------------------------------------------------------------------------------------------------------


_Cards = Generator[Card, None, tuple[int, int]]


class _Reader:
    """BEGIN:VCARD … END:VCARD blocks as cards: ordinary cards whole, the rest line by line.

    The careful path feeds physical lines to an :class:`Unfolder` and each
    logical line to the card (nested 2.1 AGENT cards skipped). Between cards,
    the fast path tries to take the next card in one piece (:meth:`_fast`);
    it declines anything it could read differently -- quoted-printable,
    folding under 2.1 rules, nesting, a line the content-line grammar does
    not match, any error -- and the careful path reads that card instead.
    """

    def __init__(self, shown: str, raw: bool, notices: _Notices) -> None:
        self.shown, self.raw, self.notices = shown, raw, notices
        self.unfold = Unfolder(shown)
        self.card: Card | None = None
        self.seen = False
        self.depth = 0
        self.no_end = 0  # no _END before this offset of the text being scanned

    def cards(self, blocks: Iterable[tuple[str, SourceError | None]]) -> Iterator[Card]:
        text, number = "", 1
        for block, trouble in blocks:
            text += block
            pos, number = yield from self._scan(text, number, more=trouble is None, fast=trouble is None)
            if trouble is not None:
                raise trouble
            text = text[pos:]
        yield from self._scan(text, number, more=False, fast=True)
        line = self.unfold.take()
        card = self._logical(*line) if line else None
        if card is not None:
            yield card
        if self.card is not None:
            error = SourceError(self.shown, "the card is never closed (END:VCARD missing)", self.card.line, "END")
            self.notices.skip(error, "the file may be cut short; what the card had is kept")
            card, self.card = self.card, None
            yield card

    def _scan(self, text: str, number: int, *, more: bool, fast: bool) -> _Cards:
        """Read ``text`` from the start; stop early (returning where) only when a fast card needs ``more``."""
        pos, size, unfold = 0, len(text), self.unfold
        self.no_end = 0
        while pos < size:
            physical = _PHYSICAL.match(text, pos)
            assert physical is not None  # it matches the empty string too
            line = physical[1]
            if unfold.pending and unfold.continues(line):
                unfold.fold(line)
            elif not line:
                unfold.base64_21 = False  # a 2.1 base64 value ends at a blank line
            else:
                logical = unfold.take()
                card = self._logical(*logical) if logical else None
                if card is not None:
                    yield card
                taken = self._fast(text, pos, number, more) if fast and self.card is None else None
                if taken == _MORE:
                    return pos, number
                if isinstance(taken, tuple):
                    self.seen = True
                    yield taken[0]
                    number += breaks(text, pos, taken[1])
                    pos = taken[1]
                    continue
                unfold.begin(number, line)
            pos = physical.end()
            number += 1
        return pos, number

    def _logical(self, number: int, text: str) -> Card | None:
        """Apply one logical line; the card when the line closes it."""
        upper = text.upper().rstrip() if text[:1] in "BbEe" else ""
        if upper == "BEGIN:VCARD":
            if self.card is None:
                self.card = Card(number)
                self.seen = True
                return None
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise SourceError(self.shown, f"cards nested more than {MAX_NESTING} deep", number, "BEGIN")
            self.notices.add("embedded cards (AGENT) not imported ({count})")
        elif self.card is None:
            if not self.seen:
                raise SourceError(self.shown, "not a vCard file: expected BEGIN:VCARD", number, prop(text)[:40] or None)
            error = SourceError(self.shown, "expected BEGIN:VCARD", number, prop(text)[:40] or None)
            self.notices.skip(error, "a line outside every card, skipped")
        elif upper == "END:VCARD":
            if self.depth:
                self.depth -= 1
                return None
            card, self.card = self.card, None
            return card
        elif not self.depth:
            try:
                apply(self.shown, self.card, content_line(self.shown, number, text), self.raw, self.notices.add)
            except SourceError as error:  # one unreadable property: the rest of the card is kept
                self.notices.skip(error, "this property skipped, the rest of the card kept")
        return None

    def _fast(self, text: str, pos: int, number: int, more: bool) -> tuple[Card, int] | int | None:
        """The card starting at ``pos`` and the offset after it; ``_MORE`` text needed; ``None``: go careful."""
        if not text.startswith("BEGIN:VCARD", pos):
            return None
        start = _after_break(text, pos + 11)
        if start < 0:
            return _MORE if more and pos + 11 == len(text) else None
        limit = min(len(text), pos + _FAST_CARD)
        end = text.find(_END, max(start - 1, self.no_end), limit)
        if end < 0:
            self.no_end = max(self.no_end, limit - len(_END))
            return _MORE if more and limit == len(text) else None
        after = _after_break(text, end + len(_END))
        if after < 0 and end + len(_END) == len(text):
            if more:
                return _MORE
            after = len(text)  # the file ends with END:VCARD
        if after < 0:
            return None
        blanks = _BLANKS.match(text, after)
        after = blanks.end() if blanks else after
        if after == len(text) and more:
            return _MORE
        if text[after : after + 1] in _FOLD:
            return None
        card = self._fast_card(text[start:end], number)
        return None if card is None else (card, after)

    def _fast_card(self, body: str, number: int) -> Card | None:
        """Apply an ordinary card's lines in one pass, or ``None`` if it is not ordinary."""
        if "\r" in body:
            body = body.replace("\r\n", "\n").replace("\r", "\n")
        if "\n\n" in body:
            body = _BLANK_RUNS.sub("\n", body)
        body = body.strip("\n")
        if body[:1] in _FOLD:
            return None
        folded = "\n " in body or "\n\t" in body
        if folded and self.unfold.keep_space:
            return None  # 2.1 rules (keep the space) until a VERSION line says otherwise
        versions: list[bool] = []
        lines = _plain_lines((_LOGICAL.split(body) if folded else body.split("\n")) if body else [], versions)
        if lines is None or len(lines) > MAX_PROPERTIES or (folded and any(versions)):
            return None
        card, notices = Card(number), list[str]()
        try:
            apply_all(self.shown, card, lines, self.raw, notices.append)
        except (SourceError, ValueError):
            return None  # the careful path raises it, with the line number
        for message in notices:
            self.notices.add(message)
        if versions:
            self.unfold.keep_space = versions[-1]
        return card


def _plain_lines(chunks: list[str], versions: list[bool]) -> list[tuple[Head, str]] | None:
    """Each logical line (folds still in) as (head, value); ``None`` if one reads differently line by line.

    A line must be plain (:func:`plain_head`), folded within the limits, and
    a binary one must have its head on its first physical line, the only
    line the unfolder keeps of it. Each VERSION line's "is it 2.1" goes in
    ``versions``, read from the first physical line as the unfolder does.
    """
    lines: list[tuple[Head, str]] = []
    for chunk in chunks:
        line = first = chunk
        if "\n" in chunk:
            if chunk.count("\n") > MAX_FOLDS or len(chunk) > reading.MAX_LINE:
                return None
            first = chunk[: chunk.index("\n")]
            line = chunk.replace("\n ", "").replace("\n\t", "")
            if head_name(first) == "VERSION":
                versions.append(first[8:].strip() == "2.1")
        head, colon, value = line.partition(":")
        parsed = plain_head(head)
        if parsed is None or not colon:
            return None
        if line is chunk:
            if parsed.name == "VERSION":
                versions.append(line[8:].strip() == "2.1")
        elif parsed.name in BINARY and ":" not in first:
            return None
        lines.append((parsed, value))
    return lines


def _after_break(text: str, pos: int) -> int:
    """The offset after the line break at ``pos``; -1 if there is none."""
    if text.startswith("\r\n", pos):
        return pos + 2
    return pos + 1 if text[pos : pos + 1] in ("\r", "\n") else -1


SOURCE = Format("vcard", sniff, lambda path, options: parse(path))
