"""The refactoring replay's pieces: the state picker, the break switch, the regression panel and the code views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from course.explain import replay
from course.explain.replay import NO_BREAK, State
from course.explain.replay_checks import TOLERANCE, Artefacts, Check, accuracy, compare, correct_change
from course.ui import concept, notices
from cq4ds import contexts
from cq4ds.bootstrap import build_pipeline
from cq4ds.domain import Cq4dsError, Passenger
from cq4ds.registry import Registry
from cq4ds.usecases.predictor import Predictor
from cq4ds.usecases.training import train_and_evaluate

EVIDENCE = {"R": "[R] read in the talk's exercise repository", "I": "[I] our inference, in the spirit of the talk"}
COUNTERPARTS = (  # (name in the final state, where the package does it, how it differs)
    ("Passenger", "cq4ds.domain.Passenger", "checks its fields against rules kept as data (`FIELDS`)"),
    ("SqlLoader", "cq4ds.adapters.sqlite_source.SqliteSource", "one adapter of several behind `PassengerSource`"),
    ("TestLoader", "cq4ds.contexts.testing", "injects generated passengers held in memory, not a recording"),
    ("PassengerLoader", "cq4ds.columnar.conform", "applies the passenger rules to whole columns at once"),
    ("RARE_TITLES", "NotebookFeatures(rare_title_threshold=10)", "still counts titles, with the threshold a parameter"),
    ("TitanicModel", "cq4ds.usecases.predictor.Predictor", "cleaning, features and model, all injected"),
    ("TitanicModelCreator", "cq4ds.usecases.training.train_and_evaluate", "every collaborator is injected"),
    ("ModelSaver", "cq4ds.adapters.model_store.FileModelStore", "signs what it saves, behind `ModelStore`"),
    ("TestModelSaver", "tests/characterization/", "the checks left the production code for the test suite"),
    ("main, test_main", "cq4ds.contexts (built by build_pipeline)", "contexts differ only in what they inject"),
)


@st.cache_data(show_spinner="Running the state in a fresh Python process…", max_entries=64)
def artefacts(number: int, key: str) -> Artefacts:
    """A state's artefacts with break `key` made (the lesson files are read-only, so one result serves everyone)."""
    return replay.run_state(number, key)


def problem(text: str) -> None:
    """The problem, shown in the legacy script: the transforms written twice, the checks pasted in between."""
    concept.problem(text, replay.legacy_excerpt())


def step_picker() -> State:
    """The state of the code to look at."""
    states = replay.states()
    number = st.select_slider(
        "State of the code",
        options=range(len(states)),
        format_func=lambda n: states[n].label,
        key="refactoring.step",
    )
    return states[number]


def about(state: State) -> None:
    """What the state changed and the idea it teaches."""
    st.markdown(f"#### {state.label}")
    st.markdown(f"**What changed.** {state.changed}")
    st.markdown(f"**The idea.** {state.concept}")
    steps = "steps" if any(mark in state.exercise for mark in ",–") else "step"
    st.caption(f"{EVIDENCE[state.evidence]} · exercise {steps} {state.exercise}")


def code_views(state: State, key: str) -> None:
    """The break as a diff of this state's code, the diff to the previous state, and the full source."""
    if key != NO_BREAK:
        st.markdown(f"#### The break, made in state {state.number:02d}'s code")
        st.code(replay.variant_diff(state.number, key), language="diff", wrap_lines=True)
    previous = "the legacy script" if state.number == 0 else f"state {state.number - 1:02d}"
    st.markdown(f"#### The code change from {previous}")
    st.code(replay.diff_to_previous(state.number), language="diff", wrap_lines=True, height=480)
    with st.expander(f"Full source of lessons/refactoring/{state.file}"):
        st.code(replay.source(state.number), language="python", line_numbers=True)


def break_picker() -> str:
    """Which behaviour change to make on purpose, if any."""
    labels = {NO_BREAK: "Nothing", **{v.key: v.label for v in replay.variants()}}
    key = st.radio("Break it", list(labels), format_func=labels.get, key="refactoring.break")
    if key != NO_BREAK:
        st.caption(replay.variant(key).what)
    return key


def regression_panel(state: State, key: str) -> None:
    """Every artefact of this run against the legacy script's, and accuracy next to it."""
    try:
        reference, run = artefacts(0, NO_BREAK), artefacts(state.number, key)
    except Cq4dsError as error:
        notices.error(error)
        return
    checks = compare(reference, run)
    st.markdown(_table(checks))
    st.caption(
        f"Matrices and passenger ids must agree to {TOLERANCE:g}; confusion matrices count for count (rows: died, "
        "survived as it happened; columns: as predicted)."
    )
    if state.number == 0 and key == NO_BREAK:
        st.caption("State 00 is the reference itself: every later state is compared with this run.")
    _accuracy(reference, run)
    _verdict(checks, reference, run, key)


def _table(checks: tuple[Check, ...]) -> str:
    rows = []
    for check in checks:
        badge = ":green-badge[pass]" if check.passed else ":red-badge[fail]"
        difference = check.summary().replace("|", "\\|")  # a bare | would end the table cell
        rows.append(f"| `{check.name}` | {badge} | {difference} |")
    return "\n".join(["| artefact | check | exact difference |", "|---|---|---|", *rows])


def _accuracy(reference: Artefacts, run: Artefacts) -> None:
    for column, split in zip(st.columns(2), ("test", "train"), strict=True):
        before, after = accuracy(reference[f"cm_{split}"]), accuracy(run[f"cm_{split}"])
        points = round((after - before) * 100, 1)
        column.metric(
            f"{split.title()} accuracy, this run",
            f"{after:.1%}",
            f"{points:+.1f} points",
            delta_color="off",
            delta_arrow="auto" if points else "off",
            delta_description=f"legacy script: {before:.1%}",
        )


def _verdict(checks: tuple[Check, ...], reference: Artefacts, run: Artefacts, key: str) -> None:
    failed = [check.name for check in checks if not check.passed]
    if not failed:
        note = "" if key == NO_BREAK else " The break changed nothing these checks look at."
        st.success(f"All {len(checks)} artefacts match the legacy script's.{note}")
        return
    (test, tests), (train, trains) = (correct_change(reference[f"cm_{s}"], run[f"cm_{s}"]) for s in ("test", "train"))
    told = f"test accuracy changed by {abs(test)} of {tests:,} passengers, train accuracy by {abs(train)} of {trains:,}"
    slight = abs(test) < 0.01 * tests and abs(train) < 0.01 * trains
    score = f"Accuracy barely notices: {told}." if slight else f"Accuracy moved: {told}."
    st.error(f"{len(failed)} of {len(checks)} checks fail. {score} The data checks name the artefact and the cell.")


def counterparts() -> None:
    """Where each piece of the final state lives in the package, and how it differs there."""
    rows = [f"| `{name}` | `{where}` | {how} |" for name, where, how in COUNTERPARTS]
    st.markdown("**The final state's pieces in the package**")
    st.markdown("\n".join(["| final state | in the package | how it differs there |", "|---|---|---|", *rows]))


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The package classes and functions the final state corresponds to."""
    sqlite_source = Registry().component_class("source", "sqlite")
    return Passenger, sqlite_source, Predictor, train_and_evaluate, build_pipeline, contexts.testing
