"""The chart builders turn domain results into plotly figures that show exactly those results."""

from __future__ import annotations

import pytest

from course.ui.charts import (
    METRICS,
    confusion_figure,
    history_figure,
    roc_figure,
    timings_figure,
    weights_figure,
)
from course.ui.history import RunRecord
from cq4ds.config_file import default_config
from cq4ds.domain import ComponentSpec, ConfusionMatrix, Evaluation, FeatureWeight, Metrics, StageTiming

CONFIG = default_config(ComponentSpec("synthetic"))


def evaluation(auc: float, fpr: tuple[float, ...], tpr: tuple[float, ...]) -> Evaluation:
    """An evaluation with the given ROC curve and AUC."""
    return Evaluation(Metrics(0.8, 0.7, 0.6, 0.65, auc), ConfusionMatrix(50, 10, 12, 28), fpr, tpr)


def record(number: int, accuracy: float) -> RunRecord:
    """A run whose metrics all derive from `accuracy`."""
    metrics = Metrics(accuracy, accuracy - 0.1, accuracy - 0.2, accuracy - 0.15, accuracy + 0.05)
    return RunRecord(number, f"run {number}", CONFIG, metrics, 400, 100, 1.5)


def test_every_figure_shares_the_look():
    figures = [
        confusion_figure(ConfusionMatrix(1, 2, 3, 4), "Test"),
        roc_figure(evaluation(0.9, (0, 1), (0, 1)), evaluation(0.8, (0, 1), (0, 1))),
        weights_figure((FeatureWeight("age", 0.3),)),
        timings_figure((StageTiming("load", 0.1),)),
        history_figure([record(1, 0.8)]),
    ]
    for figure in figures:
        assert figure.layout.template.layout.paper_bgcolor == "white"
        assert figure.layout.font.family.startswith("Source Sans Pro")
        assert figure.layout.title.text


def test_the_confusion_heatmap_shows_the_matrix_with_row_percentages():
    figure = confusion_figure(ConfusionMatrix(tn=90, fp=10, fn=25, tp=75), "Confusion, test")
    (heatmap,) = figure.data
    assert [list(row) for row in heatmap.z] == [[90, 10], [25, 75]]
    assert list(heatmap.y) == ["died", "survived"] and figure.layout.yaxis.title.text == "actual"
    assert list(heatmap.x) == ["died", "survived"] and figure.layout.xaxis.title.text == "predicted"
    assert [list(row) for row in heatmap.text] == [["90<br>90%", "10<br>10%"], ["25<br>25%", "75<br>75%"]]
    assert figure.layout.title.text == "Confusion, test"
    assert figure.layout.height == 280


def test_an_empty_confusion_row_shows_zero_percent():
    (heatmap,) = confusion_figure(ConfusionMatrix(0, 0, 3, 1), "Test").data
    assert list(heatmap.text[0]) == ["0<br>0%", "0<br>0%"]


def test_the_roc_figure_draws_both_curves_and_the_chance_line():
    train = evaluation(0.91, (0.0, 0.2, 1.0), (0.0, 0.8, 1.0))
    test = evaluation(0.85, (0.0, 0.3, 0.6, 1.0), (0.0, 0.6, 0.9, 1.0))
    figure = roc_figure(train, test)
    train_curve, test_curve, chance = figure.data
    assert (train_curve.x, train_curve.y) == (train.roc_fpr, train.roc_tpr)
    assert (test_curve.x, test_curve.y) == (test.roc_fpr, test.roc_tpr)
    assert train_curve.name == "train (AUC 0.910)" and test_curve.name == "test (AUC 0.850)"
    assert train_curve.line.dash == "dash" and test_curve.line.dash == "solid"
    assert (list(chance.x), list(chance.y)) == ([0, 1], [0, 1])


WEIGHTS = (
    FeatureWeight("age", 0.1),
    FeatureWeight("sex=female", 1.2),
    FeatureWeight("pclass", -0.9),
    FeatureWeight("fare", 0.05),
    FeatureWeight("is_alone", -0.3),
)


def test_weights_are_sorted_by_magnitude_and_limited_to_the_top():
    (bars,) = weights_figure(WEIGHTS, top=3).data
    assert list(bars.y) == ["sex=female", "pclass", "is_alone"]
    assert list(bars.x) == [1.2, -0.9, -0.3]


def test_coefficients_are_coloured_by_sign():
    figure = weights_figure(WEIGHTS)
    colours = list(figure.data[0].marker.color)
    assert len(colours) == len(WEIGHTS)
    assert colours[0] != colours[1]  # sex=female raises the odds, pclass lowers them
    assert "coefficients" in figure.layout.title.text


def test_non_negative_weights_are_importances():
    figure = weights_figure(tuple(FeatureWeight(w.feature, abs(w.weight)) for w in WEIGHTS))
    assert "importances" in figure.layout.title.text


def test_timings_are_milliseconds_in_stage_order():
    timings = (StageTiming("load", 0.09), StageTiming("clean", 0.001), StageTiming("train", 0.4))
    (bars,) = timings_figure(timings).data
    assert list(bars.y) == ["load", "clean", "train"]
    assert list(bars.x) == pytest.approx([90, 1, 400])


def test_the_history_has_one_line_per_metric_and_one_point_per_run():
    runs = [record(1, 0.78), record(2, 0.81), record(3, 0.80)]
    figure = history_figure(runs)
    assert [trace.name for trace in figure.data] == ["Accuracy", "Precision", "Recall", "F1", "ROC AUC"]
    for name, trace in zip(METRICS, figure.data, strict=True):
        assert list(trace.x) == ["#1", "#2", "#3"]
        assert list(trace.y) == [getattr(run.metrics, name) for run in runs]
        assert list(trace.customdata) == ["run 1", "run 2", "run 3"]
