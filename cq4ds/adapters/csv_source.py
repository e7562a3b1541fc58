"""Read passengers from a CSV file in the titanic3, Kaggle or schema layout."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from cq4ds.adapters.layouts import detect_layout, existing_file
from cq4ds.domain import DataError, FileParts, NotSplit
from cq4ds.params import param

_UTF8 = "utf-8-sig"  # UTF-8, with or without the byte-order mark spreadsheets add


@dataclass(kw_only=True)
class CsvSource:
    """A CSV file: the titanic3/OpenML layout, Kaggle's train/test layout or the schema's own columns."""

    path: str = param("sample_data/titanic3.csv", help="CSV file with a header row (UTF-8)")

    def describe(self) -> str:
        """Where the records come from, for messages."""
        return f"CSV file {self.path}"

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the file's records renamed to the schema's columns, at most `rows` per frame, in file order.

        Raises:
            DataError: the file is missing, empty, not UTF-8, not a CSV, in an unknown layout or has no rows.
        """
        file = existing_file(self.path, self.describe())
        read = 0
        try:
            layout = detect_layout(pd.read_csv(file, nrows=0, encoding=_UTF8).columns, self.describe())
            with pd.read_csv(file, chunksize=rows, dtype=str, encoding=_UTF8) as chunks:
                for chunk in chunks:
                    yield layout.to_schema(chunk, first_row=read + 1)
                    read += len(chunk)
        except UnicodeDecodeError as error:
            raise DataError(
                f"{self.describe()} is not UTF-8 text (byte {error.object[error.start:error.start + 1]!r} "
                f"cannot be decoded)",
                "save the file as UTF-8 (in a spreadsheet: Save As > CSV UTF-8)",
            ) from error
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise DataError(
                f"{self.describe()} is not a readable CSV file ({str(error).strip()})",
                "give a comma-separated file with one header row, quoting fields that contain commas",
            ) from error
        if read == 0:
            raise DataError(
                f"{self.describe()} has a header but no passengers",
                "add one row per passenger below the header, or choose another file",
            )

    def partitions(self, rows: int) -> FileParts | NotSplit:
        """The file in byte ranges for Dask's CSV reader; not split when passengers are numbered by their row.

        Raises:
            DataError: the file is missing, empty or in no known layout.
        """
        file = existing_file(self.path, self.describe()).resolve()
        header = list(pd.read_csv(file, nrows=0, encoding=_UTF8).columns)
        layout = detect_layout(header, self.describe())
        if layout.numbered:
            return NotSplit(f"{self.describe()} numbers passengers by their row: only a reader from the top knows it")
        columns = tuple(column for column in layout.columns if column in header)
        return FileParts("csv", str(file), columns, rows, finish=layout.to_schema)
