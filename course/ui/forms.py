"""Component pickers: a kind selector per port and parameter widgets generated from typed fields.

Nothing here sits in an `st.form`: choosing a kind shows that kind's parameters at once.
Widget keys are `lab.<port>.kind` and `lab.<port>.<kind>.<param>`, so each kind keeps its own values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from cq4ds.domain import ComponentSpec
from cq4ds.params import ParamInfo
from cq4ds.registry import Registry

ParamWidget = Callable[[ParamInfo, str], Any]
"""Renders a special parameter (like a file path) and returns its value; given the info and widget key."""


def kind_key(port: str) -> str:
    """The widget key of a port's kind selector."""
    return f"lab.{port}.kind"


def param_key(port: str, kind: str, name: str) -> str:
    """The widget key of one parameter of one kind."""
    return f"lab.{port}.{kind}.{name}"


def seed_widgets(registry: Registry, port: str, spec: ComponentSpec) -> None:
    """Put `spec`'s kind and parameters into the widgets' state, before the widgets are drawn."""
    st.session_state[kind_key(port)] = spec.kind
    for info in registry.info(port, spec.kind).params:
        value = spec.options.get(info.name, info.default)
        st.session_state[param_key(port, spec.kind, info.name)] = list(value) if info.many else value


def _number(info: ParamInfo, key: str, label: str) -> Any:
    step = 1 if info.type is int else _float_step(info)
    return st.number_input(
        label,
        min_value=_bound(info.minimum, info.type),
        max_value=_bound(info.maximum, info.type),
        step=step,
        key=key,
        help=info.help,
        format=None if info.type is int else "%g",
    )


def _float_step(info: ParamInfo) -> float:
    span = (info.maximum or 1.0) - (info.minimum or 0.0)
    return 0.01 if span <= 1 else 0.1 if span <= 100 else 1.0


def _bound(value: float | None, kind: type) -> Any:
    return None if value is None else kind(value)


def param_widget(info: ParamInfo, key: str) -> Any:
    """The widget that fits a parameter's type: checkbox, selectbox, number input or text."""
    if key not in st.session_state:
        st.session_state[key] = list(info.default) if info.many else info.default
    label = info.name.replace("_", " ")
    if info.many:
        chosen = st.multiselect(label, info.choices or (), key=key, help=f"{info.help} (in the order you pick them)")
        return tuple(chosen)
    if info.type is bool:
        return st.checkbox(label, key=key, help=info.help)
    if info.choices is not None:
        return st.selectbox(label, info.choices, key=key, help=info.help)
    if info.type in (int, float):
        return _number(info, key, label)
    return st.text_input(label, key=key, help=info.help)


def component_picker(
    registry: Registry, port: str, label: str, special: dict[str, ParamWidget] | None = None
) -> ComponentSpec:
    """A kind selector for `port` and the chosen kind's parameter widgets; returns the chosen spec."""
    kinds = registry.kinds(port)
    kind = st.selectbox(label, kinds, key=kind_key(port))
    info = registry.info(port, kind)
    st.caption(info.summary)
    params = {}
    for param in info.params:
        widget = (special or {}).get(param.name, param_widget)
        params[param.name] = widget(param, param_key(port, kind, param.name))
    return ComponentSpec(kind, params)
