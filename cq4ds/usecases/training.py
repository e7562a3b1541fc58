"""Use case: train a survival model and evaluate it on held-out passengers (the experiment context)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cq4ds.columnar import LABEL, conform, duplicated_pids, labelled
from cq4ds.domain import DataError, DataReport, FeatureWeight, Prediction, RunResult
from cq4ds.ports import Cleaning, Features, Model, PassengerSource, Split
from cq4ds.usecases.evaluation import evaluate
from cq4ds.usecases.predictor import Predictor
from cq4ds.usecases.timing import StageClock, StageListener

STAGES = ("load", "clean", "split", "train", "evaluate")
READ_ROWS = 100_000
MIN_LABELLED = 20


@dataclass(frozen=True)
class TrainedRun:
    """The trained predictor and what its run measured."""

    predictor: Predictor
    result: RunResult


@dataclass(frozen=True)
class LoadedPassengers:
    """Every checked record of a source, and the report of what was read and set aside."""

    frame: pd.DataFrame
    report: DataReport


def load_passengers(
    source: PassengerSource, on_invalid: str = "raise", max_rows: int | None = None
) -> LoadedPassengers:
    """Read and check every record of `source` (the load stage, usable on its own for caching).

    `max_rows` bounds the work: reading stops as soon as the source has given more records than that.

    Raises:
        DataError: the source is unreadable, breaks the schema, or holds more than `max_rows` records.
    """
    return LoadedPassengers(*read_all(source, on_invalid, max_rows))


def read_all(source: PassengerSource, on_invalid: str, max_rows: int | None = None) -> tuple[pd.DataFrame, DataReport]:
    """Read and check every record of `source`, refusing it as soon as it gives more than `max_rows`.

    With a cap, batches of `max_rows + 1` are asked for: a source that builds SQL then bounds its first
    query with `LIMIT`, and one batch is enough to tell that a source holds too many records.
    """
    frames, quarantined, first_row = [], [], 1
    batches = source.read_batches(READ_ROWS if max_rows is None else min(READ_ROWS, max_rows + 1))
    try:
        for raw in batches:
            if max_rows is not None and first_row - 1 + len(raw) > max_rows:
                raise DataError(
                    f"{source.describe()} holds more than {max_rows:,} passengers",
                    f"this run reads at most {max_rows:,}: use a smaller file (a sample of it), "
                    "or train on the whole file from the command line with `python -m cq4ds run`",
                )
            checked = conform(raw, source.describe(), on_invalid=on_invalid, first_row=first_row)
            frames.append(checked.frame)
            quarantined.extend(checked.quarantined)
            first_row += len(raw)
    finally:
        getattr(batches, "close", lambda: None)()  # a generator source closes its file or database now
    if not frames:
        raise DataError(f"{source.describe()} holds no passengers", "choose a source with at least one row")
    frame = pd.concat(frames, ignore_index=True)
    return frame, DataReport(source.describe(), first_row - 1, len(frame), tuple(quarantined))


def _labelled_rows(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    rows = labelled(frame)
    if len(rows) < MIN_LABELLED or rows[LABEL].nunique() < 2:
        raise DataError(
            f"{origin}: only {len(rows)} passengers with a known outcome ({rows[LABEL].nunique()} kind(s) of outcome)",
            f"training needs at least {MIN_LABELLED} labelled passengers, both survivors and victims",
        )
    return rows


def train_and_evaluate(
    source: PassengerSource,
    cleaning: Cleaning,
    features: Features,
    model: Model,
    split: Split,
    *,
    on_invalid: str = "raise",
    listener: StageListener | None = None,
    preloaded: LoadedPassengers | None = None,
) -> TrainedRun:
    """Load, clean, split, train and evaluate; every collaborator is injected.

    Row rules run on every row before the split (they learn nothing); everything that learns is fitted
    on the training rows inside the predictor, and the test rows are scored by the predictor's one path.
    `preloaded` is what `load_passengers(source, on_invalid)` returned earlier: pass it to skip reading again.

    Raises:
        DataError: the source is unreadable, breaks the schema, or has too few labelled passengers.
    """
    clock = StageClock(STAGES, listener)
    with clock.stage("load"):
        loaded = preloaded or load_passengers(source, on_invalid)
        frame, report = loaded.frame, loaded.report
    with clock.stage("clean"):
        cleaned = duplicated_pids(cleaning.apply_rules(frame), report.origin, on_invalid=on_invalid)
        report = DataReport(
            report.origin, report.rows_read, len(cleaned.frame), report.quarantined + cleaned.quarantined
        )
        rows = _labelled_rows(cleaned.frame, report.origin)
    with clock.stage("split"):
        train_at, test_at = split.split(rows[LABEL].tolist())
        train, test = rows.iloc[train_at], rows.iloc[test_at]
    with clock.stage("train"):
        predictor = Predictor(cleaning, features, model)
        train_predictions = predictor.fit(train, cleaned.frame.drop(columns=LABEL))
    with clock.stage("evaluate"):
        test_predictions = predictor.predictions(test)
        train_eval = evaluate(_actual(train, train_predictions), train_predictions["probability"].to_numpy())
        test_eval = evaluate(_actual(test, test_predictions), test_predictions["probability"].to_numpy())
    return TrainedRun(
        predictor,
        RunResult(
            train=train_eval,
            test=test_eval,
            data=report,
            n_train=len(train),
            n_test=len(test),
            feature_weights=_weights(predictor),
            timings=tuple(clock.timings),
            test_predictions=_predictions(test_predictions, _actual(test, test_predictions)),
        ),
    )


def _actual(rows: pd.DataFrame, predictions: pd.DataFrame) -> np.ndarray:
    """The true outcome of each predicted passenger, in the predictions' order (pids are unique here)."""
    return rows.set_index("pid")[LABEL].reindex(predictions["pid"]).to_numpy().astype("int64")


def _weights(predictor: Predictor) -> tuple[FeatureWeight, ...]:
    weights = predictor.model.weights()
    if weights is None:
        return ()
    names = predictor.features.feature_names()
    return tuple(FeatureWeight(n, float(w)) for n, w in zip(names, weights, strict=True))


def _predictions(predictions: pd.DataFrame, actual: np.ndarray) -> tuple[Prediction, ...]:
    return tuple(
        Prediction(int(pid), float(p), int(label), int(outcome))
        for pid, p, label, outcome in zip(
            predictions["pid"], predictions["probability"], predictions["label"], actual, strict=True
        )
    )
