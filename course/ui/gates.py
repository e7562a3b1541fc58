"""The server's run gates: how many Lab runs load and train at once, and the queue the others wait in.

Two gates, made on first use and shared by every session: light runs take one place per processor this
server may use; heavy runs (see `course.ui.runs.heavy`) queue at a gate of their own with half as many
places, so one participant's upload never makes the others' swaps wait behind it. A waiting run sees its
place in the queue every WAIT_POLL_SECONDS and may give up (its session went away).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

WAIT_POLL_SECONDS = 1.0  # how often a waiting run looks at its place in the queue and at its session


class RunGate:
    """A limit on how many runs load and train at once; the others wait in arrival order and see their place."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._changed = threading.Condition()
        self._running = 0
        self._waiting: list[object] = []  # one ticket per waiting run, first come first

    @property
    def running(self) -> int:
        """How many runs hold a place now."""
        return self._running

    @property
    def waiting(self) -> int:
        """How many runs wait for a place now."""
        return len(self._waiting)

    @contextmanager
    def turn(self, on_wait: Callable[[int], None] = lambda place: None, poll: float | None = None) -> Iterator[None]:
        """Hold a place for the block; until one is free, call `on_wait(place in the queue)` every `poll` seconds
        (WAIT_POLL_SECONDS by default).

        `on_wait` may raise to give up waiting (its session went away): the run then leaves the queue.
        """
        ticket = object()
        with self._changed:
            self._waiting.append(ticket)
        try:
            place = self._enter(ticket, wait=0)
            while place:
                on_wait(place)
                place = self._enter(ticket, wait=WAIT_POLL_SECONDS if poll is None else poll)
        except BaseException:
            with self._changed:
                self._waiting.remove(ticket)
                self._changed.notify_all()
            raise
        try:
            yield
        finally:
            with self._changed:
                self._running -= 1
                self._changed.notify_all()

    def _enter(self, ticket: object, wait: float) -> int:
        """0 once `ticket` holds a place (after waiting up to `wait` seconds for one), else its place in the queue."""
        with self._changed:
            if not self._may_go(ticket) and wait:
                self._changed.wait(wait)
            if self._may_go(ticket):
                self._waiting.remove(ticket)
                self._running += 1
                return 0
            return self._waiting.index(ticket) + 1

    def _may_go(self, ticket: object) -> bool:
        return self._waiting.index(ticket) < self.size - self._running


_gates: dict[bool, RunGate] = {}  # by heaviness
_gate_made = threading.Lock()


def gate(heavy: bool = False) -> RunGate:
    """The server's gate for light or heavy runs, shared by every session (made on first use: importing this
    module does no work).

    Light runs take one place per processor. Heavy runs (see `course.ui.runs.heavy`) queue at a gate of their
    own with half as many places, so one participant's upload never makes the others' swaps wait behind it.
    """
    with _gate_made:
        if heavy not in _gates:
            _gates[heavy] = RunGate(max(1, parallel_runs() // 2) if heavy else parallel_runs())
        return _gates[heavy]


def parallel_runs() -> int:
    """How many runs may train at once: one per processor this server may use."""
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(usable) if usable else os.cpu_count() or 2
