"""How a source can be split for an engine, and what comes back per partition: plain, frozen data.

A source that can be split describes its parts (`FileParts`, `MappedParts`) or says why it cannot (`NotSplit`);
an engine reads them where it runs. A sink that takes partitions where they are scored notes each one it wrote
(`WrittenPart`). Nothing here reads or writes anything: the callables belong to the adapters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # annotations only: the domain imports no data library
    import pandas as pd


@dataclass(frozen=True)
class FileParts:
    """A file an engine splits with its own reader (Parquet by row group, CSV by byte range).

    `finish` turns one part, as the reader returns it, into records in the schema's columns; it runs where
    the part is read, so it must pickle (a module-level function or a bound method of a dataclass).
    """

    format: str  # "parquet" or "csv"
    path: str  # absolute: a worker's working folder is not the client's
    columns: tuple[str, ...]
    rows: int  # about this many rows per part
    finish: Callable[[pd.DataFrame], pd.DataFrame]


@dataclass(frozen=True)
class MappedParts:
    """Pieces (seeds and row ranges, pid ranges) that an engine reads each with `read(piece)` where it runs."""

    read: Callable[[Any], pd.DataFrame]
    pieces: tuple[Any, ...]
    first_rows: tuple[int | None, ...] = ()  # each piece's first row number in the source, when known
    files: tuple[str, ...] = ()  # absolute paths every worker must see


@dataclass(frozen=True)
class NotSplit:
    """A source that cannot be read in parts says why; an engine then streams its batches from the client."""

    reason: str


Partitions = FileParts | MappedParts | NotSplit


T = TypeVar("T")


@dataclass(frozen=True)
class Part:
    """Where a partition sits in its source: its number, and its first row's number when that is known."""

    index: int
    first_row: int | None = None


@dataclass(frozen=True)
class Finished(Generic[T]):
    """One partition's result, with the seconds its step took and who ran it ("this process", a worker's address)."""

    part: Part
    value: T
    seconds: float
    worker: str


@dataclass(frozen=True)
class WrittenPart:
    """A partition's predictions as a sink's part writer left them where they were scored, awaiting the publish.

    Only this note comes back, not the rows: the publish checks pids unique across partitions by their ranges.
    """

    index: int
    file: str  # the part's file name in the sink's staging folder
    rows: int
    lowest: int  # the part's lowest and highest pid (0 and 0 when it has no rows)
    highest: int
