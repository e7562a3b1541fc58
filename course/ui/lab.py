"""The Pipeline Lab's composition: the panel of pickers, presets, lesson controls and the shareable link.

The composition lives in this session's state and in the page's link; running it is `ui.runs`.
Whatever its origin (pickers, a preset, a link, a lesson's locked ports), a composition runs only
after `accept`: the registry's check, then the path policy (`policy.checked_config`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from course.explain.wiring import shown_spec
from course.ui import exercises, files, notices, pending, policy, room_member, state
from course.ui.forms import component_picker, kind_key, seed_widgets
from course.ui.links import Controls, controls_from_query, from_query, lesson_query
from cq4ds.config_file import dump_spec, load_config
from cq4ds.domain import ON_INVALID, PORTS, Cq4dsError, PipelineConfig
from cq4ds.grading.exercises import Exercise, exercise
from cq4ds.registry import Registry

DEFAULT_CONFIG = "configs/notebook.toml"
LABELS = {
    "source": "Source · adapter",
    "cleaning": "Cleaning · strategy",
    "features": "Features · strategy",
    "model": "Model · strategy",
    "split": "Split · strategy",
    "sink": "Sink · adapter",
}


def config_files() -> list[str]:
    """The shipped configs in configs/, by file name, the notebook recipe first."""
    names = sorted(path.name for path in Path("configs").glob("*.toml"))
    return sorted(names, key=lambda name: name != Path(DEFAULT_CONFIG).name)


@st.cache_data(show_spinner=False)
def default_config() -> PipelineConfig:
    """The composition the Lab starts from: the original notebook's recipe."""
    return load_config(DEFAULT_CONFIG)


def current_config(registry: Registry) -> PipelineConfig:
    """This session's composition: from the link on the first visit, else as last chosen.

    Every port's kind is loaded: a participant's component that is not (not written yet, or its file does not
    import now) is a wish in `pending`, with a built-in component standing in until it loads.
    """
    config = state.get("lab.config")
    if config is None:
        link = {key: value for key, value in st.query_params.to_dict().items() if key not in room_member.ROOM_KEYS}
        query, missing = pending.from_link(link, registry)
        try:
            config = from_query(query, default_config(), registry)
        except Cq4dsError as error:
            notices.warning(
                f"This link's composition could not be restored, so the Lab starts from the notebook recipe: {error}"
            )
            config, missing = default_config(), {}
        for port, spec in missing.items():
            pending.wish_for(port, spec, config.spec(port).kind)
    config = pending.settle(registry, config, default_config())
    state.put("lab.config", config)
    return config


def load_preset(name: str, registry: Registry) -> None:
    """Start over from a shipped config (a button callback: runs before the widgets are drawn).

    The ports a lesson link hides or locks stay as the link set them: a preset fills only the others.
    """
    config = registry.check(load_config(Path("configs") / name))
    current = state.get("lab.config") or default_config()
    for port in controls().fixed:
        config = config.with_spec(port, current.spec(port))
    pending.forget(set(PORTS) - controls().fixed)
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
                st.code(dump_spec(shown_spec(config.spec(port), policy.shown_path)), language="toml", wrap_lines=True)
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


def accept(config: PipelineConfig, registry: Registry) -> PipelineConfig | None:
    """The chosen composition, checked, as it may run; None after showing why when it is invalid.

    The one door to a run in the Lab: the registry checks kinds and parameters, then the path policy
    lets a source read only sample_data/ or this session's uploads and moves a sink's file into this
    session's folder (`policy.checked_config`).
    """
    try:
        return policy.checked_config(registry.check(config), registry)
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


def lesson_exercise() -> Exercise | None:
    """The exercise this session's lesson link belongs to, if it names one."""
    number = controls().exercise
    return None if number is None else exercise(number)


def share_link(config: PipelineConfig, registry: Registry) -> None:
    """Keep the composition (and a lesson's hidden or locked controls) in the link, so a copy reproduces it."""
    query = lesson_query(config, default_config(), registry, controls())
    wished = pending.link_entries()  # a wish stands in the link for the built-in component running in its place
    query = {key: value for key, value in query.items() if key.split(".", 1)[0] not in wished} | wished
    query |= room_member.link_entries()  # a participant in a room stays in it when they reload the Lab
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def registry() -> Registry:
    """The registry the Lab offers: the built-in components plus those in the exercise files (problems warned)."""
    discovery = exercises.discovered()
    exercises.warn_about(discovery)
    return discovery.registry
