"""Read passengers from a Parquet file, one row group slice at a time.

A Parquet file is compressed, so a small file may decode to far more than its size: a long value repeated,
or referenced again and again through a dictionary. Only the layout's columns are decoded; the sizes the
file declares are checked before reading, and text stays dictionary-encoded until its longest value is
known: no value may exceed MAX_VALUE_BYTES.

Batches are read without pyarrow's pre-buffering: a pre-buffering reader keeps the bytes of every row group it
has read until it closes, so its memory would grow with the file (about 1.5 MB per 50,000 generated rows).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cq4ds.adapters.layouts import Layout, detect_layout, existing_file
from cq4ds.domain import DataError, FileParts, NotSplit
from cq4ds.params import param

MAX_VALUE_BYTES = 2_000  # a name, ticket or cabin is far shorter; 10,000 rows of 12 such values is 240 MB


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
            DataError: the file is missing, empty, not Parquet, in an unknown layout, has no rows, or holds a value
                longer than MAX_VALUE_BYTES.
        """
        file = existing_file(self.path, self.describe())
        try:
            with pq.ParquetFile(file) as parquet:
                layout = detect_layout(parquet.schema_arrow.names, self.describe())
                if parquet.metadata.num_rows == 0:
                    raise DataError(f"{self.describe()} has columns but no passengers", "choose a file with passengers")
                wanted = [column for column in layout.columns if column in parquet.schema_arrow.names]
                self._check_declared_sizes(parquet.metadata, wanted)
                text = [name for name in wanted if _is_text(parquet.schema_arrow.field(name).type)]
            # text decoded only after its check; no pre-buffering: only the row group being read is held
            with pq.ParquetFile(file, read_dictionary=text, pre_buffer=False) as parquet:
                read = 0
                for batch in parquet.iter_batches(batch_size=rows, columns=wanted):
                    yield layout.to_schema(self._decoded(batch).to_pandas(), first_row=read + 1)
                    read += batch.num_rows
        except (pa.ArrowException, OSError) as error:
            raise DataError(
                f"{self.describe()} is not a readable Parquet file ({error})",
                "give a Parquet file, or rebuild it (it may be damaged or still being written)",
            ) from error

    def partitions(self, rows: int) -> FileParts | NotSplit:
        """The file by row group for Dask's Parquet reader (sizes checked here first); not split when numbered.

        Raises:
            DataError: as `read_batches`, for what the file's metadata shows.
        """
        file = existing_file(self.path, self.describe()).resolve()
        try:
            with pq.ParquetFile(file) as parquet:
                layout = detect_layout(parquet.schema_arrow.names, self.describe())
                wanted = [column for column in layout.columns if column in parquet.schema_arrow.names]
                self._check_declared_sizes(parquet.metadata, wanted)
        except (pa.ArrowException, OSError) as error:
            raise DataError(
                f"{self.describe()} is not a readable Parquet file ({error})", "give a Parquet file"
            ) from error
        if layout.numbered:
            return NotSplit(
                f"{self.describe()} numbers passengers by their row, which only a reader from the top knows"
            )
        return FileParts("parquet", str(file), tuple(wanted), rows, finish=PartFinish(str(file), layout))

    def _check_declared_sizes(self, metadata: pq.FileMetaData, wanted: list[str]) -> None:
        """Refuse a row group whose `wanted` columns would decode to more than MAX_VALUE_BYTES a value on average."""
        leaves = {metadata.schema.column(i).path: i for i in range(metadata.num_columns)}
        for group in range(metadata.num_row_groups):
            row_group = metadata.row_group(group)
            declared = sum(row_group.column(leaves[name]).total_uncompressed_size for name in wanted if name in leaves)
            if declared > max(row_group.num_rows, 1) * len(wanted) * MAX_VALUE_BYTES:
                raise self._too_long(f"row group {group + 1} decodes to {declared:,} bytes")

    def _decoded(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """`batch` with dictionary-encoded columns decoded, once no dictionary value is too long."""
        columns = []
        for column in batch.columns:
            if pa.types.is_dictionary(column.type):
                if _is_text(column.type.value_type) and len(column.dictionary):
                    longest = pc.max(pc.binary_length(column.dictionary)).as_py()
                    if longest > MAX_VALUE_BYTES:
                        raise self._too_long(f"a value of {longest:,} bytes")
                column = column.cast(column.type.value_type)
            columns.append(column)
        return pa.RecordBatch.from_arrays(columns, names=batch.schema.names, metadata=batch.schema.metadata)

    def _too_long(self, found: str) -> DataError:
        return DataError(
            f"{self.describe()} holds values longer than {MAX_VALUE_BYTES:,} bytes ({found})",
            "keep each passenger's values short: a name, ticket or cabin, not a document",
        )


def _is_text(kind: pa.DataType) -> bool:
    checks = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary, pa.types.is_large_binary)
    return any(check(kind) for check in checks)


@dataclass(frozen=True)
class PartFinish:
    """What a worker does to a part Dask's reader returns: refuse too long values, rename to the schema."""

    path: str
    layout: Layout

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame` in the schema's columns, once no text value in it is longer than MAX_VALUE_BYTES."""
        for name in frame.columns:
            values = frame[name].dropna()
            if values.dtype.kind in "iufb" or values.empty:
                continue
            text = values.astype(str)
            if text.str.len().max() * 4 > MAX_VALUE_BYTES:  # a character is at most 4 bytes: look closer
                longest = int(text.str.encode("utf-8").str.len().max())
                if longest > MAX_VALUE_BYTES:
                    raise ParquetSource(path=self.path)._too_long(f"a value of {longest:,} bytes")
        return self.layout.to_schema(frame)
