"""Where the tests find the real public data sets and sample files: ``../shared/data`` beside the repository
(CI lays it there, read-only), never a copy inside the repository. Small files the tests write themselves
(``tests/data/directory``, ``tests/data/google``) stay under ``tests/data``.
"""

from __future__ import annotations

import contextlib
import functools
import signal
from collections.abc import Iterator
from pathlib import Path

#: The real data sets (ego-Facebook, email-Eu-core, …), each folder with its PROVENANCE.md.
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
#: Real exported files (vCard, iCalendar, LinkedIn, X/Twitter), by the projects that published them.
FORMATS = SHARED / "formats"
#: The X/Twitter archive sample: a real ``follower.js`` and ``following.js``.
TWITTER = FORMATS / "twitter" / "larsbrinkhoff-twitter-data"
#: Sample files written for these tests (made-up people).
OWN = Path(__file__).resolve().parent / "data"


@functools.cache
def _by_name() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(FORMATS.rglob("*")):
        if path.is_file():
            found.setdefault(path.name, path)
    return found


def sample(name: str) -> Path:
    """The real sample file called ``name`` (file names are unique across ``../shared/data/formats``)."""
    try:
        return _by_name()[name]
    except KeyError:
        raise FileNotFoundError(f"no sample called {name!r} under {FORMATS}") from None


@contextlib.contextmanager
def no_hang(seconds: int = 120) -> Iterator[None]:
    """Fail (TimeoutError) if the block runs past ``seconds``: a guard against a hang, not a speed test —
    the cap is far above any run on a loaded machine; speed is measured in bench/."""

    def _stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, _stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
