"""Read passengers from a Parquet file, one row group slice at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cq4ds.adapters.layouts import detect_layout, existing_file
from cq4ds.domain import DataError
from cq4ds.params import param


@dataclass(kw_only=True)
class ParquetSource:
    """A Parquet file with the schema's columns (or the titanic3 or Kaggle column names)."""

    path: str = param("sample_data/passengers.parquet", help="Parquet file")

    def describe(self) -> str:
        """Where the records come from, for messages."""
        return f"Parquet file {self.path}"

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the file's records renamed to the schema's columns, at most `rows` per frame, in file order.

        Raises:
            DataError: the file is missing, empty, not Parquet, in an unknown layout or has no rows.
        """
        file = existing_file(self.path, self.describe())
        try:
            with pq.ParquetFile(file) as parquet:
                layout = detect_layout(parquet.schema_arrow.names, self.describe())
                if parquet.metadata.num_rows == 0:
                    raise DataError(f"{self.describe()} has columns but no passengers", "choose a file with passengers")
                read = 0
                for batch in parquet.iter_batches(batch_size=rows):
                    yield layout.to_schema(batch.to_pandas(), first_row=read + 1)
                    read += batch.num_rows
        except (pa.ArrowException, OSError) as error:
            raise DataError(
                f"{self.describe()} is not a readable Parquet file ({error})",
                "give a Parquet file, or rebuild it (it may be damaged or still being written)",
            ) from error
