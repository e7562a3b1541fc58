"""Render a run's results: metric cards, confusion matrices, timings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cq4ds.domain import ConfusionMatrix, RunResult

METRICS = ("accuracy", "precision", "recall", "f1", "roc_auc")


def metric_cards(result: RunResult) -> None:
    """One card per test metric."""
    for column, name in zip(st.columns(len(METRICS)), METRICS, strict=True):
        column.metric(
            name.replace("_", " ").upper() if name == "roc_auc" else name.title(),
            f"{getattr(result.test.metrics, name):.3f}",
        )


def confusion_table(confusion: ConfusionMatrix) -> pd.DataFrame:
    """The confusion matrix as a labelled table (rows actual, columns predicted)."""
    rows = confusion.as_rows()
    return pd.DataFrame(
        rows, index=["actual: died", "actual: survived"], columns=["predicted: died", "predicted: survived"]
    )


def run_summary(result: RunResult) -> None:
    """Metrics, both confusion matrices, data counts and time per stage."""
    metric_cards(result)
    left, right = st.columns(2)
    left.markdown(f"**Confusion matrix, train** ({result.n_train} passengers)")
    left.dataframe(confusion_table(result.train.confusion))
    right.markdown(f"**Confusion matrix, test** ({result.n_test} passengers)")
    right.dataframe(confusion_table(result.test.confusion))
    data = result.data
    st.caption(
        f"{data.origin}: {data.rows_read} rows read, {len(data.quarantined)} quarantined, "
        f"{data.rows_after_cleaning} after cleaning. Time: "
        + ", ".join(f"{t.stage} {t.seconds * 1000:.0f} ms" for t in result.timings)
    )
