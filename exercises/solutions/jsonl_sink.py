"""Exercise 5, reference solution: a sink adapter that publishes predictions as JSON lines, all or nothing."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cq4ds.params import param


@dataclass(kw_only=True)
class JsonLinesSink:
    """Writes predictions as JSON lines into a temporary file, then swaps it in whole with os.replace."""

    path: str = param("outputs/predictions.jsonl", help="JSON-lines file to create or replace")

    def describe(self) -> str:
        """Where predictions go, for messages."""
        return f"JSON-lines file {self.path}"

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Write every batch beside the target, then replace the target in one step; return the row count.

        If anything fails on the way, the temporary file is removed and the previous file is left as it was.
        """
        target = Path(self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        written = 0
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                for batch in batches:
                    for pid, probability, label in batch[["pid", "probability", "label"]].itertuples(index=False):
                        row = {"pid": int(pid), "probability": float(probability), "label": int(label)}
                        out.write(json.dumps(row) + "\n")
                    written += len(batch)
                out.flush()
                os.fsync(out.fileno())  # the bytes are on disk before the rename makes them visible
            os.replace(temp, target)  # atomic: readers see the old file or the new one, never half of one
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return written


COMPONENTS = {"sink": {"jsonl": JsonLinesSink}}
