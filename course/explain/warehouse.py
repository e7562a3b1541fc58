"""Warehouse in, warehouse out: nightly batch scoring from a DuckDB table into another, all or nothing.

DuckDB stands in for BigQuery. The warehouse context reads and writes DuckDB tables; the test context
injects in-memory doubles; both run the one use case, `score_batch`. A failure can be injected into the source.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from cq4ds import contexts
from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.synthetic import generate
from cq4ds.bootstrap import Pipeline, build_pipeline
from cq4ds.columnar import LABEL
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec, ScoreResult, SinkError
from cq4ds.ports import PassengerSource
from cq4ds.usecases import Predictor, score_batch

# A process opens a DuckDB file read-only or read-write, not both: input and output are two files (two datasets).
INPUT_FILE, INPUT_TABLE = "warehouse_in.duckdb", "passengers_to_score"
OUTPUT_FILE, OUTPUT_TABLE = "warehouse_out.duckdb", "predictions"


def train_model() -> Predictor:
    """The notebook recipe trained on the bundled sample data (the production context, as configured)."""
    return contexts.production().train_and_evaluate().predictor


def passengers_to_score(rows: int, seed: int, night: int) -> pd.DataFrame:
    """Night `night`'s new passengers (pids continue from the night before), without labels: fates unknown."""
    return generate(rows, seed, start=(night - 1) * rows).drop(columns=LABEL)


def load_input(folder: Path, frame: pd.DataFrame) -> None:
    """Replace the warehouse's `passengers_to_score` table with `frame` (what an upstream job would do)."""
    with closing(duckdb.connect(str(folder / INPUT_FILE))) as db:
        db.register("incoming", frame)
        db.execute(f'CREATE OR REPLACE TABLE "{INPUT_TABLE}" AS SELECT * FROM incoming ORDER BY pid')


def warehouse_pipeline(folder: Path) -> Pipeline:
    """The notebook recipe wired to the warehouse: DuckDB table in, DuckDB table out."""
    config = load_config(NOTEBOOK_RECIPE)
    source = ComponentSpec("duckdb", {"path": str(folder / INPUT_FILE), "table": INPUT_TABLE})
    sink = ComponentSpec("duckdb", {"path": str(folder / OUTPUT_FILE), "table": OUTPUT_TABLE})
    return build_pipeline(config.with_spec("source", source).with_spec("sink", sink))


def test_pipeline(frame: pd.DataFrame, sink: InMemorySink) -> Pipeline:
    """The same recipe in the test context: the passengers held in memory, predictions kept by `sink`."""
    config = load_config(NOTEBOOK_RECIPE)
    return build_pipeline(config, source=InMemorySource.from_frame(frame), sink=sink)


class InjectedFailure(ConnectionError):
    """The failure the demo injects: the warehouse connection drops mid-way."""


@dataclass
class FlakySource:
    """A source that passes on `fail_after` chunks of another source, then fails as a dropped connection would."""

    inner: PassengerSource
    fail_after: int
    delivered_chunks: int = field(default=0, init=False)
    delivered_rows: int = field(default=0, init=False)

    def describe(self) -> str:
        """Where the records come from, for messages."""
        return self.inner.describe()

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the inner source's batches until `fail_after` are out, then raise InjectedFailure."""
        batches = self.inner.read_batches(rows)
        try:
            for batch in batches:
                if self.delivered_chunks == self.fail_after:
                    break
                yield batch
                self.delivered_chunks += 1
                self.delivered_rows += len(batch)
        finally:
            if isinstance(batches, Generator):
                batches.close()  # release the inner reader's connection now, not when it is collected
        raise InjectedFailure(f"connection to the warehouse lost after {self.delivered_chunks} chunks (injected)")


@dataclass(frozen=True)
class TableState:
    """The output table as a reader of the warehouse sees it, queried live."""

    rows: int
    content_hash: str  # md5 of every row in pid order, probabilities to 12 places ("" when there is no table)
    sample: pd.DataFrame = field(compare=False)  # equal count, hash and tables mean an equal table
    tables: tuple[str, ...] = ()  # every table in the output file: a buffer left behind would show here


def table_state(folder: Path) -> TableState:
    """Count and hash the `predictions` table, with its first five rows as a sample (read-only)."""
    path = folder / OUTPUT_FILE
    if not path.exists():
        return TableState(0, "", pd.DataFrame(), ())
    with closing(duckdb.connect(str(path), read_only=True)) as db:
        tables = tuple(row[0] for row in db.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall())
        if OUTPUT_TABLE not in tables:
            return TableState(0, "", pd.DataFrame(), tables)
        rows, digest = db.execute(
            "SELECT COUNT(*), md5(string_agg(concat_ws(':', pid, round(probability, 12), label), ',' ORDER BY pid)) "
            f'FROM "{OUTPUT_TABLE}"'
        ).fetchone()
        sample = db.execute(f'SELECT * FROM "{OUTPUT_TABLE}" ORDER BY pid LIMIT 5').df()
    return TableState(rows, (digest or "")[:12], sample, tables)


def published(folder: Path) -> pd.DataFrame:
    """Every published prediction."""
    with closing(duckdb.connect(str(folder / OUTPUT_FILE), read_only=True)) as db:
        return db.execute(f'SELECT pid, probability, label FROM "{OUTPUT_TABLE}" ORDER BY pid').df()


@dataclass(frozen=True)
class Parity:
    """The warehouse context's predictions against the test context's, on the same passengers."""

    rows: int
    same_pids: bool
    max_abs_difference: float
    same_labels: bool


def parity(warehouse: pd.DataFrame, memory: pd.DataFrame) -> Parity:
    """Compare two prediction frames row by row after sorting both by pid."""
    left, right = (frame.sort_values("pid").reset_index(drop=True) for frame in (warehouse, memory))
    same_pids = len(left) == len(right) and left["pid"].tolist() == right["pid"].tolist()
    difference = float((left["probability"] - right["probability"]).abs().max()) if same_pids else float("nan")
    same_labels = same_pids and left["label"].tolist() == right["label"].tolist()
    return Parity(len(left), same_pids, difference, same_labels)


@dataclass(frozen=True)
class Night:
    """One nightly run: what it published (or why it stopped) and the output table before and after it."""

    result: ScoreResult | None
    error: str  # the SinkError's message when the run failed
    delivered_chunks: int  # chunks that reached the sink before a failure (all of them when none was injected)
    delivered_rows: int
    before: TableState
    after: TableState


@dataclass(frozen=True)
class Scenario:
    """Two nights of scoring, and the first night's passengers scored again in the test context."""

    first: Night
    test_result: ScoreResult
    parity: Parity
    second: Night


def run_nights(
    folder: Path, model: Predictor, rows: int, seed: int, chunk_rows: int, fail_after: int | None
) -> Scenario:
    """Night 1 publishes; the test context scores the same passengers; night 2 runs, failing if asked."""
    folder.mkdir(parents=True, exist_ok=True)  # DuckDB creates files, not folders
    first_input = passengers_to_score(rows, seed, night=1)
    first = night(folder, model, first_input, chunk_rows)
    memory = InMemorySink()
    test_result = test_pipeline(first_input, memory).score(model, chunk_rows)
    matched = parity(published(folder), memory.frame_)
    second = night(folder, model, passengers_to_score(rows, seed, night=2), chunk_rows, fail_after)
    return Scenario(first, test_result, matched, second)


def night(
    folder: Path, model: Predictor, frame: pd.DataFrame, chunk_rows: int, fail_after: int | None = None
) -> Night:
    """Load `frame` into the warehouse and score it into `predictions`; `fail_after` chunks, drop the connection."""
    load_input(folder, frame)
    pipeline = warehouse_pipeline(folder)
    before = table_state(folder)
    source = pipeline.source if fail_after is None else FlakySource(pipeline.source, fail_after)
    try:
        result = score_batch(
            model, source, pipeline.sink, pipeline.engine, chunk_rows=chunk_rows, on_invalid=pipeline.config.on_invalid
        )
    except SinkError as error:
        if not isinstance(source, FlakySource):
            raise  # a real failure: the caller shows it
        return Night(None, str(error), source.delivered_chunks, source.delivered_rows, before, table_state(folder))
    return Night(result, "", result.chunks, result.rows_scored, before, table_state(folder))
