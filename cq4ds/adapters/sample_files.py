"""Write passenger frames as the sample files the sources read: SQLite, CSV, Parquet, DuckDB and JSON lines.

Each writer takes a frame in the schema's columns and publishes its file atomically:
a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cq4ds.adapters.atomic import atomic_path
from cq4ds.adapters.layouts import EXERCISE_COLUMNS, KAGGLE_COLUMNS, PASSENGER_TABLE, TARGET_TABLE, TITANIC3_COLUMNS
from cq4ds.adapters.synthetic import generate
from cq4ds.columnar import conform
from cq4ds.domain import FIELD_NAMES

BOATS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "A", "B", "C", "D")
DESTINATIONS = (
    "New York, NY", "Montreal, PQ", "Chicago, IL", "Philadelphia, PA", "Winnipeg, MB", "Toronto, ON",
    "Boston, MA", "Detroit, MI", "St Louis, MO", "London / New York, NY", "Sweden Worcester, MA",
    "Ireland New York, NY", "Paris, France", "Cornwall / Akron, OH", "Bergen, Norway Minneapolis, MN",
)
HOME_DEST_SHARE = (0.85, 0.7, 0.25)  # by class
SAMPLE_FILES = (
    "titanic.db", "titanic3.csv", "kaggle_train.csv", "kaggle_test.csv", "passengers.parquet", "warehouse.duckdb",
    "passengers.jsonl",
)
KAGGLE_TRAIN_SHARE = 891 / 1309  # the competition's split: 891 training rows, 418 test rows


def write_exercise_sqlite(frame: pd.DataFrame, path: str | Path) -> None:
    """The exercise's database: tbl_passengers and tbl_targets, numbers stored as FLOAT as in the original.

    tbl_passengers also has the historical boat, body and home.dest columns; tbl_targets
    holds (pid, is_survived) for the labelled passengers only.
    """
    passengers = pd.concat([_schema(frame), _history(frame)], axis=1)[list(EXERCISE_COLUMNS)]
    targets = _schema(frame).dropna(subset=["is_survived"])[["pid", "is_survived"]]
    numbers = {"pid", "pclass", "age", "sibsp", "parch", "fare", "body", "is_survived"}
    with atomic_path(path) as temp, closing(sqlite3.connect(temp)) as db:
        for name, table in ((PASSENGER_TABLE, passengers), (TARGET_TABLE, targets)):
            table.to_sql(name, db, index=False, dtype={c: "FLOAT" if c in numbers else "TEXT" for c in table})
            db.execute(f"CREATE INDEX ix_{name}_pid ON {name} (pid)")
        db.commit()


def write_titanic3_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """The titanic3/OpenML CSV. It has no pid column: readers number passengers by row, so write them in pid order."""
    schema = pd.concat([_schema(frame), _history(frame)], axis=1)
    table = schema.rename(columns={schema_name: name for name, schema_name in TITANIC3_COLUMNS.items()})
    _write_csv(table[[*TITANIC3_COLUMNS, "boat", "body", "home.dest"]], path)


def write_kaggle_csv(frame: pd.DataFrame, path: str | Path, labelled: bool = True) -> None:
    """The Kaggle competition CSV: train.csv when `labelled`, else test.csv (no Survived column)."""
    table = _schema(frame).rename(columns={schema_name: name for name, schema_name in KAGGLE_COLUMNS.items()})
    _write_csv(table[[c for c in KAGGLE_COLUMNS if labelled or c != "Survived"]], path)


def write_parquet(frame: pd.DataFrame, path: str | Path) -> None:
    """A Parquet file with the schema's columns."""
    table = pa.Table.from_pandas(_schema(frame), preserve_index=False)
    with atomic_path(path) as temp:
        pq.write_table(table, temp)


def write_duckdb(frame: pd.DataFrame, path: str | Path, table: str = "passengers") -> None:
    """A DuckDB database holding one table with the schema's columns, in pid order."""
    rows = _schema(frame)
    with atomic_path(path) as temp:
        temp.unlink()  # DuckDB creates its own file; it refuses an empty one
        with closing(duckdb.connect(str(temp))) as db:
            db.register("passenger_rows", rows)
            db.execute(f'CREATE TABLE "{table}" AS SELECT * FROM passenger_rows ORDER BY pid')


def write_jsonl(frame: pd.DataFrame, path: str | Path) -> None:
    """JSON lines: one object per passenger with the schema's fields, null where a value is unknown.

    The workshop's first exercise writes a source adapter for this file (exercises/README.md).
    """
    rows = _schema(frame).astype(object)
    records = rows.where(rows.notna(), None).to_dict("records")
    with atomic_path(path) as temp, open(temp, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def build_sample_data(folder: str | Path, rows: int = 1309, seed: int = 42) -> list[Path]:
    """Generate `rows` synthetic passengers and write every sample file into `folder`; return their paths.

    All files hold the same passengers with pids 1..rows; the Kaggle files split them
    891 : 418 (scaled to `rows`) into a labelled training file and an unlabelled test file.
    """
    frame = conform(generate(rows, seed), f"synthetic passengers (seed {seed})").frame
    folder, train = Path(folder), round(rows * KAGGLE_TRAIN_SHARE)
    write_exercise_sqlite(frame, folder / "titanic.db")
    write_titanic3_csv(frame, folder / "titanic3.csv")
    write_kaggle_csv(frame.iloc[:train], folder / "kaggle_train.csv")
    write_kaggle_csv(frame.iloc[train:], folder / "kaggle_test.csv", labelled=False)
    write_parquet(frame, folder / "passengers.parquet")
    write_duckdb(frame, folder / "warehouse.duckdb")
    write_jsonl(frame, folder / "passengers.jsonl")
    return [folder / name for name in SAMPLE_FILES]


def _schema(frame: pd.DataFrame) -> pd.DataFrame:
    """The schema's columns, in order, with whole numbers as (nullable) integers."""
    return frame[list(FIELD_NAMES)].reset_index(drop=True).assign(is_survived=_labels(frame))


def _labels(frame: pd.DataFrame) -> pd.Series:
    """The survival labels as nullable integers (empty where unknown)."""
    return pd.to_numeric(frame["is_survived"], errors="coerce").astype("Int64").reset_index(drop=True)


def _history(frame: pd.DataFrame) -> pd.DataFrame:
    """Plausible boat, body and home.dest columns, as the historical files have (the model never reads them).

    Most survivors have a lifeboat; some victims have a body number; unlabelled passengers have neither.
    """
    rng = np.random.default_rng(len(frame))
    u = rng.random((len(frame), 5))
    labels = _labels(frame)
    survived, died = (labels == 1).fillna(False).to_numpy(), (labels == 0).fillna(False).to_numpy()
    boat = np.where((survived & (u[:, 0] < 0.95)) | (died & (u[:, 0] < 0.01)), _choose(BOATS, u[:, 1]), None)
    found = died & (u[:, 2] < 0.15)
    body = pd.Series(pd.NA, index=range(len(frame)), dtype="Int64")
    body[found] = rng.permutation(2 * found.sum())[: found.sum()] + 1
    home = u[:, 3] < np.take(HOME_DEST_SHARE, frame["pclass"].to_numpy(dtype=np.int64) - 1)
    return pd.DataFrame({"boat": boat, "body": body, "home.dest": np.where(home, _choose(DESTINATIONS, u[:, 4]), None)})


def _choose(options: tuple[str, ...], u: np.ndarray) -> np.ndarray:
    """The option each uniform points at, all options equally likely."""
    return np.array(options, dtype=object)[(u * len(options)).astype(np.int64)]


def _write_csv(table: pd.DataFrame, path: str | Path) -> None:
    """Write `table` as a UTF-8 CSV file with a header row, atomically."""
    with atomic_path(path) as temp:
        table.to_csv(temp, index=False, encoding="utf-8")
