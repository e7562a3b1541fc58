"""Exercise 1, reference solution: a source adapter that reads passengers from a JSON-lines file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cq4ds.domain import DataError
from cq4ds.params import param


@dataclass(kw_only=True)
class JsonLinesSource:
    """A JSON-lines file: one passenger object per line, its keys named like the schema's columns."""

    path: str = param("sample_data/passengers.jsonl", help="JSON-lines file, one passenger object per line (UTF-8)")

    def describe(self) -> str:
        """Where the records come from, for messages."""
        return f"JSON-lines file {self.path}"

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the file's passengers in file order, at most `rows` per frame (blank lines are skipped).

        Raises:
            DataError: the file is missing, or a line is not a JSON object.
        """
        if not Path(self.path).is_file():
            raise DataError(f"{self.describe()} does not exist", "check the path (sample_data/ holds an example)")
        batch: list[dict[str, Any]] = []
        with open(self.path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    batch.append(self._record(line, number))
                if len(batch) == rows:
                    yield pd.DataFrame.from_records(batch)
                    batch = []
        if batch:
            yield pd.DataFrame.from_records(batch)

    def _record(self, line: str, number: int) -> dict[str, Any]:
        """One line as a record, or a DataError naming the line."""
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(
                f"{self.describe()}: line {number} is not JSON ({error.msg})", "write one object a line"
            ) from None
        if not isinstance(record, dict):
            raise DataError(f"{self.describe()}: line {number} is not a JSON object", 'write {"pid": 1, ...} per line')
        return record


COMPONENTS = {"source": {"jsonl": JsonLinesSource}}
