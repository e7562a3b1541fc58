"""The lifecycle page's pieces: how far along the model's life, and what the change requests add up to by then."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from course.explain.changes import BY_KEY, MEASURES, SIDES, cost
from course.explain.lessons import LEGACY_SCRIPT, excerpt
from course.explain.lifecycle import (
    LEAD_MEASURE,
    PHASES,
    lines_in_new_files,
    pasted_feature_steps,
    phase_of,
    reached,
    totals_after,
)
from course.ui import change_charts, concept
from cq4ds.registry import Registry
from cq4ds.usecases import Predictor, score_batch

PLOT = {"config": {"displaylogo": False}, "theme": None}


def problem(text: str) -> None:
    """The legacy script's rare-title step: titles counted over whatever frame it holds, before the split."""
    code = excerpt(
        LEGACY_SCRIPT,
        r'^df\["title"\] = df\["name"\]',
        r"^X_train, X_test, y_train, y_test = train_test_split",
        highlight=(r"^title_counts = ", r"title_counts < 10", r"isin\(rare\)", r"train_test_split\("),
    )
    concept.problem(text, code)


def pick_phase(page: str) -> str:
    """How far along the lifecycle the learner looks."""
    return st.select_slider("How far along the lifecycle", PHASES, value=PHASES[0], key=f"{page}.phase")


def measures_explained() -> None:
    """Up front: why the page counts existing lines edited first, and why the package writes more lines in all."""
    last = PHASES[-1]
    lines, new = totals_after(last, "lines"), lines_in_new_files(last)
    st.markdown(
        f"**Counted first: {MEASURES[LEAD_MEASURE]}.** A change that rewrites code which already runs can break "
        "what works, and all of it has to be checked again: that is the cost that keeps coming back over a "
        f"model's life. Counted as *{MEASURES['lines']}*, the package costs more ({lines['package']} against "
        f"{lines['legacy']} by the end of {last}) because {new['package']} of its lines are whole new files (a "
        "feature module, a scoring script, a config) with their own imports and docstrings: more to write, but "
        "written beside the code that works instead of into it."
    )


def pick_measure(page: str) -> str:
    """How change is counted, led by the count that carries the page's idea."""
    return st.radio(
        "Count",
        [LEAD_MEASURE, *(measure for measure in MEASURES if measure != LEAD_MEASURE)],
        format_func=lambda measure: MEASURES[measure],
        horizontal=True,
        key=f"{page}.measure",
    )


def totals(phase: str, measure: str) -> None:
    """Per side: the cumulative cost once `phase` is over, what this phase added, and the pasted feature steps."""
    after = totals_after(phase, measure)
    previous = reached(phase)[:-1]
    before = totals_after(previous[-1].name, measure) if previous else dict.fromkeys(SIDES, 0)
    copies = pasted_feature_steps(phase)
    for column, side in zip(st.columns(2, gap="large"), SIDES, strict=True):
        with column.container(border=True):
            st.markdown(f"**{change_charts.NAMES[side]}**")
            total, pasted = st.columns(2)
            total.metric(
                f"{MEASURES[measure].capitalize()} so far",
                after[side],
                f"+{after[side] - before[side]} in this phase",
                delta_color="off",
            )
            pasted.metric(
                "Pasted feature steps",
                copies[side],
                help="Copies of the feature steps the changes pasted, counted by the line that parses the title from "
                "the name. Every copy is one more place a later feature request has to reach.",
            )


def chart(page: str, phase: str, measure: str) -> None:
    """The cumulative cost of both codebases over the lifecycle, `phase` highlighted."""
    figure = change_charts.lifecycle_figure(measure, phase)
    st.plotly_chart(figure, **PLOT, key=f"{page}.chart")


def arrivals(phase: str, measure: str) -> None:
    """The phase's story and the requests that arrive in it, each with its measured cost on both sides."""
    stage = phase_of(phase)
    st.markdown(f"**{stage.name}.** {stage.story}")
    rows = [
        {
            "change request": BY_KEY[key].title,
            **{change_charts.NAMES[side]: cost(key, side).total(measure) for side in SIDES},
        }
        for key in stage.requests
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(f"Each request's {MEASURES[measure]}, measured on the lesson files.")


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The code that keeps later phases cheap: the fitted model, its features, batch scoring, the registry."""
    return (Predictor, Registry().component_class("features", "notebook"), score_batch, Registry)
