"""Slowing down password guessing: after :data:`MAX_FAILURES` failed sign-ins from one client address
within :data:`WINDOW` seconds, that client is refused (429) until the oldest of those failures is older
than the window — without the password even being checked, so guessing costs the guesser time, not the
server argon2 work. A successful sign-in clears the client's failures.

Kept in memory: a restart forgets the failures, which only helps someone who can restart the server.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW = 300.0
#: The most client addresses remembered at once (beyond it, the least recently failing are forgotten).
MAX_CLIENTS = 10_000


class LoginThrottle:
    """Failed sign-ins per client, within a sliding window.

    >>> clock = [0.0]
    >>> throttle = LoginThrottle(max_failures=2, window=60, clock=lambda: clock[0])
    >>> throttle.failed("10.0.0.1"); throttle.wait("10.0.0.1")
    0
    >>> throttle.failed("10.0.0.1"); throttle.wait("10.0.0.1")
    60
    >>> clock[0] = 61.0; throttle.wait("10.0.0.1")
    0
    """

    def __init__(
        self, *, max_failures: int = MAX_FAILURES, window: float = WINDOW, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_failures, self.window, self._clock = max_failures, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()  # sign-ins run on the server's worker threads

    def wait(self, client: str) -> int:
        """Seconds ``client`` must wait before trying again (0: they may try now)."""
        with self._lock:
            now = self._clock()
            times = self._failures.get(client)
            if times is None:
                return 0
            while times and times[0] <= now - self.window:
                times.popleft()
            if not times:
                del self._failures[client]
                return 0
            if len(times) < self.max_failures:
                return 0
            return max(1, math.ceil(times[0] + self.window - now))

    def failed(self, client: str) -> None:
        """Count one failed sign-in from ``client``."""
        with self._lock:
            times = self._failures.pop(client, None) or deque(maxlen=self.max_failures)
            times.append(self._clock())
            self._failures[client] = times  # re-inserted: the dict's order is least recently failing first
            while len(self._failures) > MAX_CLIENTS:
                del self._failures[next(iter(self._failures))]

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
