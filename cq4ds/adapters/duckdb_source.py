"""Read passengers from a DuckDB table: an embedded warehouse standing in for BigQuery or Snowflake."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass

import duckdb
import pandas as pd

from cq4ds.adapters.layouts import existing_file
from cq4ds.domain import DataError
from cq4ds.params import param

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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

        Raises:
            DataError: the table name is not a plain name, the file or table is missing, it has no pid or no rows.
        """
        if not _IDENTIFIER.fullmatch(self.table):
            raise DataError(
                f"{self.describe()}: {self.table!r} is not a plain table name",
                "use letters, digits and underscores only, not starting with a digit",
            )
        file = existing_file(self.path, self.describe())
        read = 0
        try:
            with closing(duckdb.connect(str(file), read_only=True)) as db:
                columns = self._columns(db)
                if "pid" not in columns:
                    raise DataError(
                        f"{self.describe()}: required column 'pid' is missing (found: {', '.join(columns)})",
                        "give the table the passenger schema's columns (pid, pclass, name, sex, ...)",
                    )
                batches = db.sql(f'SELECT * FROM "{self.table}" ORDER BY pid').to_arrow_reader(rows)
                for batch in batches:
                    yield batch.to_pandas()
                    read += batch.num_rows
        except duckdb.Error as error:
            raise DataError(
                f"{self.describe()} cannot be read ({error})",
                "give a DuckDB database file, or rebuild it with `python -m cq4ds sample-data`",
            ) from error
        if read == 0:
            raise DataError(f"{self.describe()} has no passengers", "load passengers into the table")

    def _columns(self, db: duckdb.DuckDBPyConnection) -> list[str]:
        """The table's column names; a missing table is reported with the tables that exist."""
        tables = [row[0] for row in db.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall()]
        if self.table not in tables:
            raise DataError(
                f"{self.describe()}: there is no table {self.table!r} (tables found: {', '.join(tables) or 'none'})",
                f"set table to one of: {', '.join(tables)}" if tables else "load passengers into a table first",
            )
        return [row[0] for row in db.execute(f'DESCRIBE "{self.table}"').fetchall()]
