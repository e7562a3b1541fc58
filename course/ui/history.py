"""This session's run history: a table, a chart, and a side-by-side comparison of two runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from course.ui import state
from course.ui.charts import METRICS, history_figure, metric_label
from cq4ds.domain import Metrics, PipelineConfig, RunResult

Diff = Callable[[PipelineConfig, PipelineConfig], list[str]]
PICK_A, PICK_B = "lab.history.a", "lab.history.b"


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One finished run of this session: what was composed and how well it did on the test split."""

    number: int
    label: str
    config: PipelineConfig
    metrics: Metrics
    n_train: int
    n_test: int
    seconds: float


def record_of(number: int, label: str, config: PipelineConfig, result: RunResult) -> RunRecord:
    """The history entry for `result`, the session's run number `number`."""
    seconds = sum(timing.seconds for timing in result.timings)
    return RunRecord(number, label, config, result.metrics, result.n_train, result.n_test, seconds)


def history_table(runs: list[RunRecord]) -> pd.DataFrame:
    """One row per run: its number, label, rounded test metrics, split sizes and duration."""
    rows = [
        {
            "#": run.number,
            "label": run.label,
            **{name: round(getattr(run.metrics, name), 3) for name in METRICS},
            "train": run.n_train,
            "test": run.n_test,
            "seconds": round(run.seconds, 2),
        }
        for run in runs
    ]
    return pd.DataFrame(rows, columns=["#", "label", *METRICS, "train", "test", "seconds"])


def metric_changes(a: RunRecord, b: RunRecord) -> str:
    """A markdown table of each test metric in run `a`, run `b`, and the change from a to b."""
    lines = [f"| metric | #{a.number} | #{b.number} | change |", "|---|---:|---:|---:|"]
    for name in METRICS:
        before, after = getattr(a.metrics, name), getattr(b.metrics, name)
        lines.append(f"| {metric_label(name)} | {before:.3f} | {after:.3f} | {after - before:+.3f} |")
    return "\n".join(lines)


def render_history(runs: list[RunRecord], diff: Diff) -> None:
    """The history table and chart, then what changed between two runs the user picks."""
    if not runs:
        st.info("No runs yet: run a composition and it will appear here.")
        return
    st.dataframe(history_table(runs), hide_index=True)
    # theme=None: the figure carries its own style (see course.ui.charts), so Streamlit should not restyle it.
    st.plotly_chart(history_figure(runs), config={"displaylogo": False}, theme=None, key="lab.history.chart")
    if len(runs) < 2:
        st.info("Run a second composition to compare two runs.")
        return
    _compare(runs, diff)


def _follow_latest(numbers: list[int]) -> None:
    """Point both pickers at the last two runs whenever a new run arrives; otherwise keep the user's picks."""
    if state.get("history.latest") != numbers[-1]:
        st.session_state[PICK_A], st.session_state[PICK_B] = numbers[-2], numbers[-1]
        state.put("history.latest", numbers[-1])


def _compare(runs: list[RunRecord], diff: Diff) -> None:
    """Two run pickers (the last two runs by default) and the differences between the picked runs."""
    by_number = {run.number: run for run in runs}

    def name(number: int) -> str:
        """How a run is shown in the pickers."""
        return f"#{number} {by_number[number].label}"

    st.subheader("Compare two runs")
    left, right = st.columns(2)
    numbers = list(by_number)
    _follow_latest(numbers)
    a = by_number[left.selectbox("Run A", numbers, format_func=name, key=PICK_A)]
    b = by_number[right.selectbox("Run B", numbers, format_func=name, key=PICK_B)]
    changes = diff(a.config, b.config)
    left.markdown(f"**Composition, #{a.number} → #{b.number}**")
    if changes:
        left.markdown("\n".join(f"- {line}" for line in changes))
    else:
        left.markdown("The two compositions are identical.")
    right.markdown(f"**Test metrics, #{a.number} → #{b.number}**")
    right.markdown(metric_changes(a, b))
