"""Exercise 5 starter: a sink adapter that publishes predictions as JSON lines, all or nothing.

Copy it into place with `.venv/bin/python -m cq4ds new-exercise 5` (Windows: `.venv\\Scripts\\python ...`),
then replace every TODO. Grade it with `.venv/bin/python -m cq4ds check exercises/jsonl_sink.py`.
Stretch: check each batch with cq4ds.adapters.predictions.check_predictions before you write it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from cq4ds.params import param


@dataclass(kw_only=True)
class JsonLinesSink:
    """TODO: one line that says where predictions go and how."""

    path: str = param("outputs/predictions.jsonl", help="TODO: what this file is")

    def describe(self) -> str:
        """Where predictions go, for messages."""
        raise NotImplementedError("TODO: describe() says where predictions go, e.g. the file's path")

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Write every batch, then replace the target in one step; return the row count."""
        raise NotImplementedError("TODO: temporary file beside the target -> every batch -> os.replace; count rows")


COMPONENTS = {"sink": {"jsonl": JsonLinesSink}}
