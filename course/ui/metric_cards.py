"""The Lab's metric cards: the test metrics, and accuracy on the training and test rows side by side, with the gap.

The gap is how over-fitting shows: a model that learns its training rows by heart scores far better on
them than on passengers it never saw. Each card's delta is the change since the run shown before.
"""

from __future__ import annotations

import streamlit as st

from course.ui import charts
from cq4ds.domain import RunResult

METRICS = charts.METRICS


def _delta(value: float, before: float | None) -> str | None:
    """The change since the previous run, rounded as shown; None when there is none to show."""
    if before is None or round(value - before, 3) == 0:
        return None
    return f"{value - before:+.3f}"


def gap(result: RunResult) -> float:
    """Train accuracy minus test accuracy: how much better the model does on the rows it learned from."""
    return result.train.metrics.accuracy - result.test.metrics.accuracy


def show(result: RunResult, before: RunResult | None) -> None:
    """Test metrics in one row; train accuracy, test accuracy and their gap in the next."""
    for column, name in zip(st.columns(len(METRICS)), METRICS, strict=True):
        value = getattr(result.test.metrics, name)
        previous = None if before is None else getattr(before.test.metrics, name)
        column.metric(charts.metric_label(name), f"{value:.3f}", _delta(value, previous))
    st.markdown("**Accuracy on the rows it learned from, and on rows it never saw**")
    train, test, gap_card, note = st.columns([1, 1, 1, 2])
    train_value, test_value = result.train.metrics.accuracy, result.test.metrics.accuracy
    train.metric("Train", f"{train_value:.3f}", _delta(train_value, before and before.train.metrics.accuracy))
    test.metric("Test", f"{test_value:.3f}", _delta(test_value, before and before.test.metrics.accuracy))
    gap_card.metric(
        "Gap (train − test)",
        f"{gap(result):+.3f}",
        _delta(gap(result), None if before is None else gap(before)),
        delta_color="inverse",  # a growing gap is the bad direction
        help="Train accuracy minus test accuracy",
    )
    note.caption(
        f"Trained on {result.n_train} passengers, tested on {result.n_test} it never saw. When a more complex "
        "model (a deeper tree, more trees) raises train accuracy while test accuracy stalls or falls, the gap "
        "grows: the model is learning its training rows by heart (over-fitting)."
    )
