"""Exercise 1 starter: a source adapter that reads passengers from a JSON-lines file.

Copy it into place with `.venv/bin/python -m cq4ds new-exercise 1` (Windows: `.venv\\Scripts\\python ...`),
then replace every TODO. Grade it with `.venv/bin/python -m cq4ds check exercises/jsonl_source.py`.
Stretch: check each line as you read it and name the line number of the first bad one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from cq4ds.domain import DataError  # noqa: F401 (raise DataError(problem, fix) when the file is missing)
from cq4ds.params import param


@dataclass(kw_only=True)
class JsonLinesSource:
    """TODO: one line that says what this source reads."""

    path: str = param("sample_data/passengers.jsonl", help="TODO: what this file is")

    def describe(self) -> str:
        """Where the records come from, for messages."""
        raise NotImplementedError("TODO: describe() returns where the records come from, e.g. the file's path")

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the file's passengers in file order, at most `rows` per frame."""
        raise NotImplementedError("TODO: read_batches yields frames of at most `rows` passengers, in file order")


COMPONENTS = {"source": {"jsonl": JsonLinesSource}}
