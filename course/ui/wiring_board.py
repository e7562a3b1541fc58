"""The Dependency Injection page's pieces: the wiring board, the unchanged core, and what the coupled lesson edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from course.explain import wiring_board
from course.explain.decoupling import changed_lines
from course.explain.lessons import excerpt
from course.explain.wiring_board import COUPLED, SLOTS
from course.ui import charts, concept, files, homes, notices, state
from cq4ds import contexts
from cq4ds.bootstrap import build_pipeline
from cq4ds.domain import Cq4dsError, PipelineConfig, RunResult
from cq4ds.registry import Registry
from cq4ds.usecases.training import train_and_evaluate

KEY = "dependency_injection"
LABELS = {
    "source": "Source · adapter",
    "cleaning": "Cleaning · strategy",
    "features": "Features · strategy",
    "model": "Model · strategy",
    "sink": "Sink · adapter",
}
BUILDS_ITS_OWN = (  # lines where the coupled core creates or opens a collaborator itself
    r"sqlite3\.connect",
    r"read_sql",
    r"OneHotEncoder\(",
    r"KNNImputer\(",
    r"RobustScaler\(",
    r"LogisticRegression\(",
    r"open\(",
    r"pickle\.dump",
)


@st.cache_data(show_spinner=False, max_entries=64)
def trained(config: PipelineConfig) -> RunResult:
    """The run of a composition: the same for everyone, so shared (predictions are written per session)."""
    return wiring_board.train(config)


def problem(text: str) -> None:
    """The coupled lesson's run(), the lines where it builds its own collaborators highlighted."""
    concept.problem(text, excerpt(COUPLED, r"def run\(self\)", r"pickle\.dump", BUILDS_ITS_OWN))


def board() -> PipelineConfig:
    """One row of cards per slot; returns the composition they wire."""
    registry, start = Registry(), wiring_board.default_config()
    cards = {}
    with st.container(border=True):
        for slot in SLOTS:
            default = start.spec(slot).kind
            choice = st.segmented_control(LABELS[slot], registry.kinds(slot), default=default, key=f"{KEY}.{slot}")
            cards[slot] = choice or default
    return wiring_board.board_config(cards)


def run(config: PipelineConfig) -> tuple[RunResult, int, str] | None:
    """Run the core with these cards and write its predictions in this session's folder (once per composition)."""
    published: dict[PipelineConfig, tuple[int, str]] = state.get(f"{KEY}.published", {})
    try:
        with st.spinner("Running the core with these cards…"):
            result = trained(config)
            if config not in published:
                written = wiring_board.publish(result, config, homes.session_folder() / "outputs")
                published = {**published, config: written}
                state.put(f"{KEY}.published", published)
    except Cq4dsError as error:
        notices.error(error)
        return None
    return (result, *published[config])


def results(result: RunResult, written: int, destination: str) -> None:
    """The test metrics (change against the notebook's wiring), and where data came from and went."""
    baseline = trained(wiring_board.default_config())
    for column, name in zip(st.columns(len(charts.METRICS)), charts.METRICS, strict=True):
        value = getattr(result.test.metrics, name)
        delta = value - getattr(baseline.test.metrics, name)
        column.metric(charts.metric_label(name), f"{value:.3f}", f"{delta:+.3f}" if delta else None)
    st.caption(
        f"Test split: {result.n_test} passengers, trained on {result.n_train}. {result.data.origin}: "
        f"{result.data.rows_read} rows read, {result.data.rows_after_cleaning} after cleaning. "
        f"Predictions: {written} rows written to {notices.literal(files.friendly(destination))}. Changes are "
        "against the notebook's wiring."
    )


def core(config: PipelineConfig) -> None:
    """The core's source as it is on disk now, with its hash on arrival and now."""
    view = wiring_board.core_view()
    first = state.get(f"{KEY}.core_digest") or view.digest
    state.put(f"{KEY}.core_digest", first)
    seen = state.get(f"{KEY}.seen", frozenset()) | {config}
    state.put(f"{KEY}.seen", seen)
    st.markdown(
        f"SHA-256 of its source (first 16 hex digits): `{first}` when you arrived, `{view.digest}` now. "
        f"Wirings you have run here: **{len(seen)}**."
    )
    if view.digest == first:
        st.success(f"Unchanged across {len(seen)} wiring(s): the cards changed, the core did not.")
    else:
        st.error("The core's file changed on disk while you were here: somebody edited it, not the board.")
    st.caption(f"`{view.qualname}` · {view.location}")
    with st.container(height=420):
        st.code(view.text, language="python", line_numbers=True)


def wiring_change(config: PipelineConfig) -> None:
    """The lines of wiring that changed against the notebook's wiring."""
    diff = wiring_board.wiring_diff(wiring_board.default_config(), config)
    st.code(diff or "(nothing swapped: this is the notebook's wiring)", language="diff", wrap_lines=True)
    swapped = len(wiring_board.swaps(wiring_board.default_config(), config))
    changed = changed_lines(diff)
    st.caption(f"{swapped} slot(s) swapped: {changed} wiring lines removed or added, 0 lines of the core.")


def coupled(config: PipelineConfig) -> None:
    """For each swap on the board, the edit the coupled lesson needed (its variant file, diffed)."""
    pairs = wiring_board.swaps(wiring_board.default_config(), config)
    if not pairs:
        st.info("Swap a card on the board to see what the coupled version would have to edit.")
        return
    start, rows = wiring_board.default_config(), []
    for slot, kind in pairs:
        edit = wiring_board.coupled_edit(slot, kind)
        row = {"swap": f"{slot} → {kind}", "board: wiring lines": wiring_board.wiring_lines(start, config, slot)}
        row["board: core lines"] = 0
        if edit is None:
            st.markdown(f"**{slot} → {kind}**: no variant file was written for this swap.")
            rows.append(row)
            continue
        rows.append({**row, "coupled: lines edited": edit.changed, "coupled: inside run()": edit.in_core})
        st.markdown(
            f"**{slot} → {kind}**: `lessons/{edit.variant}`, {edit.changed} lines removed or added, "
            f"{edit.in_core} of them inside `TitanicModelCreator.run()`"
        )
        st.code(edit.diff, language="diff")
    st.markdown("**The same swaps, two ways**")
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption("Variants exist for: " + ", ".join(wiring_board.variants()) + ".")


def code_objects() -> tuple[Callable[..., Any], ...]:
    """The core, the composition root, and two contexts that wire the same core differently."""
    return train_and_evaluate, build_pipeline, contexts.production, contexts.testing
