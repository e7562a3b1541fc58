"""Use case: score a source with a stored model, chunk by chunk, through a sink (the operational context)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pandas as pd

from cq4ds.columnar import conform
from cq4ds.domain import DataReport, Prediction, ScoreResult
from cq4ds.ports import PassengerSource, PredictionSink
from cq4ds.usecases.predictor import Predictor


def score_batch(
    predictor: Predictor,
    source: PassengerSource,
    sink: PredictionSink,
    *,
    chunk_rows: int = 50_000,
    on_invalid: str = "raise",
) -> ScoreResult:
    """Score every passenger of `source` in chunks of `chunk_rows`, so memory stays bounded.

    Each chunk takes the predictor's one path (row rules, learned cleaning, features, model), the path
    evaluation measured.

    The sink publishes all predictions at once, or none: a failure leaves its previous output intact.
    """
    start = time.perf_counter()
    counts = {"read": 0, "chunks": 0}
    quarantined: list = []

    def scored_chunks() -> Iterator[pd.DataFrame]:
        for raw in source.read_batches(chunk_rows):
            checked = conform(raw, source.describe(), on_invalid=on_invalid, first_row=counts["read"] + 1)
            counts["read"] += len(raw)
            counts["chunks"] += 1
            quarantined.extend(checked.quarantined)
            if len(checked.frame):
                yield predictor.predictions(checked.frame)

    written = sink.write(scored_chunks())
    report = DataReport(source.describe(), counts["read"], counts["read"] - len(quarantined), tuple(quarantined))
    return ScoreResult(written, counts["chunks"], time.perf_counter() - start, sink.describe(), report)


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
