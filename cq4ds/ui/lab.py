"""The Pipeline Lab: the composition panel, running a composition, and keeping this session's runs.

The composition lives in this session's state and in the page's link; results are kept per
composition in this session only. Loaded data are cached by source spec (read-only, shared).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from cq4ds import contexts
from cq4ds.config_file import dump_spec, load_config
from cq4ds.domain import ON_INVALID, PORTS, ComponentSpec, Cq4dsError, DataError, PipelineConfig, RunResult
from cq4ds.registry import Registry
from cq4ds.ui import charts, exercises, files, notices, state
from cq4ds.ui.forms import component_picker, kind_key, seed_widgets
from cq4ds.ui.history import RunRecord, record_of
from cq4ds.ui.links import Controls, controls_from_query, from_query, lesson_query
from cq4ds.usecases import LoadedPassengers, publish_predictions

DEFAULT_CONFIG = "configs/notebook.toml"
LABELS = {
    "source": "Source · adapter",
    "cleaning": "Cleaning · strategy",
    "features": "Features · strategy",
    "model": "Model · strategy",
    "split": "Split · strategy",
    "sink": "Sink · adapter",
}
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


def config_files() -> list[str]:
    """The shipped configs in configs/, by file name, the notebook recipe first."""
    names = sorted(path.name for path in Path("configs").glob("*.toml"))
    return sorted(names, key=lambda name: name != Path(DEFAULT_CONFIG).name)


@st.cache_data(show_spinner=False)
def default_config() -> PipelineConfig:
    """The composition the Lab starts from: the original notebook's recipe."""
    return load_config(DEFAULT_CONFIG)


@st.cache_data(show_spinner=False, max_entries=64)
def load_cached(source: ComponentSpec, on_invalid: str, _registry: Registry) -> LoadedPassengers:
    """Read and check a source once per source spec; every caller gets its own copy."""
    return contexts.lab(PipelineConfig(source=source, on_invalid=on_invalid), Path(), _registry).load()


def current_config(registry: Registry) -> PipelineConfig:
    """This session's composition: from the link on the first visit, else as last chosen."""
    config = state.get("lab.config")
    if config is None:
        try:
            config = from_query(st.query_params.to_dict(), default_config(), registry)
        except Cq4dsError as error:
            notices.warning(
                f"This link's composition could not be restored, so the Lab starts from the notebook recipe: {error}"
            )
            config = default_config()
        state.put("lab.config", config)
    return config


def load_preset(name: str, registry: Registry) -> None:
    """Start over from a shipped config (a button callback: runs before the widgets are drawn)."""
    config = registry.check(load_config(Path("configs") / name))
    state.put("lab.config", config)
    for port in PORTS:
        seed_widgets(registry, port, config.spec(port))
    st.session_state["lab.on_invalid"] = config.on_invalid


def composition_panel(registry: Registry, config: PipelineConfig) -> PipelineConfig | None:
    """One picker per port, drawn from `config`; returns the composition now chosen (None while incomplete)."""
    for port in PORTS:
        if kind_key(port) not in st.session_state:
            seed_widgets(registry, port, config.spec(port))
    if "lab.on_invalid" not in st.session_state:
        st.session_state["lab.on_invalid"] = config.on_invalid
    specs = {}
    lesson = controls()
    specs = {port: config.spec(port) for port in lesson.hidden | lesson.locked}  # fixed by the lesson link
    shown = [port for port in PORTS if port not in lesson.hidden]
    cells = [cell for _ in range(-(-len(shown) // 3)) for cell in st.columns(3)]  # the ports as a 3-wide grid
    for port, cell in zip(shown, cells, strict=False):
        if port in lesson.locked:
            with cell.container(border=True):
                st.markdown(f"**{LABELS[port]}** (locked for this lesson)")
                st.code(dump_spec(config.spec(port)), language="toml")
            continue
        kind = st.session_state[kind_key(port)]
        special = {}
        if port == "source" and kind in files.SUFFIXES:
            special["path"] = files.source_file_widget(kind)
        if port == "sink":
            special["path"] = files.output_name_widget
        with cell.container(border=True):
            specs[port] = component_picker(registry, port, LABELS[port], special)
    on_invalid = st.radio(
        "Invalid rows",
        ON_INVALID,
        key="lab.on_invalid",
        horizontal=True,
        help="raise: stop at the first invalid row; quarantine: set invalid rows aside and count them",
    )
    if specs["source"].options.get("path") == "":
        return None
    return PipelineConfig(**specs, on_invalid=on_invalid)


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
    progress = st.empty()
    with progress.status("Running the composition…", expanded=False) as status:

        def listener(stage: str, number: int, total: int) -> None:
            status.update(label=f"Stage {number} of {total}: {stage}")

        try:
            _check_limits(config)
            offered = exercises.discovered().registry
            pipeline = contexts.lab(config, files.session_folder() / "outputs", offered)
            loaded = load_cached(pipeline.config.source, config.on_invalid, offered)
            trained = pipeline.train_and_evaluate(listener, preloaded=loaded)
            written = publish_predictions(trained.result.test_predictions, pipeline.sink)
        except Cq4dsError as error:
            failure = error
            status.update(label="The run stopped", state="error")
        else:
            failure = None
    if failure:
        notices.error(failure)
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


def accept(config: PipelineConfig, registry: Registry) -> PipelineConfig | None:
    """The chosen composition, checked; after showing why when it is invalid."""
    try:
        return registry.check(config)
    except Cq4dsError as error:
        notices.error(error)
        return None


def changed_port(before: PipelineConfig | None, after: PipelineConfig) -> str | None:
    """The first port whose component or parameters differ between two compositions."""
    if before is None:
        return None
    return next((port for port in PORTS if before.spec(port) != after.spec(port)), None)


def controls() -> Controls:
    """The ports this session's lesson link hides or locks (read from the link on the first visit)."""
    chosen = state.get("lab.controls")
    if chosen is None:
        try:
            chosen = controls_from_query(st.query_params.to_dict())
        except Cq4dsError as error:
            notices.warning(f"This link's hidden and locked controls were ignored: {error}")
            chosen = Controls()
        state.put("lab.controls", chosen)
    return chosen


def share_link(config: PipelineConfig, registry: Registry) -> None:
    """Keep the composition (and a lesson's hidden or locked controls) in the link, so a copy reproduces it."""
    query = lesson_query(config, default_config(), registry, controls())
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def registry() -> Registry:
    """The registry the Lab offers: the built-in components plus those in the exercise files (problems warned)."""
    discovery = exercises.discovered()
    exercises.warn_about(discovery)
    return discovery.registry


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
