"""The chained-cleaning demo: choose, order and tune cleaning steps, then profile and train."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from course.explain.cleaning_profile import StepProfile, profile_steps, with_duplicates
from course.ui import notices
from course.ui.forms import param_widget
from cq4ds import contexts
from cq4ds.columnar import conform
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec, Cq4dsError, RunResult
from cq4ds.registry import Registry

REGISTRY = Registry()
STEP_KINDS = REGISTRY.info("cleaning", "chain").params[0].choices


@st.cache_data(show_spinner=False)
def sample(problems: bool):
    """The sample passengers, checked; with re-sent duplicate rows when `problems` is on."""
    frame = conform(contexts.sample_passengers(), "sample").frame
    return with_duplicates(frame) if problems else frame


def chosen_steps() -> list[tuple[str, object]]:
    """Step pickers (in the order picked) with each step's parameters; returns (name, step) pairs."""
    names = st.multiselect("Steps, in the order they run", STEP_KINDS, default=["dedupe", "impute"], key="chain.steps")
    steps = []
    for name in names:
        info = REGISTRY.info("cleaning", name)
        with st.container(border=True):
            st.markdown(f"**{name}**: {info.summary}")
            params = {p.name: param_widget(p, f"chain.{name}.{p.name}") for p in info.params}
        steps.append((name, REGISTRY.create("cleaning", ComponentSpec(name, params))))
    return steps


def profile_charts(profiles: tuple[StepProfile, ...]) -> None:
    """Rows and missing values after each step, and the age distribution before and after."""
    labels = [f"{i}. {p.step}" for i, p in enumerate(profiles)]
    missing = go.Figure(
        [go.Bar(name=column, x=labels, y=[p.missing[column] for p in profiles]) for column in profiles[0].missing]
    )
    missing.update_layout(title="Missing values after each step", barmode="group", height=300, template="plotly_white")
    rows = go.Figure(go.Bar(x=labels, y=[p.rows for p in profiles], text=[p.rows for p in profiles]))
    rows.update_layout(title="Rows after each step", height=300, template="plotly_white")
    ages = go.Figure(
        [
            go.Histogram(x=profiles[0].ages, name="raw", opacity=0.6),
            go.Histogram(x=profiles[-1].ages, name="cleaned", opacity=0.6),
        ]
    )
    ages.update_layout(title="Ages before and after", barmode="overlay", height=300, template="plotly_white")
    left, right = st.columns(2)
    left.plotly_chart(rows, config={"displaylogo": False}, theme=None, key="chain.rows")
    right.plotly_chart(missing, config={"displaylogo": False}, theme=None, key="chain.missing")
    st.plotly_chart(ages, config={"displaylogo": False}, theme=None, key="chain.ages")


def train_with(steps: list[tuple[str, object]], problems: bool) -> RunResult | None:
    """Train the notebook recipe with these steps injected as its cleaning; None after showing a user error."""
    try:
        chain = REGISTRY.component_class("cleaning", "chain")(
            steps=tuple(name for name, _ in steps), parts=tuple(step for _, step in steps)
        )
        pipeline = contexts.in_memory(load_config(NOTEBOOK_RECIPE), sample(problems), cleaning=chain)
        return pipeline.train_and_evaluate().result
    except Cq4dsError as error:
        notices.error(error)
        return None


def profiles(steps: list[tuple[str, object]], problems: bool) -> tuple[StepProfile, ...]:
    """The sample's profile before cleaning and after each chosen step."""
    return profile_steps(sample(problems), steps)


def code_shown() -> tuple[object, ...]:
    """The package code this page is about: the chain, its steps and where the pipeline applies it."""
    return (
        REGISTRY.component_class("cleaning", "chain"),
        REGISTRY.component_class("cleaning", "drop_incomplete"),
        REGISTRY.component_class("cleaning", "impute"),
    )
