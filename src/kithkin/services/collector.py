"""Python's cycle collector paused while a long write builds millions of small objects.

An import keeps what it has seen in dictionaries (every contact key, every person's groups) and makes a row
tuple per fact, so with a million records the heap holds millions of live objects, and CPython's collector
walks the long-lived ones again and again as the heap grows: a 10^6-row directory import took 125 s with it
on, 105 s with it paused (bench/RESULTS.md). The importer makes no reference cycles, so nothing is lost by not
looking for them until the write ends; the collector runs once then.

The pause is counted, so overlapping imports (the web app runs them in threads) turn the collector back on
only when the last one ends, and only if it was on before the first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off (collecting once after), counting nested pauses.

    >>> with collector_paused():
    ...     with collector_paused():
    ...         pass
    ...     gc.isenabled()  # the inner pause's end does not turn it back on
    False
    >>> gc.isenabled()
    True
    """
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            resume = _paused == 0 and _was_enabled
            if resume:
                gc.enable()
        if resume:
            gc.collect()
