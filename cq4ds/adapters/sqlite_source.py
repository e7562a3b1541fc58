"""Read passengers from the exercise's SQLite database: passengers joined with their survival.

The file may come from anyone (the Lab's uploads), and a view in it is a query SQLite runs when it is read:
the database is opened read-only, its views may call only side-effect-free functions, a query step is
stopped after QUERY_SECONDS, no value may exceed MAX_VALUE_BYTES, and only the exercise's columns are read.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from cq4ds.adapters.layouts import EXERCISE_COLUMNS, PASSENGER_TABLE, TARGET_TABLE, existing_file
from cq4ds.adapters.pid_ranges import PidRange, pid_ranges, where
from cq4ds.domain import DataError, MappedParts
from cq4ds.params import param

QUERY = f"""
    SELECT {{columns}}, t.is_survived
    FROM {PASSENGER_TABLE} AS p LEFT JOIN {TARGET_TABLE} AS t ON t.pid = p.pid
    WHERE {{where}}
    ORDER BY p.pid, {{every_column}}
    LIMIT ? OFFSET ?
"""  # passengers without a target row are unlabelled (is_survived NULL): they can be scored
QUERY_SECONDS = 10.0  # one step of a query (the sort before the first row, or one batch) may take this long
MAX_VALUE_BYTES = 2_000  # a name, ticket or destination is far shorter; 10,000 rows of 15 such values is 300 MB
_STEPS = 10_000  # SQLite virtual machine steps between two looks at the clock
T = TypeVar("T")


@dataclass(kw_only=True)
class SqliteSource:
    """The exercise's SQLite database: tbl_passengers joined with tbl_targets on pid."""

    path: str = param("sample_data/titanic.db", help="SQLite database file (opened read-only)")

    def describe(self) -> str:
        """Where the records come from, for messages."""
        return f"SQLite database {self.path}"

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the passengers in pid order, at most `rows` per frame.

        The first `rows` passengers come from a query with `LIMIT rows`: a caller that stops after one batch
        makes SQLite keep only that many rows while it sorts. The rest, if asked for, come from a second query.

        Raises:
            DataError: the file is missing or not a database, a table or column is missing, there are no rows,
                a value is too long, or a query step ran for more than QUERY_SECONDS.
        """
        file = existing_file(self.path, self.describe())
        read = 0
        with closing(connect(file)) as db:
            try:
                query = _query(db)
                for limit, offset in ((rows, 0), (-1, rows)):  # LIMIT -1: no limit
                    cursor = _timed(db, db.execute, query, (limit, offset))
                    columns = [column[0] for column in cursor.description]
                    while batch := _timed(db, cursor.fetchmany, rows):
                        yield pd.DataFrame.from_records(batch, columns=columns, coerce_float=True)
                        read += len(batch)
                    if read < rows:
                        break
            except sqlite3.Error as error:
                raise DataError(*_explained(error, self.describe(), db)) from error
        if read == 0:
            raise DataError(f"{self.describe()}: table {PASSENGER_TABLE} has no passengers", _FIX)

    def partitions(self, rows: int) -> MappedParts:
        """Ranges of pids holding about `rows` passengers each; each worker reads its ranges with `read_pids`.

        Raises:
            DataError: as `read_batches`.
        """
        file = existing_file(self.path, self.describe()).resolve()
        with closing(connect(file)) as db:
            try:
                ranges = pid_ranges(lambda sql: _timed(db, lambda: db.execute(sql).fetchall()), PASSENGER_TABLE, rows)
            except sqlite3.Error as error:
                raise DataError(*_explained(error, self.describe(), db)) from error
        return MappedParts(read=SqliteSource(path=str(file)).read_pids, pieces=ranges, files=(str(file),))

    def read_pids(self, pids: PidRange) -> pd.DataFrame:
        """The passengers of one pid range, sorted as `read_batches` sorts them."""
        file = existing_file(self.path, self.describe())
        condition, values = where(pids, "p.pid")
        with closing(connect(file)) as db:
            try:
                cursor = _timed(db, db.execute, _query(db, condition), (*values, -1, 0))
                columns = [column[0] for column in cursor.description]
                return pd.DataFrame.from_records(_timed(db, cursor.fetchall), columns=columns, coerce_float=True)
            except sqlite3.Error as error:
                raise DataError(*_explained(error, self.describe(), db)) from error


def connect(file: Path) -> sqlite3.Connection:
    """A read-only connection to `file` with the limits above (what `read_batches` reads through).

    The schema is loaded before values are limited, so a long CREATE statement still loads.
    """
    db = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)  # never creates or changes a file
    try:
        db.execute("PRAGMA trusted_schema = OFF")  # views and triggers may call only side-effect-free functions
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # loads the schema
    except sqlite3.Error:
        pass  # not a database: the first query says so
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    return db


def _timed(db: sqlite3.Connection, step: Callable[..., T], *args: Any) -> T:
    """`step(*args)`, one step of a query (execute or fetch), stopped by SQLite once it runs for QUERY_SECONDS."""
    deadline = time.monotonic() + QUERY_SECONDS
    db.set_progress_handler(lambda: time.monotonic() > deadline, _STEPS)  # a true answer interrupts the step
    try:
        return step(*args)
    finally:
        db.set_progress_handler(None, _STEPS)


def _query(db: sqlite3.Connection, where: str = "1") -> str:
    """QUERY for the exercise columns `tbl_passengers` has, sorted by pid, then by every column (a total order).

    A total order makes the first query's rows and the second's (OFFSET) add up to every row exactly once.
    """
    probe = _timed(db, db.execute, f"SELECT p.* FROM {PASSENGER_TABLE} AS p LIMIT 0")
    found = [column[0] for column in probe.description]
    columns = [f'p."{name}"' for name in found if name in EXERCISE_COLUMNS] or ["p.pid"]
    return QUERY.format(
        columns=", ".join(columns), where=where, every_column=", ".join(map(str, range(1, len(columns) + 2)))
    )


_FIX = (
    f"use the exercise schema: {PASSENGER_TABLE}(pid, pclass, name, sex, age, sibsp, parch, ticket, fare, "
    f"cabin, embarked, ...) and {TARGET_TABLE}(pid, is_survived)"
)


def _explained(error: sqlite3.Error, origin: str, db: sqlite3.Connection) -> tuple[str, str]:
    """The problem and the fix for a database error, in the database's own words."""
    if isinstance(error, sqlite3.OperationalError) and str(error) == "interrupted":
        return (
            f"{origin}: reading took more than {QUERY_SECONDS:.0f} s and was stopped",
            f"store the passengers in plain tables ({PASSENGER_TABLE}, {TARGET_TABLE}), "
            "not in views that compute rows, and keep the file small",
        )
    if isinstance(error, sqlite3.DataError) and "too big" in str(error):
        return (
            f"{origin}: a value is longer than {MAX_VALUE_BYTES:,} bytes ({error})",
            "keep each passenger's values short: a name, ticket or cabin, not a document",
        )
    return f"{origin}: {error}{_tables(db)}", _FIX


def _tables(db: sqlite3.Connection) -> str:
    """The tables the database holds, for error messages (nothing when it is not a database)."""
    try:
        listed = _timed(db, db.execute, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        names = [row[0] for row in _timed(db, listed.fetchall)]
    except sqlite3.Error:
        return ""
    return f" (tables found: {', '.join(names) or 'none'})"
