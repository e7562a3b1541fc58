"""Running the Lab's compositions and keeping this session's runs.

Results are kept per composition in this session's state only; a composition this session ran
before is shown again at once. Loaded data are cached by source spec (read-only, each caller gets
its own copy), the only thing the Lab shares between sessions.

Each run's work is bounded, so one participant cannot take the room down:

- every source is read with a cap of MAX_ROWS passengers, enforced while reading (the sources stop
  at MAX_ROWS + 1 rows; SQL sources ask for no more with LIMIT), with a message naming the cap;
- at most `gates.parallel_runs()` runs load and train at once on the server (the run gate); the others
  wait in arrival order, and each waiting session sees its place in the queue; heavy runs (uploads,
  many generated passengers) have a gate of their own with half the places, and train at a lower CPU
  priority (`priority.lowered`), so the others' runs keep most of the cores;
- a run is abandoned when its session goes away (the tab is closed, the connection lost). Streamlit
  then asks the script to stop, but the stop happens only at the script's next `st.*` call, and a run
  makes none while a stage computes. So a run looks at its session itself (is it still an active
  session of the runtime?) while it waits, every gates.WAIT_POLL_SECONDS, and as each stage starts, and
  stops there (ending the script with `st.stop()`), which frees its place. The stage under way
  finishes first: with MAX_ROWS rows, a stage takes a few seconds at most.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from course.ui import charts, exercises, files, gates, homes, notices, priority, state
from course.ui.history import RunRecord, record_of
from cq4ds import contexts
from cq4ds.domain import ComponentSpec, Cq4dsError, DataError, PipelineConfig, RunResult
from cq4ds.registry import Registry
from cq4ds.usecases import LoadedPassengers, TrainedRun, load_passengers, publish_predictions

MAX_ROWS = 10_000  # the notebook recipe's KNN imputer grows with rows squared: 10k rows train in ~2 s and 0.5 GB
MAX_GENERATED_ROWS = MAX_ROWS  # (20k rows take 7.5 s and 1.4 GB; 50k took 74 s and 3.3 GB)
LIGHT_ROWS = 2_000  # runs on more generated passengers than this, or on an upload, queue at the heavy gate
KEPT_RUNS = 30
CACHED_SOURCES = 16  # read sources kept for every session: at most 10k passengers each (~10 MB), so ~160 MB
CACHED_SECONDS = 15 * 60  # ... and each for a quarter of an hour after it was read
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class LabRun:
    """One run of the Lab: the composition, its result and where its predictions went."""

    config: PipelineConfig
    result: RunResult
    written: int
    destination: str
    output: Path | None
    figures: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@st.cache_data(show_spinner=False, max_entries=CACHED_SOURCES, ttl=CACHED_SECONDS)
def load_cached(source: ComponentSpec, on_invalid: str, _registry: Registry) -> LoadedPassengers:
    """Read and check a source once per source spec, at most MAX_ROWS passengers; every caller gets its own copy."""
    return load_passengers(contexts.lab_source(source, _registry), on_invalid, max_rows=MAX_ROWS)


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
    waited_since = time.monotonic()

    def waiting(place: int) -> None:
        _stop_if_session_gone("while it waited for its turn")
        progress.caption(
            f"The Lab is busy: your run is number {place} in the queue ({_queue_rule(heavy(config))}); "
            f"waiting {time.monotonic() - waited_since:.0f} s…"
        )

    def listener(stage: str, number: int, total: int) -> None:
        _stop_if_session_gone(f"before its {stage} stage")
        progress.caption(f"Running the composition… stage {number} of {total}: {stage}")

    try:
        _check_limits(config)
        offered = exercises.discovered().registry
        pipeline = contexts.lab(config, homes.session_folder() / "outputs", offered)

        def train() -> TrainedRun:
            loaded = load_cached(pipeline.config.source, config.on_invalid, offered)
            return pipeline.train_and_evaluate(listener, preloaded=loaded)

        with gates.gate(heavy(config)).turn(waiting):
            progress.caption("Running the composition…")
            trained = priority.lowered(train) if heavy(config) else train()
        written = publish_predictions(trained.result.test_predictions, pipeline.sink)
    except _Abandoned:
        st.stop()
    except Cq4dsError as error:
        progress.empty()
        notices.error(error)
        return None
    except Exception as error:  # a participant's component that raises: their file and line, not an incident
        theirs = exercises.failure(error)
        if theirs is None:
            raise
        progress.empty()
        notices.error(theirs)
        return None
    progress.empty()
    output = Path(pipeline.sink.path) if hasattr(pipeline.sink, "path") else None
    figures = charts.result_figures(trained.result)
    lab_run = LabRun(pipeline.config, trained.result, written, pipeline.sink.describe(), output, figures)
    _remember(lab_run)
    return lab_run


def heavy(config: PipelineConfig) -> bool:
    """Whether a run may take long: it reads an upload, or more than LIGHT_ROWS generated passengers."""
    if config.source.kind == "synthetic":
        return config.source.options.get("rows", 0) > LIGHT_ROWS
    return any(files.is_upload(value) for value in config.source.options.values())


def _queue_rule(is_heavy: bool) -> str:
    size = gates.gate(is_heavy).size
    if is_heavy:
        return f"runs on uploads or over {LIGHT_ROWS:,} passengers train {size} at a time"
    return f"the server trains {size} at a time"


class _Abandoned(Exception):
    """The run's browser session has gone: nobody will see its result."""


def _stop_if_session_gone(when: str) -> None:
    """Abandon the run when its browser session has gone; `run` then ends the script with `st.stop()`.

    An exception rather than `st.stop()` itself: Streamlit acts on a stop only in the script's own thread,
    and a heavy run trains in a thread of its own (see `priority`).
    """
    if _session_gone():
        _LOG.info("A Lab run was abandoned %s: its browser session has gone", when)
        raise _Abandoned(when)


def _session_gone() -> bool:
    """Whether this script's session is no longer connected (its tab closed or its connection lost)."""
    context = get_script_run_ctx(suppress_warning=True)
    if context is None or not runtime.exists():
        return False
    return not runtime.get_instance().is_active_session(context.session_id)


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
