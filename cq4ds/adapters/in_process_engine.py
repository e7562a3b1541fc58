"""The in-process engine: today's chunked loop, one batch at a time in this process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cq4ds.domain import Finished, Part

if TYPE_CHECKING:  # annotations only: an adapter fits its port by shape, it never imports it
    from cq4ds.ports import PassengerSource, Step

HERE = "this process"


@dataclass(kw_only=True)
class InProcessEngine:
    """Scores in this process: reads the source batch by batch and runs each step in turn (memory stays flat)."""

    def describe(self) -> str:
        """The engine, for messages."""
        return "in this process"

    def map_partitions(self, source: PassengerSource, step: Step, shared: Any, rows: int) -> Iterator[Finished]:
        """Yield `step(shared, batch, part)` for each batch of at most `rows` records, in source order."""
        read = 0
        for index, records in enumerate(source.read_batches(rows)):
            part = Part(index, first_row=read + 1)
            start = time.perf_counter()
            value = step(shared, records, part)
            yield Finished(part, value, time.perf_counter() - start, HERE)
            read += len(records)
