"""Use case: train a survival model and evaluate it on held-out passengers (the experiment context)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cq4ds.columnar import LABEL, conform, duplicated_pids, labelled
from cq4ds.domain import DataError, DataReport, FeatureWeight, Prediction, RunResult
from cq4ds.ports import Classifier, Cleaner, FeatureBuilder, PassengerSource, Splitter
from cq4ds.usecases.evaluation import evaluate
from cq4ds.usecases.survival_model import SurvivalModel
from cq4ds.usecases.timing import StageClock, StageListener

STAGES = ("load", "clean", "split", "train", "evaluate")
READ_ROWS = 100_000
MIN_LABELLED = 20


@dataclass(frozen=True)
class TrainedRun:
    """The trained model and what its run measured."""

    model: SurvivalModel
    result: RunResult


@dataclass(frozen=True)
class LoadedPassengers:
    """Every checked record of a source, and the report of what was read and set aside."""

    frame: pd.DataFrame
    report: DataReport


def load_passengers(source: PassengerSource, on_invalid: str = "raise") -> LoadedPassengers:
    """Read and check every record of `source` (the load stage, usable on its own for caching)."""
    return LoadedPassengers(*read_all(source, on_invalid))


def read_all(source: PassengerSource, on_invalid: str) -> tuple[pd.DataFrame, DataReport]:
    """Read and check every record of `source`."""
    frames, quarantined, first_row = [], [], 1
    for raw in source.read_batches(READ_ROWS):
        checked = conform(raw, source.describe(), on_invalid=on_invalid, first_row=first_row)
        frames.append(checked.frame)
        quarantined.extend(checked.quarantined)
        first_row += len(raw)
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
    cleaner: Cleaner,
    features: FeatureBuilder,
    classifier: Classifier,
    splitter: Splitter,
    *,
    on_invalid: str = "raise",
    listener: StageListener | None = None,
    preloaded: LoadedPassengers | None = None,
) -> TrainedRun:
    """Load, clean, split, train and evaluate; every collaborator is injected.

    `preloaded` is what `load_passengers(source, on_invalid)` returned earlier: pass it to skip reading again.

    Raises:
        DataError: the source is unreadable, breaks the schema, or has too few labelled passengers.
    """
    clock = StageClock(STAGES, listener)
    with clock.stage("load"):
        loaded = preloaded or load_passengers(source, on_invalid)
        frame, report = loaded.frame, loaded.report
    with clock.stage("clean"):
        cleaned = duplicated_pids(frame.pipe(cleaner), report.origin, on_invalid=on_invalid)
        report = DataReport(
            report.origin, report.rows_read, len(cleaned.frame), report.quarantined + cleaned.quarantined
        )
        rows = _labelled_rows(cleaned.frame, report.origin)
    with clock.stage("split"):
        train_at, test_at = splitter.split(rows[LABEL].tolist())
        train, test = rows.iloc[train_at], rows.iloc[test_at]
    with clock.stage("train"):
        model = SurvivalModel(features, classifier).train(train, cleaned.frame.drop(columns=LABEL))
    with clock.stage("evaluate"):
        train_eval = evaluate(train[LABEL].to_numpy(), model.survival_probability(train))
        test_probability = model.survival_probability(test)
        test_eval = evaluate(test[LABEL].to_numpy(), test_probability)
    return TrainedRun(
        model,
        RunResult(
            train=train_eval,
            test=test_eval,
            data=report,
            n_train=len(train),
            n_test=len(test),
            feature_weights=_weights(model),
            timings=tuple(clock.timings),
            test_predictions=_predictions(test, test_probability, model.threshold),
        ),
    )


def _weights(model: SurvivalModel) -> tuple[FeatureWeight, ...]:
    weights = model.classifier.weights()
    if weights is None:
        return ()
    return tuple(FeatureWeight(n, float(w)) for n, w in zip(model.features.feature_names(), weights, strict=True))


def _predictions(test: pd.DataFrame, probability: np.ndarray, threshold: float) -> tuple[Prediction, ...]:
    return tuple(
        Prediction(int(pid), float(p), int(p >= threshold), int(actual))
        for pid, p, actual in zip(test["pid"], probability, test[LABEL], strict=True)
    )
