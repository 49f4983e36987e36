"""Fuzzing every parser with the real samples, mutated: truncated, bytes flipped, re-encoded (UTF-16/32 with or
without BOM, latin-1, mixed line endings), huge lines spliced in. Whatever arrives, a parser either reads it
or raises :class:`~kithkin.errors.SourceError` (one calm line for the user) -- never another exception, never a
hang (each case runs under an alarm of :data:`CAP` seconds). Memory stays bounded by the readers' own caps
(1 MiB lines, 20-200 MB files), which the huge-line cases exercise.

``KITHKIN_FUZZ_CASES`` sets the cases per parser: :data:`CASES` (1,000, about a minute for all six on the
shared 2-core machine) in ``make test``; ``KITHKIN_FUZZ_CASES=10000`` is the full run (about ten minutes,
figures in bench/RESULTS.md). Hypothesis draws them from a fixed seed, so a failure reproduces.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import os
import pathlib
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from kithkin.errors import SourceError
from kithkin.sources import detection, linkedin, twitter
from kithkin.sources.icalendar import calendars
from kithkin.sources.vcard import reader, structured
from shared_data import FORMATS, TWITTER, no_hang

CASES = int(os.environ.get("KITHKIN_FUZZ_CASES", "1000"))
CAP = 10
"""Seconds one case may take before it counts as a hang."""
TODAY = dt.date(2026, 12, 5)


def _samples(*patterns: str) -> list[bytes]:
    return [p.read_bytes() for pattern in patterns for p in sorted(FORMATS.rglob(pattern)) if p.is_file()]


# The smaller samples keep each case cheap; the big ones are read whole by test_sources_real_files.
PARSERS: dict[str, tuple[list[bytes], str, Callable[[pathlib.Path], object]]] = {
    "vcard": ([s for s in _samples("*.vcf") if len(s) < 20_000], "x.vcf", lambda p: list(reader.parse(p))),
    "ics": (
        [s for s in _samples("*.ics") if len(s) < 6_000],
        "x.ics",
        lambda p: list(calendars.parse(p, until=TODAY)),
    ),
    "linkedin": (_samples("*.csv"), "Connections.csv", lambda p: list(linkedin.parse(p))),
    "twitter": (
        [(TWITTER / "following.js").read_bytes()[:6_000], (TWITTER / "follower.js").read_bytes()[:6_000]],
        "following.js",
        lambda p: list(twitter.parse(p)),
    ),
    "jcard": (_samples("*.json"), "x.json", lambda p: list(structured.parse_jcard(p))),
    "xcard": (_samples("*.xml"), "x.xml", lambda p: list(structured.parse_xcard(p))),
}

_ENCODINGS = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "latin-1", "utf-8-sig", "cp1252")
_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE}


@st.composite
def mutated(draw: st.DrawFn, samples: list[bytes]) -> bytes:
    data = draw(st.sampled_from(samples))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "flip", "encode", "endings", "huge", "splice"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "cut":
            data = data[:at]
        elif kind == "flip":
            flips = draw(st.lists(st.tuples(st.integers(0, max(len(data) - 1, 0)), st.integers(0, 255)), max_size=8))
            buffer = bytearray(data)
            for position, value in flips:
                if position < len(buffer):
                    buffer[position] = value
            data = bytes(buffer)
        elif kind == "encode":
            encoding = draw(st.sampled_from(_ENCODINGS))
            text = data.decode("utf-8", "replace")
            encoded = text.encode(encoding, "replace")
            data = (_BOMS.get(encoding, b"") if draw(st.booleans()) else b"") + encoded
            if draw(st.booleans()):  # mixed: only part of the file re-encoded
                data = data[: len(data) // 2] + text[len(text) // 2 :].encode("utf-8")
        elif kind == "endings":
            data = data.replace(b"\r\n", draw(st.sampled_from([b"\n", b"\r", b"\r\r\n", b"\n\r"])))
        elif kind == "huge":
            size = draw(st.sampled_from([200, 80_000, (1 << 20) + 16]))
            data = data[:at] + draw(st.sampled_from([b"x", b" ", b"=", b";", b"\xff"])) * size + data[at:]
        else:
            data = data[:at] + draw(st.binary(max_size=64)) + data[at:]
    return data


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return tmp_path_factory.mktemp("fuzz")


def _run(path: pathlib.Path, data: bytes, parse: Callable[[pathlib.Path], object]) -> None:
    path.write_bytes(data)
    with no_hang(CAP):
        with contextlib.suppress(SourceError):
            detection.detect_format(path)
        failure: SourceError | None = None
        try:
            parse(path)
        except SourceError as error:
            failure = error
    if failure is not None:
        assert failure.path == str(path)
        assert "\n" not in str(failure)  # one calm line for the user


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PARSERS))
def test_no_parser_fails_on_mutated_real_samples(name: str, folder: pathlib.Path) -> None:
    samples, file_name, parse = PARSERS[name]
    path = folder / name / file_name
    path.parent.mkdir(exist_ok=True)

    @seed(16)
    @settings(
        max_examples=CASES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(data=mutated(samples))
    def run(data: bytes) -> None:
        _run(path, data, parse)

    run()
