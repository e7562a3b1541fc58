"""Prediction sinks that write a database table: fill a buffer table, check it in SQL, swap it in.

Everything happens inside one transaction: (re)create `<table>__buffer`, insert the batches,
check the buffer with one SQL query, drop the old table and rename the buffer into its place,
COMMIT. Other connections keep seeing the old table until the COMMIT and the new one after
it, never a half-written one. Any failure runs ROLLBACK, which undoes every step.
"""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cq4ds.adapters.predictions import check_predictions, failures_as_sink_errors, not_published
from cq4ds.columnar import PREDICTION_COLUMNS
from cq4ds.domain import SinkError
from cq4ds.params import param

PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
BUFFER_COLUMNS = "pid BIGINT, probability DOUBLE, label INTEGER"


@dataclass(kw_only=True)
class _TableSink(ABC):
    """The steps both table sinks share; subclasses say how to connect and insert a batch."""

    path: str
    table: str

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Write every batch to the buffer, check it, swap it in as the table; return the row count."""
        destination = self.describe()
        table, buffer = quoted(self.table, destination), quoted(f"{self.table}__buffer", destination)
        with failures_as_sink_errors(destination):
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as db:
                db.execute("BEGIN")
                try:
                    db.execute(f"DROP TABLE IF EXISTS {buffer}")
                    db.execute(f"CREATE TABLE {buffer} ({BUFFER_COLUMNS})")
                    sent = 0
                    for batch in batches:
                        checked = check_predictions(batch, destination)
                        self._insert(db, buffer, checked)
                        sent += len(checked)
                    _check_buffer(db, buffer, sent, destination)
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                    db.execute(f"ALTER TABLE {buffer} RENAME TO {table}")
                    db.execute("COMMIT")
                except BaseException:
                    with suppress(Exception):  # the database may have ended the transaction itself
                        db.execute("ROLLBACK")
                    raise
        return sent

    @abstractmethod
    def describe(self) -> str:
        """Where predictions go, for messages."""

    @abstractmethod
    def _connect(self) -> Any:
        """Open the database (created if missing)."""

    @abstractmethod
    def _insert(self, db: Any, buffer: str, batch: pd.DataFrame) -> None:
        """Append one checked batch to the buffer table."""


@dataclass(kw_only=True)
class SqliteSink(_TableSink):
    """Writes predictions to a SQLite table, swapped in whole in one transaction."""

    path: str = param("outputs/predictions.sqlite", help="SQLite database file (created if missing)")
    table: str = param("predictions", help="table to create or replace: letters, digits and underscores")

    def describe(self) -> str:
        """Where predictions go, for messages."""
        return f"SQLite table {self.table} in {self.path}"

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, isolation_level=None)  # we write BEGIN/COMMIT ourselves

    def _insert(self, db: sqlite3.Connection, buffer: str, batch: pd.DataFrame) -> None:
        rows = zip(*(batch[name].tolist() for name in PREDICTION_COLUMNS), strict=True)
        db.executemany(f"INSERT INTO {buffer} VALUES (?, ?, ?)", rows)


@dataclass(kw_only=True)
class DuckdbSink(_TableSink):
    """Writes predictions to a DuckDB table, swapped in whole in one transaction."""

    path: str = param("outputs/predictions.duckdb", help="DuckDB database file (created if missing)")
    table: str = param("predictions", help="table to create or replace: letters, digits and underscores")

    def describe(self) -> str:
        """Where predictions go, for messages."""
        return f"DuckDB table {self.table} in {self.path}"

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(self.path)

    def _insert(self, db: duckdb.DuckDBPyConnection, buffer: str, batch: pd.DataFrame) -> None:
        db.register("cq4ds_batch", batch)  # DuckDB reads the DataFrame in place, no row-by-row loop
        db.execute(f"INSERT INTO {buffer} SELECT pid, probability, label FROM cq4ds_batch")
        db.unregister("cq4ds_batch")


def quoted(name: str, destination: str) -> str:
    """`name` as a quoted SQL identifier, after checking it is a plain name that needs no escaping."""
    if not PLAIN_NAME.fullmatch(name):
        raise SinkError(f"{destination}: table name {name!r} is not a plain name",
                        "use letters, digits and underscores, not starting with a digit (e.g. 'predictions')")
    return f'"{name}"'


def _check_buffer(db: Any, buffer: str, sent: int, destination: str) -> None:
    """Check in SQL what actually landed in the buffer before it is published."""
    rows, pids, distinct_pids, probabilities, labels = db.execute(
        f"SELECT COUNT(*), COUNT(pid), COUNT(DISTINCT pid), COUNT(probability), COUNT(label) FROM {buffer}"
    ).fetchone()
    problems = [
        (rows != sent, f"the table got {rows} rows but {sent} were sent"),
        (pids != rows, f"pid is missing in {rows - pids} of {rows} rows"),
        (distinct_pids != pids, f"{pids - distinct_pids} rows repeat an earlier pid"),
        (probabilities != rows, f"probability is missing in {rows - probabilities} of {rows} rows"),
        (labels != rows, f"label is missing in {rows - labels} of {rows} rows"),
    ]
    for found, problem in problems:
        if found:
            raise not_published(destination, problem, "write one complete prediction per passenger")
