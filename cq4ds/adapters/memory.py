"""A passenger source holding records given in code: a real adapter, not a test hack."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from cq4ds.columnar import from_passengers
from cq4ds.domain import DataError, Passengers


@dataclass(kw_only=True)
class InMemorySource:
    """Passengers held in memory, injected in code (tests, notebooks, the UI's edited table)."""

    # Injected by the composition root, never set from a form or config, so it is not a parameter.
    frame: pd.DataFrame | None = field(default=None, repr=False, compare=False, metadata={"inject": True})

    @classmethod
    def from_passengers(cls, passengers: Passengers) -> InMemorySource:
        """A source holding validated `Passenger` objects."""
        return cls(frame=from_passengers(passengers))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> InMemorySource:
        """A source holding a copy of `frame` (records in the schema's columns)."""
        return cls(frame=frame.copy())

    def describe(self) -> str:
        """Where the records come from, for messages."""
        return f"in-memory passengers ({0 if self.frame is None else len(self.frame)} rows)"

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the records in their order, at most `rows` per frame.

        Raises:
            DataError: the source holds no passengers.
        """
        if self.frame is None or self.frame.empty:
            raise DataError(
                f"{self.describe()}: there are no passengers to read",
                "inject passengers through the composition root, e.g. InMemorySource.from_passengers(passengers)",
            )
        for start in range(0, len(self.frame), rows):
            yield self.frame.iloc[start : start + rows]
