"""Every prediction sink publishes all rows or none: a failed write leaves the previous output as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from cq4ds.adapters.file_sinks import CsvSink, ParquetSink, safe_for_spreadsheets
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.table_sinks import DuckdbSink, SqliteSink
from cq4ds.domain import DataError, SinkError
from cq4ds.params import params_of, summary
from cq4ds.ports import PredictionSink

SINKS: dict[str, Callable[[Path], Any]] = {
    "csv": lambda folder: CsvSink(path=str(folder / "out" / "predictions.csv")),
    "parquet": lambda folder: ParquetSink(path=str(folder / "out" / "predictions.parquet")),
    "parquet_dataset": lambda folder: ParquetSink(path=str(folder / "out" / "predictions"), layout="dataset"),
    "sqlite": lambda folder: SqliteSink(path=str(folder / "out" / "predictions.sqlite")),
    "duckdb": lambda folder: DuckdbSink(path=str(folder / "out" / "predictions.duckdb")),
    "memory": lambda folder: InMemorySink(),
}


@pytest.fixture(params=sorted(SINKS))
def sink(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    return SINKS[request.param](tmp_path)


def predictions(rows: int, *, start: int = 0, seed: int = 0) -> pd.DataFrame:
    probability = np.random.default_rng(seed).random(rows)
    return pd.DataFrame({"pid": np.arange(start, start + rows), "probability": probability,
                         "label": (probability >= 0.5).astype("int64")})


def batches(total: int, size: int, *, seed: int = 0) -> Iterator[pd.DataFrame]:
    for start in range(0, total, size):
        yield predictions(min(size, total - start), start=start, seed=seed + start)


def interrupted(stream: Iterable[pd.DataFrame], error: BaseException, after: int = 2) -> Iterator[pd.DataFrame]:
    for position, batch in enumerate(stream):
        if position == after:
            raise error
        yield batch


def published(sink: Any) -> pd.DataFrame | None:
    """What a reader sees now, sorted by pid (None when nothing was ever published)."""
    if isinstance(sink, InMemorySink):
        return sink.frame_
    if not Path(sink.path).exists():
        return None
    if isinstance(sink, CsvSink):
        return pd.read_csv(sink.path)
    if isinstance(sink, ParquetSink):
        return pd.read_parquet(sink.path)
    query = f'SELECT * FROM "{sink.table}" ORDER BY pid'
    if isinstance(sink, SqliteSink):
        with closing(sqlite3.connect(sink.path)) as db:
            return pd.read_sql(query, db) if sink.table in tables(sink) else None
    with closing(duckdb.connect(sink.path)) as db:
        return db.execute(query).df() if sink.table in tables(sink) else None


def tables(sink: Any) -> list[str]:
    if isinstance(sink, SqliteSink):
        with closing(sqlite3.connect(sink.path)) as db:
            return sorted(row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    with closing(duckdb.connect(sink.path)) as db:
        return sorted(row[0] for row in db.execute("SELECT table_name FROM information_schema.tables").fetchall())


def snapshot(sink: Any) -> Any:
    """The published output exactly: the file's bytes, or the table's / frame's contents."""
    if isinstance(sink, (CsvSink, ParquetSink)):
        path = Path(sink.path)
        if path.is_dir():  # a dataset: every file in it, hidden ones too
            return {part.name: part.read_bytes() for part in sorted(path.iterdir())}
        return path.read_bytes() if path.exists() else None
    frame = published(sink)
    return None if frame is None else frame.to_dict("list")


def leftovers(sink: Any) -> list[str]:
    """Temporary files or buffer tables a write left behind."""
    if isinstance(sink, InMemorySink) or not Path(sink.path).parent.exists():
        return []
    if isinstance(sink, (SqliteSink, DuckdbSink)):
        return [name for name in tables(sink) if name.endswith("__buffer")] if Path(sink.path).exists() else []
    return [p.name for p in Path(sink.path).parent.iterdir() if p.name.endswith(".tmp")]


def test_each_sink_fits_the_port_and_describes_itself(sink: Any) -> None:
    assert isinstance(sink, PredictionSink)
    assert sink.describe()
    assert summary(type(sink))
    assert all(info.help for info in params_of(type(sink)))


def test_a_write_publishes_every_row_and_replaces_the_previous_output(sink: Any) -> None:
    assert sink.write(batches(30, 10, seed=1)) == 30
    assert sink.write(batches(25, 10, seed=2)) == 25
    expected = pd.concat(batches(25, 10, seed=2), ignore_index=True)
    pd.testing.assert_frame_equal(published(sink), expected, check_dtype=False)
    assert leftovers(sink) == []


def test_no_batches_publishes_an_empty_output(sink: Any) -> None:
    sink.write(batches(5, 5))
    assert sink.write([]) == 0
    assert list(published(sink).columns) == ["pid", "probability", "label"]
    assert len(published(sink)) == 0


@pytest.mark.parametrize(
    ("failure", "raised"),
    [(RuntimeError("source went away"), SinkError), (KeyboardInterrupt(), KeyboardInterrupt),
     (DataError("row 7 is broken", "fix row 7"), DataError)],
    ids=["error", "ctrl-c", "upstream-cq4ds-error"],
)
def test_an_interrupted_write_leaves_the_previous_output_identical(sink: Any, failure: Exception, raised: type) -> None:
    sink.write(batches(30, 10, seed=1))
    before = snapshot(sink)
    with pytest.raises(raised) as caught:
        sink.write(interrupted(batches(50, 10, seed=2), failure))  # fails after 2 batches
    assert snapshot(sink) == before
    assert leftovers(sink) == []
    if raised is SinkError:
        assert sink.describe() in str(caught.value) and "left intact" in str(caught.value)
        assert caught.value.__cause__ is failure


BAD_BATCHES = {
    "pid repeated across batches": [predictions(5), predictions(5, start=4)],
    "pid repeated in a batch": [predictions(5).assign(pid=[1, 2, 3, 3, 4])],
    "missing probability": [predictions(5), predictions(5, start=5).assign(probability=[0.1, None, 0.3, 0.4, 0.5])],
    "missing pid": [predictions(5).assign(pid=[1, 2, None, 4, 5])],
    "label not 0/1": [predictions(5).assign(label=[0, 1, 2, 0, 1])],
    "probability above 1": [predictions(5).assign(probability=[0.1, 1.5, 0.3, 0.4, 0.5])],
    "no label column": [predictions(5).drop(columns="label")],
}


@pytest.mark.parametrize("bad", list(BAD_BATCHES.values()), ids=list(BAD_BATCHES))
def test_invalid_predictions_are_refused_and_the_previous_output_kept(sink: Any, bad: list[pd.DataFrame]) -> None:
    sink.write(batches(30, 10, seed=1))
    before = snapshot(sink)
    with pytest.raises(SinkError, match="previous output is left intact") as caught:
        sink.write(bad)
    assert sink.describe() in str(caught.value)
    assert caught.value.fix
    assert snapshot(sink) == before
    assert leftovers(sink) == []


def test_a_failed_first_write_publishes_nothing(sink: Any) -> None:
    with pytest.raises(SinkError):
        sink.write(BAD_BATCHES["pid repeated across batches"])
    assert published(sink) is None


def test_over_100k_rows_stream_through_in_batches(sink: Any) -> None:
    assert sink.write(batches(120_000, 10_000)) == 120_000
    frame = published(sink)
    assert len(frame) == 120_000
    assert frame["pid"].is_unique


@pytest.mark.parametrize("kind", [SqliteSink, DuckdbSink])
@pytest.mark.parametrize("table", ['x"; DROP TABLE y; --', "1st", "my-table", "", "a b"])
def test_table_names_must_be_plain(tmp_path: Path, kind: type, table: str) -> None:
    sink = kind(path=str(tmp_path / "db"), table=table)
    with pytest.raises(SinkError, match="not a plain name") as caught:
        sink.write(batches(5, 5))
    assert "letters, digits and underscores" in caught.value.fix


def test_an_odd_but_plain_table_name_is_quoted(tmp_path: Path) -> None:
    sink = SqliteSink(path=str(tmp_path / "p.sqlite"), table="select")  # an SQL keyword, fine once quoted
    assert sink.write(batches(5, 5)) == 5
    assert len(published(sink)) == 5


def test_a_duckdb_reader_sees_the_old_table_or_the_new_one_never_a_partial_one(tmp_path: Path) -> None:
    sink = DuckdbSink(path=str(tmp_path / "p.duckdb"))
    sink.write(batches(30, 10, seed=1))
    with closing(duckdb.connect(sink.path)) as reader:
        def visible() -> list[tuple]:
            return reader.execute('SELECT * FROM "predictions" ORDER BY pid').fetchall()

        old = visible()
        with pytest.raises(SinkError):
            sink.write(interrupted(batches(50, 10, seed=2), RuntimeError("boom")))
        assert visible() == old
        reader.execute("BEGIN")  # a reader part-way through a transaction keeps its snapshot...
        assert visible() == old
        sink.write(batches(50, 10, seed=2))
        assert visible() == old
        reader.execute("COMMIT")  # ...and sees the whole new table afterwards
        assert len(visible()) == 50


def test_a_sqlite_reader_sees_the_old_table_until_the_new_one_is_committed(tmp_path: Path) -> None:
    sink = SqliteSink(path=str(tmp_path / "p.sqlite"))
    sink.write(batches(30, 10, seed=1))
    with closing(sqlite3.connect(sink.path)) as reader:
        old = reader.execute('SELECT * FROM "predictions" ORDER BY pid').fetchall()
        with pytest.raises(SinkError):
            sink.write(BAD_BATCHES["missing probability"])
        assert reader.execute('SELECT * FROM "predictions" ORDER BY pid').fetchall() == old
        sink.write(batches(50, 10, seed=2))
        assert reader.execute('SELECT COUNT(*) FROM "predictions"').fetchone() == (50,)


def test_the_memory_sink_keeps_the_previous_frame_object_on_failure() -> None:
    sink = InMemorySink()
    sink.write(batches(10, 5))
    before = sink.frame_
    with pytest.raises(SinkError):
        sink.write(interrupted(batches(50, 10), RuntimeError("boom")))
    assert sink.frame_ is before


def test_csv_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    frame = pd.DataFrame({"pid": [1, 2, 3], "probability": [-0.5, 0.2, 0.3],
                          "note": ["=HYPERLINK(\"http://x\")", "+1", "plain"]})
    safe = safe_for_spreadsheets(frame)
    assert safe["note"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1", "plain"]
    assert safe["probability"].tolist() == [-0.5, 0.2, 0.3]  # numbers are never touched
    assert frame["note"].iloc[1] == "+1"  # the input is not modified
