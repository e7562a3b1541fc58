"""Measure how long each stage of a use case takes, and tell an observer as it goes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cq4ds.domain import StageTiming

StageListener = Callable[[str, int, int], None]
"""Called with (stage, stage number, number of stages) as each stage starts."""


class StageClock:
    """Times named stages in order and reports progress to an optional listener."""

    def __init__(self, stages: tuple[str, ...], listener: StageListener | None = None) -> None:
        self._stages = stages
        self._listener = listener
        self.timings: list[StageTiming] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as stage `name`."""
        if self._listener:
            self._listener(name, self._stages.index(name) + 1, len(self._stages))
        start = time.perf_counter()
        yield
        self.timings.append(StageTiming(name, time.perf_counter() - start))
