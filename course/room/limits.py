"""Rate limits: at most so many events a minute from one participant, so one of them cannot flood a room.

A `Limiter` keeps, per key (a room code and a participant), the times of the events it let through in the last
`window` seconds, in this server's memory: a restart forgets them, which costs nothing but a fresh minute. It is
safe to share between threads (sessions run in threads of their own; the HTTP route answers in a thread pool).
Keys idle for a window are forgotten once `MAX_KEYS` are held, so memory stays bounded however many come.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Hashable

MAX_KEYS = 10_000


class Limiter:
    """At most `per_window` events per key in any `window` seconds (a sliding window)."""

    def __init__(self, per_window: int, window: float = 60.0) -> None:
        if per_window < 1 or window <= 0:
            raise ValueError("a limit lets at least one event through in a positive window")
        self.per_window = per_window
        self.window = window
        self._times: dict[Hashable, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: Hashable, now: float | None = None) -> bool:
        """Whether one more event of `key` is within the limit; if so it counts."""
        at = time.monotonic() if now is None else now
        with self._lock:
            times = self._times.get(key)
            if times is None:
                if len(self._times) >= MAX_KEYS:
                    self._forget_idle(at)
                times = self._times[key] = deque()
            while times and times[0] <= at - self.window:
                times.popleft()
            if len(times) >= self.per_window:
                return False
            times.append(at)
            return True

    def wait(self, key: Hashable, now: float | None = None) -> float:
        """Seconds until `key` may send again (0 when it may now)."""
        at = time.monotonic() if now is None else now
        with self._lock:
            times = self._times.get(key)
            if not times or len(times) < self.per_window:
                return 0.0
            return max(0.0, times[-self.per_window] + self.window - at)

    def _forget_idle(self, at: float) -> None:
        idle = [key for key, times in self._times.items() if not times or times[-1] <= at - self.window]
        for key in idle:
            del self._times[key]
