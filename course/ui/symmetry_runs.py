"""The EOS page's runs: both contexts trained on the same passengers, and their load stage timed, side by side.

Each setting runs once on this server and every session is shown that run; the core and the wiring are in `symmetry`.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from course.explain import symmetry_runs
from course.explain.symmetry_runs import Comparison
from course.ui import charts, notices
from course.ui.symmetry import CONTEXTS
from cq4ds.domain import Cq4dsError, StageTiming

KEY = "eos"
PLOT = {"config": {"displaylogo": False}, "theme": None}
COLOURS = ("#2ca02c", "#1f77b4")
RUN_ROWS = (500, 1_000, 2_000, 4_000)
LOAD_ROWS = (2_000, 10_000, 50_000, 100_000, 200_000)


@st.cache_data(show_spinner=False, max_entries=16)
def compared(rows: int, seed: int) -> Comparison:
    """Both contexts trained on the same generated passengers, measured once on this server per setting.

    Every input follows from (rows, seed), so the answer is the same for every session: a room opening
    the page at once waits for one run, not thirty. Each caller gets its own copy. The production
    context's SQLite file lives in a temporary folder for the run only.
    """
    with tempfile.TemporaryDirectory(prefix="cq4ds-eos-") as folder:
        return symmetry_runs.compare_runs(Path(folder), rows, seed)


@st.cache_data(show_spinner=False, max_entries=16)
def load_timings(rows: int, seed: int) -> tuple[StageTiming, StageTiming]:
    """The load stage of both contexts on `rows` generated passengers (median of 3), measured as `compared` is."""
    with tempfile.TemporaryDirectory(prefix="cq4ds-eos-") as folder:
        testing, production = symmetry_runs.both_contexts(Path(folder), rows, seed)
        return symmetry_runs.load_timing(testing), symmetry_runs.load_timing(production)


def run_controls() -> tuple[int, int]:
    """How many generated passengers both contexts run on, and their seed."""
    left, right = st.columns(2)
    rows = left.select_slider("Passengers in both runs", RUN_ROWS, value=1_000, key=f"{KEY}.rows")
    seed = right.number_input("Seed of the generated passengers", 0, 10_000, 7, key=f"{KEY}.seed")
    return rows, int(seed)


def same_answers(rows: int, seed: int) -> None:
    """Train and evaluate in both contexts on the same passengers, and compare what came out."""
    try:
        with st.spinner("Training in both contexts…"):
            runs = compared(rows, seed)
    except Cq4dsError as error:
        notices.error(error)
        return
    cards = st.columns(3)
    cards[0].metric("Same held-out passengers", "yes" if runs.same_pids else "no")
    cards[1].metric("Largest probability difference", f"{runs.max_difference:g}")
    cards[2].metric("Metrics equal", "yes" if runs.testing.metrics == runs.production.metrics else "no")
    metrics = pd.DataFrame([asdict(runs.testing.metrics), asdict(runs.production.metrics)], index=list(CONTEXTS)).T
    left, right = st.columns([2, 3])
    left.dataframe(metrics.rename(index=charts.metric_label).round(4), width="stretch")
    left.caption(
        f"{len(runs.testing.test_predictions)} held-out passengers compared one by one. After the load stage both "
        "contexts run the same code, so any gap in those bars is the machine's noise, not the code."
    )
    timings = (runs.testing_timings, runs.production_timings)
    right.plotly_chart(stage_figure(timings, "Time per stage (median of 3 runs)"), **PLOT, key=f"{KEY}.stages")


def load_at_scale(seed: int) -> None:
    """The load stage of both contexts on many passengers: the in-memory double against the SQLite read."""
    rows = st.select_slider("Passengers to load", LOAD_ROWS, value=10_000, key=f"{KEY}.load_rows")
    try:
        with st.spinner(f"Writing {rows:,} passengers to SQLite and timing both loads…"):
            loads = load_timings(rows, seed)
    except Cq4dsError as error:
        notices.error(error)
        return
    figure = stage_figure(tuple((timing,) for timing in loads), f"Load stage, {rows:,} passengers (median of 3)")
    st.plotly_chart(figure, **PLOT, key=f"{KEY}.loads")
    ratio = loads[1].seconds / max(loads[0].seconds, 1e-9)
    st.caption(f"The production context's SQLite read takes {ratio:.1f}× as long as the test context's memory read.")


def stage_figure(timings: tuple[tuple[StageTiming, ...], ...], title: str) -> go.Figure:
    """Milliseconds per stage, one bar colour per context."""
    figure = go.Figure()
    for name, colour, stages in zip(CONTEXTS, COLOURS, timings, strict=True):
        milliseconds = [t.seconds * 1000 for t in stages]
        figure.add_bar(
            x=milliseconds,
            y=[t.stage for t in stages],
            orientation="h",
            name=name,
            marker_color=colour,
            text=[f"{ms:,.0f} ms" for ms in milliseconds],
            textposition="auto",
            hovertemplate=f"{name}, %{{y}}: %{{x:,.1f}} ms<extra></extra>",
        )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="milliseconds")
    figure.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}},
        template="plotly_white",
        font={"family": charts.FONT, "size": 13},
        height=120 + 45 * len(timings[0]),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        barmode="group",
        legend={"orientation": "h", "y": -0.25},
    )
    return figure
