"""The EOS page's pieces: the core shared by both contexts, the wiring that differs, and both run side by side."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from course.explain import doubles, skew, symmetry, symmetry_runs
from course.explain.symmetry import CORE_PORTS
from course.explain.symmetry_runs import Comparison
from course.ui import charts, notices
from cq4ds import contexts
from cq4ds.bootstrap import build_pipeline
from cq4ds.domain import Cq4dsError, StageTiming
from cq4ds.usecases import train_and_evaluate

KEY = "eos"
PLOT = {"config": {"displaylogo": False}, "theme": None}
CONTEXTS = ("test context", "production context")
COLOURS = ("#2ca02c", "#1f77b4")
RUN_ROWS = (500, 1_000, 2_000, 4_000)
LOAD_ROWS = (2_000, 10_000, 50_000, 100_000, 200_000)


def core_and_wiring() -> None:
    """What fills each port in both contexts, and the hash of the core code each one runs."""
    testing, production = contexts.testing(), contexts.production()
    rows = [
        {
            "port": a.port,
            "role": "core" if a.port in CORE_PORTS else "wiring",
            CONTEXTS[0]: f"{a.cls} ({a.module})",
            CONTEXTS[1]: f"{b.cls} ({b.module})",
        }
        for a, b in zip(symmetry.parts(testing), symmetry.parts(production), strict=True)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    cores = symmetry.core_of(testing), symmetry.core_of(production)
    for column, name, core in zip(st.columns(2), CONTEXTS, cores, strict=True):
        column.metric(f"Core code of the {name} (sha256)", core.digest[:16], help=core.digest)
        column.caption(f"{len(core.modules)} modules, {core.lines:,} lines, hashed from the files just now.")
    if cores[0] == cores[1]:
        st.success("Identical: both contexts run the same core files, byte for byte.")
    else:
        st.error("The contexts run different core code.")
    with st.expander(f"The {len(cores[0].modules)} core modules: the use cases, the core components, all they import"):
        st.markdown("\n".join(f"- `{module}`" for module in cores[0].modules))


def wiring_code() -> None:
    """The two context functions as they are in the package, what each injects, and the diff between them."""
    testing, production = symmetry.context_sources()
    st.markdown("**`cq4ds.contexts.testing`**, read with `inspect.getsource`")
    st.code(testing, language="python")
    st.markdown("**`cq4ds.contexts.production`**")
    st.code(production, language="python")
    st.markdown("**What each passes to `build_pipeline`**, read from the two functions' code with `ast`")
    table = pd.DataFrame(symmetry.injections(), columns=["argument", *CONTEXTS])
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown("**The unified diff**, computed with `difflib`")
    st.code(symmetry.wiring_diff(), language="diff", wrap_lines=True)


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


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The package code this page is about."""
    return (
        contexts.testing,
        contexts.recorded,
        contexts.record,
        contexts.production,
        build_pipeline,
        train_and_evaluate,
    )


@st.cache_data(show_spinner="Training the lesson's recipe both ways…")
def _skew() -> tuple[dict[str, Any], dict[str, Any]]:
    """The lesson's two measurements as plain data (deterministic: computed once per server and shared)."""
    old, new = skew.measure()
    return asdict(old), asdict(new)


def skew_measured(key: str) -> None:
    """The same passengers through evaluation and scoring, with cleaning outside the model and on the one path."""
    old, new = _skew()
    recipe = skew.lesson().RECIPE.name
    st.caption(
        f"Measured just now with `lessons/{skew.LESSON}` on the bundled passengers and `configs/{recipe}` "
        "(imputation, extended features, gradient boosting). The old path cleaned every row, test rows included, "
        "before the split, and shipped a model without its cleaning; the one path fits the cleaning on the "
        "training rows inside the `Predictor` and every use calls `Predictor.predictions`."
    )
    rows = [
        {
            "path": name,
            "passengers compared": skew_row["passengers"],
            "with no age": skew_row["missing_age"],
            "largest probability difference": round(skew_row["max_difference"], 3),
            "labels flipped": skew_row["labels_flipped"],
        }
        for name, skew_row in (("cleaning outside the model (before)", old), ("one path (now)", new))
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"{key}.skew")
    if new["labels_flipped"] == 0 and new["max_difference"] < 1e-12:
        st.success(
            f"Before: {old['labels_flipped']} of {old['passengers']} passengers got a different answer in "
            f"production than the one evaluation measured. Now: none, to 1e-12."
        )
    else:
        st.error("The one path no longer gives scoring the probabilities evaluation measured.")


@st.cache_data(show_spinner="Reading the production source and both doubles…", max_entries=2)
def _profiles() -> list[dict[str, Any]]:
    """The three contexts' passengers, profiled (fixed files and a fixed seed: computed once per server)."""
    return [asdict(profile) for profile in doubles.profiles()]


def two_doubles(key: str) -> None:
    """The production source beside its generated and its recorded double, measured, and when each is right."""
    try:
        production, recorded, generated = _profiles()
    except Cq4dsError as error:
        notices.error(error)
        return
    rows = [
        {
            "context": p["context"],
            "passengers": p["passengers"],
            "records the production source holds": f"{p['in_production']} of {p['passengers']}",
            "whole numbers arrive as": p["number_type"],
            "survived": f"{p['survived']:.0%}",
            "no age": f"{p['no_age']:.0%}",
            "titles": p["titles"],
        }
        for p in (production, recorded, generated)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"{key}.doubles")
    if production["core"] == recorded["core"] == generated["core"]:
        st.success(f"All three run the same core code (sha256 {production['core'][:16]}): only the source differs.")
    else:
        st.error("The contexts run different core code.")
    left, right = st.columns(2, gap="large")
    with left.container(border=True):
        st.markdown(
            f"**Generated double**: `{generated['context']}`. Right while you develop, and whenever size or a "
            "particular case matters: any number of passengers (section 4 loads 200,000), new ones with every "
            "seed, and the edge cases you ask the generator for. It holds no real person's data and never goes "
            "stale. But it only knows what its generator was written to produce: its whole numbers arrive as "
            f"{generated['number_type']}, the production source's as {production['number_type']}."
        )
    with right.container(border=True):
        st.markdown(
            f"**Recorded double**: `{recorded['context']}`. Right when the question is what production sees: it "
            f"replays {recorded['passengers']} records exactly as the production source returned them (their "
            "types, their gaps, their titles), frozen so every run repeats and can be checked against a "
            "reference. It is only as big as the sample and goes stale when the source changes: "
            "`make sample-data` records it again. [R] The talk's exercise works this way: its `TestLoader` pulls "
            "from the real loader once and replays the file afterwards (step 07), and from step 08 its test "
            "context runs on that file."
        )
    st.caption(
        "Here the production source is itself the bundled sample, and that sample is generated "
        "(`sample_data/README.md`), so the recording holds generated passengers too. In a real project it holds "
        "real rows, which is what makes it worth keeping, and they need the same care as production data."
    )
