"""Prediction sinks that write a file: stream into a temporary file, check, then swap it in.

The Parquet sink can write a dataset instead: a folder with a file per partition, which an engine's workers
write where they scored it, published with one rename (see `dataset`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cq4ds.adapters import dataset
from cq4ds.adapters.atomic import atomic_path
from cq4ds.adapters.predictions import PARQUET_SCHEMA, PredictionStream, failures_as_sink_errors, not_published
from cq4ds.columnar import PREDICTION_COLUMNS
from cq4ds.domain import WrittenPart
from cq4ds.params import param

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(kw_only=True)
class CsvSink:
    """Writes predictions to a CSV file, replacing it only once every row is written and checked."""

    path: str = param("outputs/predictions.csv", help="CSV file to create or replace")

    def describe(self) -> str:
        """Where predictions go, for messages."""
        return f"CSV file {self.path}"

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Write every batch, check the whole file, then publish it; return the row count."""
        stream = PredictionStream(self.describe())
        with failures_as_sink_errors(self.describe()), atomic_path(self.path) as temp:
            with open(temp, "w", newline="", encoding="utf-8") as out:
                out.write(",".join(PREDICTION_COLUMNS) + "\n")
                for batch in batches:
                    safe_for_spreadsheets(stream.check(batch)).to_csv(out, header=False, index=False)
            return stream.finish(_count_csv_rows(temp))


@dataclass(kw_only=True)
class ParquetSink:
    """Writes predictions to a Parquet file or dataset folder, replaced only once every row is written and checked."""

    path: str = param("outputs/predictions.parquet", help="Parquet file, or dataset folder, to create or replace")
    layout: Literal["file", "dataset"] = param(
        "file", help="one file, or a folder with a file per partition that an engine's workers write themselves"
    )

    def describe(self) -> str:
        """Where predictions go, for messages."""
        return f"Parquet {self.layout} {self.path}"

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Write every batch (as a row group, or as a part of the dataset), check them all, publish; return the rows."""
        write = self.part_writer()
        if write is not None:
            return self.publish(write, (write(batch, index) for index, batch in enumerate(batches)))
        if Path(self.path).is_dir():
            problem = f"{self.path} is a folder (a Parquet dataset?), not a file"
            raise not_published(self.describe(), problem, "give the file a new path, or remove the folder")
        stream = PredictionStream(self.describe())
        with failures_as_sink_errors(self.describe()), atomic_path(self.path) as temp:
            with pq.ParquetWriter(temp, PARQUET_SCHEMA) as writer:
                for batch in batches:
                    table = pa.Table.from_pandas(stream.check(batch), schema=PARQUET_SCHEMA, preserve_index=False)
                    writer.write_table(table)
            return stream.finish(pq.ParquetFile(temp).metadata.num_rows)

    def part_writer(self) -> dataset.PartWriter | None:
        """For a dataset, start a write whose partitions are written where they are scored; None for a file."""
        if self.layout != "dataset":
            return None
        with failures_as_sink_errors(self.describe()):
            return dataset.start(Path(self.path), self.describe())

    def publish(self, write: dataset.PartWriter, parts: Iterable[WrittenPart]) -> int:
        """Check the dataset's parts `write` wrote and put its folder in place with one rename; return the rows."""
        with failures_as_sink_errors(self.describe()):
            return dataset.publish(write, parts, Path(self.path))


def safe_for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text a spreadsheet would run as a formula ("=...", "+...", "@...") with an apostrophe."""
    text_columns = frame.select_dtypes(exclude="number").columns
    return frame.assign(**{name: frame[name].map(_defused) for name in text_columns})


def _defused(value: object) -> object:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _count_csv_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8") as file:
        return sum(1 for _ in csv.reader(file)) - 1  # minus the header
