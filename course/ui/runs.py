"""Running the Lab's compositions and keeping this session's runs.

Results are kept per composition in this session's state only; a composition this session ran
before is shown again at once. Loaded data are cached by source spec (read-only, each caller gets
its own copy), the only thing the Lab shares between sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from course.ui import charts, exercises, files, notices, state
from course.ui.history import RunRecord, record_of
from cq4ds import contexts
from cq4ds.domain import ComponentSpec, Cq4dsError, DataError, PipelineConfig, RunResult
from cq4ds.registry import Registry
from cq4ds.usecases import LoadedPassengers, load_passengers, publish_predictions

MAX_GENERATED_ROWS = 10_000  # the notebook recipe's KNN imputer grows with rows squared: 10k rows train in ~2.5 s
KEPT_RUNS = 30


@dataclass(frozen=True)
class LabRun:
    """One run of the Lab: the composition, its result and where its predictions went."""

    config: PipelineConfig
    result: RunResult
    written: int
    destination: str
    output: Path | None
    figures: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@st.cache_data(show_spinner=False, max_entries=64)
def load_cached(source: ComponentSpec, on_invalid: str, _registry: Registry) -> LoadedPassengers:
    """Read and check a source once per source spec; every caller gets its own copy."""
    return load_passengers(contexts.lab_source(source, _registry), on_invalid)


def _check_limits(config: PipelineConfig) -> None:
    rows = config.source.options.get("rows", 0) if config.source.kind == "synthetic" else 0
    if rows > MAX_GENERATED_ROWS:
        raise DataError(
            f"the Lab trains on at most {MAX_GENERATED_ROWS:,} generated passengers (asked for {rows:,})",
            "lower rows, or train larger data with `python -m cq4ds run` from the command line",
        )


def run(config: PipelineConfig) -> LabRun | None:
    """The run of `config`: reused if this session ran it before, else trained now with progress shown."""
    done: dict[PipelineConfig, LabRun] = state.get("lab.runs", {})
    if config in done:
        return done[config]
    progress = st.empty()  # a line saying which stage runs, gone when the run is over
    progress.caption("Running the composition…")

    def listener(stage: str, number: int, total: int) -> None:
        progress.caption(f"Running the composition… stage {number} of {total}: {stage}")

    try:
        _check_limits(config)
        offered = exercises.discovered().registry
        pipeline = contexts.lab(config, files.session_folder() / "outputs", offered)
        loaded = load_cached(pipeline.config.source, config.on_invalid, offered)
        trained = pipeline.train_and_evaluate(listener, preloaded=loaded)
        written = publish_predictions(trained.result.test_predictions, pipeline.sink)
    except Cq4dsError as error:
        progress.empty()
        notices.error(error)
        return None
    progress.empty()
    output = Path(pipeline.sink.path) if hasattr(pipeline.sink, "path") else None
    figures = charts.result_figures(trained.result)
    lab_run = LabRun(pipeline.config, trained.result, written, pipeline.sink.describe(), output, figures)
    _remember(lab_run)
    return lab_run


def _remember(lab_run: LabRun) -> None:
    done = dict(state.get("lab.runs", {}))
    done[lab_run.config] = lab_run
    state.put("lab.runs", dict(list(done.items())[-KEPT_RUNS:]))
    history: list[RunRecord] = state.get("lab.history", [])
    state.put(
        "lab.history", [*history, record_of(len(history) + 1, label(lab_run.config), lab_run.config, lab_run.result)]
    )


def label(config: PipelineConfig) -> str:
    """A short name for a composition: source / features / model."""
    return f"{config.source.kind} · {config.features.kind} · {config.model.kind}"


def show(config: PipelineConfig | None) -> tuple[LabRun | None, LabRun | None]:
    """Run `config` (if complete and valid) and return the run to show and the one shown before it.

    When the run fails, the last run that worked stays on show.
    """
    shown: LabRun | None = state.get("lab.shown")
    fresh = run(config) if config else None
    if fresh is not None and fresh is not shown:
        state.put("lab.before", shown)
        state.put("lab.shown", fresh)
        state.put("lab.config", fresh.config)
        shown = fresh
    elif shown is not None and fresh is None:
        st.caption("Showing the last result that worked.")
    return shown, state.get("lab.before")


def history() -> list[RunRecord]:
    """This session's runs, oldest first."""
    return state.get("lab.history", [])
