"""Components the participant chose, or a lesson link named, that are not loaded right now.

A participant's file can stop importing for a moment (a syntax error while they type), and a lesson
link can name a component they have not written yet. Either way the Lab runs a built-in component in
that port meanwhile, says so in one line, keeps the wish (kind and parameters) in this session and in
the link, and puts it back as soon as the file loads, unless the participant picked something else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from course.ui import exercises, notices, state
from course.ui.forms import kind_key, seed_widgets
from course.ui.links import check_shareable
from cq4ds.domain import PORTS, ComponentSpec, Cq4dsError, PipelineConfig
from cq4ds.grading.exercises import file_argument, for_kind, missing_fix
from cq4ds.registry import Registry

KEY = "lab.pending"
PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,63}")  # what Registry.extended accepts as a kind


@dataclass(frozen=True)
class Wish:
    """A component wanted at a port but not loaded now, and the built-in kind that stands in for it."""

    spec: ComponentSpec
    stand_in: str


def wishes() -> dict[str, Wish]:
    """This session's wanted components, by port."""
    return dict(state.get(KEY, {}))


def _keep(chosen: Mapping[str, Wish]) -> None:
    state.put(KEY, dict(chosen))


def from_link(query: Mapping[str, str], registry: Registry) -> tuple[dict[str, str], dict[str, ComponentSpec]]:
    """The link without the ports whose kind is not loaded, and those ports' specs (kind and raw parameters)."""
    kept, missing = dict(query), {}
    for port in PORTS:
        kind = query.get(port)
        if kind is None or kind in registry.kinds(port) or not PLAIN_NAME.fullmatch(kind):
            continue  # loaded, or not a name any file could register: the link's check explains it
        params = {key.split(".", 1)[1]: value for key, value in query.items() if key.startswith(f"{port}.")}
        missing[port] = ComponentSpec(kind, params)
        for key in [port, *(f"{port}.{name}" for name in params)]:
            kept.pop(key)
    return kept, missing


def forget(ports: set[str]) -> None:
    """Drop the wishes at `ports` (the participant chose a whole new composition)."""
    _keep({port: wish for port, wish in wishes().items() if port not in ports})


def wish_for(port: str, spec: ComponentSpec, stand_in: str) -> None:
    """Remember `spec` at `port` until its kind loads; `stand_in` runs there meanwhile."""
    _keep({**wishes(), port: Wish(spec, stand_in)})


def _remembered(port: str, kind: str) -> ComponentSpec:
    """The kind and parameter values a port's widgets held on the last run (before its kind went missing)."""
    prefix = f"lab.{port}.{kind}."
    params = {key[len(prefix) :]: value for key, value in st.session_state.items() if str(key).startswith(prefix)}
    return ComponentSpec(kind, {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()})


def settle(registry: Registry, config: PipelineConfig, fallback: PipelineConfig) -> PipelineConfig:
    """`config` with every port's kind loaded: a vanished kind becomes a wish (a stand-in runs), a loaded wish returns.

    Call before the pickers are drawn. A picker the participant changed while their kind was away drops the wish.
    """
    chosen = wishes()
    for port in PORTS:
        shown = st.session_state.get(kind_key(port), config.spec(port).kind)
        if port not in chosen and shown not in registry.kinds(port):  # their file stopped loading
            spec = _remembered(port, shown) if shown != config.spec(port).kind else config.spec(port)
            chosen[port] = Wish(spec, _stand_in(registry, port, fallback))
            if kind_key(port) in st.session_state:
                seed_widgets(registry, port, _stand_in_spec(port, chosen[port], fallback, config))
        if port not in chosen:
            continue
        wish = chosen[port]
        if wish.spec.kind not in registry.kinds(port):
            config = config.with_spec(port, _stand_in_spec(port, wish, fallback, config))
            continue
        del chosen[port]
        if st.session_state.get(kind_key(port), wish.stand_in) != wish.stand_in:
            continue  # the participant picked another component meanwhile: theirs to keep
        config = config.with_spec(port, _restored(registry, config, port, wish.spec))
        if kind_key(port) in st.session_state:
            seed_widgets(registry, port, config.spec(port))
        st.toast(f"Your {port} `{wish.spec.kind}` loads again: the Lab uses it once more.", icon="✅")
    _keep(chosen)
    return config


def _restored(registry: Registry, config: PipelineConfig, port: str, spec: ComponentSpec) -> ComponentSpec:
    """`spec` checked by the registry (link text becomes typed values); its defaults when the values no longer fit."""
    try:
        return registry.check(config.with_spec(port, spec)).spec(port)
    except Cq4dsError as error:
        notices.warning(f"Your {port} is back with its default settings: {error}")
        return ComponentSpec(spec.kind)


def _stand_in(registry: Registry, port: str, fallback: PipelineConfig) -> str:
    kind = fallback.spec(port).kind
    return kind if kind in registry.kinds(port) else registry.kinds(port)[0]


def _stand_in_spec(port: str, wish: Wish, fallback: PipelineConfig, config: PipelineConfig) -> ComponentSpec:
    if config.spec(port).kind == wish.stand_in:
        return config.spec(port)
    return fallback.spec(port) if fallback.spec(port).kind == wish.stand_in else ComponentSpec(wish.stand_in)


def explain() -> None:
    """One line per wish: what is missing, what runs instead, and what brings it back."""
    for port, wish in wishes().items():
        kind = wish.spec.kind
        write = missing_fix(port, kind)
        exercise = for_kind(port, kind)
        if exercise is not None and exercise.path().exists():
            why = f"`{file_argument(exercise.path())}` does not load now (see the warning above)"
            then = f"fix it, save, and {exercises.AFTER_SAVING}"
        elif write is not None:
            why, then = "you have not written it yet", f"{write}, then {exercises.AFTER_SAVING}"
        else:
            why, then = "no file in your exercises folder adds it now", f"add it, save, and {exercises.AFTER_SAVING}"
        st.warning(
            f"Your {port} `{kind}` is not loaded: {why}. The Lab runs `{wish.stand_in}` in its place meanwhile "
            f"and switches back as soon as it loads. Fix: {then}.",
            icon="⏳",
        )  # the kind is a plain name (see from_link), so it cannot break out of its code span


def link_entries() -> dict[str, str]:
    """The wishes as link entries (`port=kind`, `port.param=value`), so a reload or a copied link keeps them."""
    entries = {}
    for port, wish in wishes().items():
        entries[port] = wish.spec.kind
        for name, value in wish.spec.params:
            try:
                check_shareable(name, name, value)  # a link never carries an upload or a path out of sample_data/
            except Cq4dsError:
                continue
            entries[f"{port}.{name}"] = ",".join(map(str, value)) if isinstance(value, tuple) else str(value)
    return entries
