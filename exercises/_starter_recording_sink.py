"""Exercise 4 starter: a test double for the sink port, and a testing context that injects it.

Copy it into place with `.venv/bin/python -m cq4ds new-exercise 4` (Windows: `.venv\\Scripts\\python ...`),
then replace every TODO. Grade it with `.venv/bin/python -m cq4ds check exercises/recording_sink.py`.
Stretch: a pytest test that scores through testing_context() in chunks of 100 and checks what was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from cq4ds.bootstrap import Pipeline, build_pipeline  # noqa: F401 (testing_context builds through these)
from cq4ds.params import learned


@dataclass(kw_only=True)
class RecordingSink:
    """TODO: one line that says what this double does."""

    batches_: tuple[pd.DataFrame, ...] | None = learned()

    def describe(self) -> str:
        """Where predictions go, for messages."""
        raise NotImplementedError("TODO: describe() says where predictions go (here: nowhere, into memory)")

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Record copies of every batch, all or nothing; return the row count."""
        raise NotImplementedError("TODO: write collects copies first, then adds them to self.batches_; count rows")


def testing_context() -> Pipeline:
    """The notebook recipe on generated passengers in memory, writing into a RecordingSink."""
    raise NotImplementedError("TODO: build_pipeline(config, source=InMemorySource..., sink=RecordingSink())")


COMPONENTS = {"sink": {"recording": RecordingSink}}
