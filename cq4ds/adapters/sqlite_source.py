"""Read passengers from the exercise's SQLite database: passengers joined with their survival."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass

import pandas as pd

from cq4ds.adapters.layouts import PASSENGER_TABLE, TARGET_TABLE, existing_file
from cq4ds.domain import DataError
from cq4ds.params import param

QUERY = f"""
    SELECT p.*, t.is_survived
    FROM {PASSENGER_TABLE} AS p LEFT JOIN {TARGET_TABLE} AS t ON t.pid = p.pid
    ORDER BY p.pid
"""  # passengers without a target row are unlabelled (is_survived NULL): they can be scored


@dataclass(kw_only=True)
class SqliteSource:
    """The exercise's SQLite database: tbl_passengers joined with tbl_targets on pid."""

    path: str = param("sample_data/titanic.db", help="SQLite database file (opened read-only)")

    def describe(self) -> str:
        """Where the records come from, for messages."""
        return f"SQLite database {self.path}"

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the passengers in pid order, at most `rows` per frame.

        Raises:
            DataError: the file is missing or not a database, a table or column is missing, or there are no rows.
        """
        file = existing_file(self.path, self.describe())
        read = 0
        # Read-only: reading never creates or changes a file.
        with closing(sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)) as db:
            try:
                for chunk in pd.read_sql(QUERY, db, chunksize=rows):
                    yield chunk
                    read += len(chunk)
            except (sqlite3.Error, pd.errors.DatabaseError) as error:
                raise DataError(f"{self.describe()}: {_cause(error)}{_tables(db)}", _FIX) from error
        if read == 0:
            raise DataError(f"{self.describe()}: table {PASSENGER_TABLE} has no passengers", _FIX)


_FIX = (
    f"use the exercise schema: {PASSENGER_TABLE}(pid, pclass, name, sex, age, sibsp, parch, ticket, fare, "
    f"cabin, embarked, ...) and {TARGET_TABLE}(pid, is_survived)"
)


def _cause(error: Exception) -> str:
    """The database's own words, without pandas' "Execution failed on sql ..." preamble."""
    cause = error.__cause__ or error.__context__
    return str(cause if isinstance(cause, sqlite3.Error) else error)


def _tables(db: sqlite3.Connection) -> str:
    """The tables the database holds, for error messages (nothing when it is not a database)."""
    try:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    except sqlite3.Error:
        return ""
    return f" (tables found: {', '.join(names) or 'none'})"
