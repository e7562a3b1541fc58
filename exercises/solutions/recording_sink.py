"""Exercise 4, reference solution: a test double that records what it was asked to write, and a test context."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.synthetic import generate
from cq4ds.bootstrap import Pipeline, build_pipeline
from cq4ds.config_file import load_config
from cq4ds.params import learned


@dataclass(kw_only=True)
class RecordingSink:
    """A test double for the sink port: keeps a copy of every batch it was given, write after write."""

    batches_: tuple[pd.DataFrame, ...] | None = learned()

    def describe(self) -> str:
        """Where predictions go, for messages."""
        return "a recording test double (memory)"

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Record copies of every batch once all have arrived (all or nothing); return the row count."""
        received = tuple(batch.copy() for batch in batches)
        self.batches_ = (*(self.batches_ or ()), *received)
        return sum(len(batch) for batch in received)

    def recorded(self) -> pd.DataFrame:
        """Every recorded row, in the order written."""
        return pd.concat(self.batches_, ignore_index=True) if self.batches_ else pd.DataFrame()


def testing_context(config_path: str = "configs/notebook.toml", rows: int = 400, seed: int = 7) -> Pipeline:
    """The notebook recipe on generated passengers, writing into a RecordingSink: what a test builds."""
    return build_pipeline(
        load_config(config_path),
        source=InMemorySource.from_frame(generate(rows, seed=seed)),
        sink=RecordingSink(),
    )


COMPONENTS = {"sink": {"recording": RecordingSink}}
