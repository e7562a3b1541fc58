"""The workflow page's guided checklist: pick a step, see the code and tests behind it, run the system as it stands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from course.explain import workflow
from course.explain.hosts import named_source
from course.explain.lessons import Excerpt, excerpt
from course.explain.workflow import STEPS, Step
from course.ui import state, workflow_steps
from cq4ds import bootstrap, contexts
from cq4ds.domain import Passenger
from cq4ds.ports import PassengerSource, PredictionSink
from cq4ds.usecases import Predictor

KEY = "workflow"
DONE = f"{KEY}.done"
RECONSTRUCTION = (
    "**Our reconstruction; the slide's wording is not available.** The talk had a slide titled 'Workflow "
    "building a system from scratch', and a reader's comment shows it was an ordered list, but its text could "
    "not be found. The order below is rebuilt from the author's own exercises: each step cites the material it "
    "rests on ([R]); the ordering itself is our inference ([I])."
)
RUNS = {
    1: workflow_steps.step_1,
    2: workflow_steps.step_2,
    3: workflow_steps.step_3,
    4: workflow_steps.step_4,
    5: workflow_steps.step_5,
    6: workflow_steps.step_6,
    7: workflow_steps.step_7,
    8: workflow_steps.step_8,
}


def legacy_excerpt() -> Excerpt:
    """The legacy script's feature cells: the passenger only exists as column names, typed nowhere."""
    return excerpt(
        "legacy/titanic_notebook.py",
        r'^df\["family_size"\] =',
        r"^df = df\[\[",
        highlight=(r'df\["family_size"\] =', r'df\["title"\] =', r'"is_alone"\] = 1', r"^df = df\[\["),
    )


def _toggle(number: int) -> None:
    """Mark a step done or not done (a checkbox callback; kept in this session's state)."""
    state.put(DONE, state.get(DONE, frozenset()) ^ {number})


def _go(number: int) -> None:
    """Select step `number` (a button callback: runs before the selector is drawn)."""
    st.session_state[f"{KEY}.step"] = number


def checklist() -> None:
    """The step selector with progress, and the chosen step's panel."""
    done: frozenset[int] = state.get(DONE, frozenset())
    st.progress(len(done) / len(STEPS), text=f"{len(done)} of {len(STEPS)} steps marked done")
    left, right = st.columns([1, 2.6], gap="large")
    with left:
        number = st.radio(
            "Step",
            [step.number for step in STEPS],
            format_func=lambda n: f"{n} · {workflow.step(n).title}" + ("  (done)" if n in done else ""),
            key=f"{KEY}.step",
        )
    with right:
        _panel(workflow.step(number), number in done)


def _panel(step: Step, done: bool) -> None:
    """One step: what and why, where it lives, a live run, and the checkbox that marks it done."""
    st.subheader(f"Step {step.number} · {step.title}")
    st.markdown(step.what)
    st.caption(step.support)
    with st.container(border=True):
        st.markdown("**Run the system as it stands at this step**")
        RUNS[step.number]()
    _where(step)
    st.checkbox(
        "I have done this step in my own project",
        value=done,
        key=f"{KEY}.done.{step.number}",
        on_change=_toggle,
        args=(step.number,),
    )
    if step.number < len(STEPS):
        st.button(f"Next: step {step.number + 1}", key=f"{KEY}.next", on_click=_go, args=(step.number + 1,))


def _where(step: Step) -> None:
    """The package code that embodies the step, and the tests that check it."""
    st.markdown("**Where this step lives in this project**")
    for module, name in step.code:
        view = named_source(module, name)
        with st.expander(f"{view.qualname} · {view.location}"):
            st.code(view.text, language="python", line_numbers=True)
    for path in step.tests:
        summary, names = workflow.tests_in(path)
        with st.expander(f"{path} · {len(names)} tests"):
            st.caption(summary)
            st.code("\n".join(names), language="text")


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The package code the workflow builds, in the order of the steps."""
    return (
        Passenger,
        bootstrap.build_pipeline,
        PassengerSource,
        contexts.testing,
        Predictor,
        PredictionSink,
        contexts.production,
    )
