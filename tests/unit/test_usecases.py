"""The use cases run on in-memory adapters: fast, and with no file or database involved."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cq4ds.adapters.in_process_engine import InProcessEngine
from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.synthetic import generate
from cq4ds.columnar import conform
from cq4ds.domain import ComponentSpec, DataError, InvalidPassengerError
from cq4ds.registry import Registry
from cq4ds.usecases import load_passengers, score_batch, train_and_evaluate, training
from cq4ds.usecases.training import READ_ROWS

REGISTRY = Registry()


def parts(**kinds):
    chosen = {
        "cleaning": "keep",
        "features": "notebook",
        "model": "logistic_regression",
        "split": "stratified_holdout",
        **kinds,
    }
    return [REGISTRY.create(port, ComponentSpec(kind)) for port, kind in chosen.items()]


def test_train_and_evaluate_returns_a_typed_result():
    source = InMemorySource.from_frame(generate(500, seed=1))
    stages = []
    trained = train_and_evaluate(source, *parts(), listener=lambda stage, n, total: stages.append((stage, n, total)))
    result = trained.result
    assert stages == [("load", 1, 5), ("clean", 2, 5), ("split", 3, 5), ("train", 4, 5), ("evaluate", 5, 5)]
    assert (result.n_train, result.n_test) == (400, 100)
    assert 0.6 < result.metrics.accuracy <= 1.0
    cm = result.test.confusion
    assert cm.tn + cm.fp + cm.fn + cm.tp == 100
    assert len(result.feature_weights) == len(trained.predictor.features.feature_names())
    assert [t.stage for t in result.timings] == ["load", "clean", "split", "train", "evaluate"]
    assert len(result.test_predictions) == 100


def test_swapping_the_model_changes_the_result_and_nothing_else():
    frame = generate(500, seed=1)
    lr = train_and_evaluate(InMemorySource.from_frame(frame), *parts()).result
    rf = train_and_evaluate(InMemorySource.from_frame(frame), *parts(model="random_forest")).result
    assert lr.metrics != rf.metrics
    assert lr.n_test == rf.n_test and lr.data == rf.data


def test_invalid_rows_are_quarantined_and_counted():
    frame = generate(300, seed=2)
    frame.loc[5, "age"] = -4
    frame.loc[9, "sex"] = "unknown"
    with pytest.raises(InvalidPassengerError, match="row 6"):
        train_and_evaluate(InMemorySource.from_frame(frame), *parts())
    result = train_and_evaluate(InMemorySource.from_frame(frame), *parts(), on_invalid="quarantine").result
    assert [(q.row, q.column) for q in result.data.quarantined] == [(6, "age"), (10, "sex")]
    assert result.data.rows_read == 300 and result.n_train + result.n_test == 298


def test_too_few_labelled_passengers_is_a_clear_error():
    frame = generate(300, seed=2).assign(is_survived=None)
    with pytest.raises(DataError, match="only 0 passengers with a known outcome"):
        train_and_evaluate(InMemorySource.from_frame(frame), *parts())


def test_score_batch_streams_chunks_into_the_sink():
    trained = train_and_evaluate(InMemorySource.from_frame(generate(400, seed=4)), *parts())
    unlabelled = generate(1000, seed=5).assign(is_survived=None)
    sink = InMemorySink()
    result = score_batch(
        trained.predictor, InMemorySource.from_frame(unlabelled), sink, InProcessEngine(), chunk_rows=300
    )
    assert (result.rows_scored, result.chunks) == (1000, 4)
    assert list(sink.frame_.columns) == ["pid", "probability", "label"]
    expected = trained.predictor.predictions(conform(unlabelled, "all at once").frame)
    pd.testing.assert_series_equal(sink.frame_["probability"], expected["probability"], check_names=False)


@pytest.mark.parametrize("rows", [5, 60, 5_000])
def test_evaluation_agrees_with_scikit_learns_metric_functions(rows):
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score

    from cq4ds.usecases.evaluation import evaluate

    rng = np.random.default_rng(rows)
    labels, probability = rng.integers(0, 2, rows), rng.random(rows)
    predicted = (probability >= 0.5).astype(int)
    metrics = evaluate(labels, probability).metrics
    expected = (
        accuracy_score(labels, predicted),
        precision_score(labels, predicted, zero_division=0),
        recall_score(labels, predicted, zero_division=0),
        f1_score(labels, predicted, zero_division=0),
        roc_auc_score(labels, probability),
    )
    got = (metrics.accuracy, metrics.precision, metrics.recall, metrics.f1, metrics.roc_auc)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


class _Counting:
    """An in-memory source that counts the rows it handed out and whether the reader closed it."""

    def __init__(self, rows: int) -> None:
        self.inner = InMemorySource.from_frame(generate(rows, seed=6))
        self.pulled, self.sizes, self.closed = 0, [], False

    def describe(self) -> str:
        return "counting source"

    def read_batches(self, rows):
        self.sizes.append(rows)
        try:
            for batch in self.inner.read_batches(rows):
                self.pulled += len(batch)
                yield batch
        finally:
            self.closed = True


def test_load_passengers_stops_reading_one_row_past_max_rows():
    source = _Counting(5_000)
    with pytest.raises(DataError) as error:
        load_passengers(source, max_rows=300)
    assert str(error.value) == (
        "counting source holds more than 300 passengers. Fix: this run reads at most 300: use a smaller file "
        "(a sample of it), or train on the whole file from the command line with `python -m cq4ds run`"
    )
    assert (source.sizes, source.pulled, source.closed) == ([301], 301, True)


def test_load_passengers_reads_a_source_of_exactly_max_rows_and_everything_without_a_cap():
    at_cap = _Counting(300)
    assert load_passengers(at_cap, max_rows=300).report.rows_read == 300
    uncapped = _Counting(5_000)
    loaded = load_passengers(uncapped)
    assert (len(loaded.frame), uncapped.pulled, uncapped.sizes) == (5_000, 5_000, [READ_ROWS])


def test_a_cap_above_the_batch_size_reads_in_ordinary_batches(monkeypatch):
    monkeypatch.setattr(training, "READ_ROWS", 1_000)
    source = _Counting(5_000)
    with pytest.raises(DataError, match="more than 2,500 passengers"):
        load_passengers(source, max_rows=2_500)
    assert (source.sizes, source.pulled) == ([1_000], 3_000)
