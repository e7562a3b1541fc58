"""A prediction sink that keeps the published predictions in memory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from cq4ds.adapters.predictions import PredictionStream, empty_predictions, failures_as_sink_errors
from cq4ds.params import learned


@dataclass(kw_only=True)
class InMemorySink:
    """Keeps predictions in memory as a DataFrame (tests, notebooks, the UI)."""

    frame_: pd.DataFrame | None = learned()

    def describe(self) -> str:
        """Where predictions go, for messages."""
        return "memory"

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Check every batch, then publish them all at once as `frame_`; return the row count."""
        stream = PredictionStream(self.describe())
        with failures_as_sink_errors(self.describe()):
            checked = [stream.check(batch) for batch in batches]
            frame = pd.concat(checked, ignore_index=True) if checked else empty_predictions()
            stream.finish(len(frame))
        self.frame_ = frame  # only now, so a failed write leaves the previous predictions
        return len(frame)
