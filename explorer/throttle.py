"""Repeated failed sign-ins slow down: after a few failures for one user name, further tries
for that name are refused unchecked until a wait that doubles with each failure has passed.

Kept in the explorer's process (every browser session shares it), so opening a new session
does not reset it; a restart of the explorer does.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

#: failures allowed before waits start; first wait and the longest one, in seconds
FREE_TRIES, FIRST_WAIT_S, LONGEST_WAIT_S = 3, 2.0, 900.0


@dataclass
class Throttle:
    """Failures per user name and when the next try is allowed."""

    clock: object = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _next_try: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_left(self, user: str) -> float:
        """Seconds before ``user`` may try again (0 when they may now)."""
        with self._lock:
            return max(0.0, self._next_try.get(user, 0.0) - self.clock())

    def failed(self, user: str) -> None:
        with self._lock:
            count = self._failures.get(user, 0) + 1
            self._failures[user] = count
            if count >= FREE_TRIES:
                wait = min(LONGEST_WAIT_S, FIRST_WAIT_S * 2 ** (count - FREE_TRIES))
                self._next_try[user] = self.clock() + wait

    def succeeded(self, user: str) -> None:
        with self._lock:
            self._failures.pop(user, None)
            self._next_try.pop(user, None)


#: the explorer process's one throttle
SIGN_INS = Throttle()
