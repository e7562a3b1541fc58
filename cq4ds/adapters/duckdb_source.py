"""Read passengers from a DuckDB table: an embedded warehouse standing in for BigQuery or Snowflake.

The file may come from anyone (the Lab's uploads), and DuckDB evaluates some of a file's own expressions
when it reads it (a generated column's, for one). So the file is attached read-only to a private in-memory
database that reaches no other file and no network, loads no extension, runs on one thread within
MEMORY_LIMIT and settings nothing can change; a query step is stopped after QUERY_SECONDS, and a table
that computes columns is refused. The file's own macros are never looked up: names resolve in the
private database first.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import pyarrow as pa

from cq4ds.adapters.layouts import existing_file
from cq4ds.adapters.pid_ranges import PidRange, pid_ranges, where
from cq4ds.domain import DataError, MappedParts
from cq4ds.params import param

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MEMORY_LIMIT = "512MB"  # 10,000 passengers take a few MB; past this a query fails instead of the server
QUERY_SECONDS = 10.0  # one step of a query (the sort before the first row, or one batch) may take this long
SETTINGS = {
    "memory_limit": MEMORY_LIMIT,
    "threads": 1,
    "temp_directory": "",  # nothing is spilled to disk: past the limit a query fails
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
FILE = "source"  # the name the file is attached under
T = TypeVar("T")


@dataclass(kw_only=True)
class DuckdbSource:
    """A table in a DuckDB database file, with the schema's columns."""

    path: str = param("sample_data/warehouse.duckdb", help="DuckDB database file (opened read-only)")
    table: str = param("passengers", help="table holding one row per passenger")

    def describe(self) -> str:
        """Where the records come from, for messages."""
        return f"DuckDB table {self.table} in {self.path}"

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the table's rows in pid order, at most `rows` per frame.

        The first `rows` rows come from a query with `LIMIT rows`: a caller that stops after one batch makes
        DuckDB keep only that many rows while it sorts. The rest, if asked for, come from a second query.

        Raises:
            DataError: the table name is not a plain name, the file or table is missing, it has no pid or no rows,
                it computes a column, or reading needs more than MEMORY_LIMIT or a step more than QUERY_SECONDS.
        """
        file = self._opened_file()
        read = 0
        try:
            with closing(connect(file)) as db:
                self._check_columns(db)
                # pid, then the row's place in the file: a total order, so the two queries add up exactly
                ordered = f'SELECT * FROM {FILE}.main."{self.table}" ORDER BY "pid", rowid'
                for query in (f"{ordered} LIMIT {int(rows)}", f"{ordered} OFFSET {int(rows)}"):
                    reader = _timed(db, lambda q=query: db.sql(q).to_arrow_reader(rows))
                    while (batch := _timed(db, lambda r=reader: _next_batch(r))) is not None:
                        yield batch.to_pandas()
                        read += batch.num_rows
                    if read < rows:
                        break
        except (duckdb.Error, pa.ArrowException) as error:
            raise DataError(*self._explained(error)) from error
        if read == 0:
            raise DataError(f"{self.describe()} has no passengers", "load passengers into the table")

    def partitions(self, rows: int) -> MappedParts:
        """Ranges of pids holding about `rows` rows each; each worker reads its ranges with `read_pids`.

        Raises:
            DataError: as `read_batches`.
        """
        file = self._opened_file()
        try:
            with closing(connect(file)) as db:
                self._check_columns(db)
                table = f'{FILE}.main."{self.table}"'
                ranges = pid_ranges(lambda sql: _timed(db, lambda: db.execute(sql).fetchall()), table, rows)
        except (duckdb.Error, pa.ArrowException) as error:
            raise DataError(*self._explained(error)) from error
        reader = DuckdbSource(path=str(file.resolve()), table=self.table)
        return MappedParts(read=reader.read_pids, pieces=ranges, files=(str(file.resolve()),))

    def read_pids(self, pids: PidRange) -> pd.DataFrame:
        """The rows of one pid range, sorted as `read_batches` sorts them."""
        file = self._opened_file()
        condition, values = where(pids, '"pid"')
        query = f'SELECT * FROM {FILE}.main."{self.table}" WHERE {condition} ORDER BY "pid", rowid'
        try:
            with closing(connect(file)) as db:
                self._check_columns(db)
                return _timed(db, lambda: db.sql(query, params=list(values)).to_arrow_table()).to_pandas()
        except (duckdb.Error, pa.ArrowException) as error:
            raise DataError(*self._explained(error)) from error

    def _opened_file(self) -> Path:
        if not _IDENTIFIER.fullmatch(self.table):
            raise DataError(
                f"{self.describe()}: {self.table!r} is not a plain table name",
                "use letters, digits and underscores only, not starting with a digit",
            )
        return existing_file(self.path, self.describe())

    def _check_columns(self, db: duckdb.DuckDBPyConnection) -> None:
        """Report a missing table, a missing pid, or a column computed when read."""
        tables = [row[0] for row in db.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY table_name", [FILE]
        ).fetchall()]
        if self.table not in tables:
            raise DataError(
                f"{self.describe()}: there is no table {self.table!r} (tables found: {', '.join(tables) or 'none'})",
                f"set table to one of: {', '.join(tables)}" if tables else "load passengers into a table first",
            )
        described = db.execute(
            "SELECT column_name, is_generated FROM duckdb_columns() "
            "WHERE database_name = ? AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
            [FILE, self.table],
        ).fetchall()
        columns = [name for name, _ in described]
        if "pid" not in columns:
            raise DataError(
                f"{self.describe()}: required column 'pid' is missing (found: {', '.join(columns)})",
                "give the table the passenger schema's columns (pid, pclass, name, sex, ...)",
            )
        computed = [name for name, generated in described if generated]
        if computed:
            raise DataError(
                f"{self.describe()}: column {computed[0]!r} is computed when read (a generated column)",
                f"store plain values: CREATE TABLE copy AS SELECT * FROM {self.table}, then read table copy",
            )

    def _explained(self, error: Exception) -> tuple[str, str]:
        """The problem and the fix for a database error, on one line."""
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if isinstance(error, duckdb.InterruptException) or "INTERRUPT" in first_line:
            return (
                f"{self.describe()}: reading took more than {QUERY_SECONDS:.0f} s and was stopped",
                "give a smaller table",
            )
        if isinstance(error, duckdb.OutOfMemoryException) or "Out of Memory" in first_line:
            return (
                f"{self.describe()}: reading needs more than {MEMORY_LIMIT} of memory ({first_line})",
                "give a smaller table, with short values",
            )
        return (
            f"{self.describe()} cannot be read ({first_line})",
            "give a DuckDB database file, or rebuild it with `python -m cq4ds sample-data`",
        )


def connect(file: Path) -> duckdb.DuckDBPyConnection:
    """A private in-memory database with `file` attached read-only as FILE, limited as the module says.

    In-memory databases are never shared, so these settings never clash with another connection to the file.
    """
    db = duckdb.connect(":memory:", config=SETTINGS)
    try:
        db.execute(f"ATTACH {_quoted(str(file))} AS {FILE} (TYPE duckdb, READ_ONLY)")
        db.execute("SET enable_external_access = false")  # no other file, no network, from here on
        db.execute("SET lock_configuration = true")  # and nothing a query runs can change a setting
    except BaseException:
        db.close()
        raise
    return db


def _quoted(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _next_batch(reader: pa.RecordBatchReader) -> pa.RecordBatch | None:
    """The reader's next batch, or None at the end."""
    try:
        return reader.read_next_batch()
    except StopIteration:
        return None


def _timed(db: duckdb.DuckDBPyConnection, step: Callable[[], T]) -> T:
    """`step()`, one step of a query, interrupted if it runs for more than QUERY_SECONDS."""
    timer = threading.Timer(QUERY_SECONDS, db.interrupt)
    timer.daemon = True
    timer.start()
    try:
        return step()
    finally:
        timer.cancel()
