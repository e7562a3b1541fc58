"""Use case: score a source with a stored model, partition by partition, on an engine, through a sink.

The operational context. The engine (this process, or a Dask cluster) is one more port: this code reads the
same whichever runs it. A sink that can take partitions where they are scored (a Parquet dataset) has them
written there, on a worker or here, and publishes them together; any other sink receives them here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cq4ds.columnar import PREDICTION_COLUMNS, conform
from cq4ds.domain import DataReport, Part, PartitionTiming, Prediction, QuarantinedRow, ScoreResult, WrittenPart
from cq4ds.ports import Engine, PartitionedSink, PartWrite, PassengerSource, PredictionSink
from cq4ds.usecases.predictor import Predictor


@dataclass(frozen=True)
class ScoredPart:
    """One partition scored: its predictions (or the sink's note of them, once written where they were scored)."""

    predictions: pd.DataFrame | WrittenPart
    rows_read: int
    rows_scored: int
    quarantined: tuple[QuarantinedRow, ...]


@dataclass(frozen=True)
class ScorePartition:
    """The work on one partition, wherever the engine runs it: check the rows, then the predictor's one path.

    With `write` (a sink's part writer) the predictions are written there too, and only the sink's note comes back.
    """

    origin: str
    on_invalid: str
    write: PartWrite | None = None

    def __call__(self, predictor: Predictor, raw: pd.DataFrame, part: Part) -> ScoredPart:
        """Conform `raw` to the schema and predict; rows are numbered from `part.first_row` when it is known."""
        origin = self.origin if part.first_row is not None else f"{self.origin}, partition {part.index + 1}"
        checked = conform(raw, origin, on_invalid=self.on_invalid, first_row=part.first_row or 1)
        predictions = predictor.predictions(checked.frame) if len(checked.frame) else empty_predictions()
        delivered = self.write(predictions, part.index) if self.write and len(predictions) else predictions
        return ScoredPart(delivered, len(raw), len(predictions), checked.quarantined)


PartitionListener = Callable[[PartitionTiming], None]
"""Told about each partition as the sink receives it (the app's progress bar)."""


def score_batch(
    predictor: Predictor,
    source: PassengerSource,
    sink: PredictionSink,
    engine: Engine,
    *,
    chunk_rows: int = 50_000,
    on_invalid: str = "raise",
    listener: PartitionListener | None = None,
) -> ScoreResult:
    """Score every passenger of `source` in partitions of `chunk_rows`, on `engine`, into `sink`.

    Each partition takes the predictor's one path (row rules, learned cleaning, features, model), the path
    evaluation measured. The engine decides only where that runs: in this process, or on a cluster's workers.

    The sink publishes all predictions at once, or none: a failure leaves its previous output intact.
    """
    start = time.perf_counter()
    write = sink.part_writer() if isinstance(sink, PartitionedSink) else None
    step = ScorePartition(source.describe(), on_invalid, write)
    timings: list[PartitionTiming] = []
    quarantined: list[QuarantinedRow] = []

    def scored_partitions() -> Iterator[Any]:
        for done in engine.map_partitions(source, step, predictor, chunk_rows):
            scored: ScoredPart = done.value
            quarantined.extend(scored.quarantined)
            timing = PartitionTiming(done.part.index, scored.rows_read, scored.rows_scored, done.seconds, done.worker)
            timings.append(timing)
            if listener:
                listener(timing)
            if scored.rows_scored:
                yield scored.predictions

    written = sink.publish(write, scored_partitions()) if write else sink.write(scored_partitions())
    read = sum(timing.rows_read for timing in timings)
    report = DataReport(source.describe(), read, read - len(quarantined), tuple(quarantined))
    seconds = time.perf_counter() - start
    return ScoreResult(written, len(timings), seconds, sink.describe(), report, engine.describe(), tuple(timings))


def publish_predictions(predictions: tuple[Prediction, ...], sink: PredictionSink) -> int:
    """Write a run's predictions (pid, probability, label) through `sink`, all or nothing; return the row count."""
    frame = pd.DataFrame(
        {
            "pid": [p.pid for p in predictions],
            "probability": [p.probability for p in predictions],
            "label": [p.label for p in predictions],
        }
    )
    return sink.write([frame])


def empty_predictions() -> pd.DataFrame:
    """A prediction frame with no rows (a partition whose every row was set aside)."""
    return pd.DataFrame(
        {name: pd.Series(dtype="float64" if name == "probability" else "int64") for name in PREDICTION_COLUMNS}
    )
