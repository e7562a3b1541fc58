"""The many-features demo: compose the feature list from named parts and compare with the notebook."""

from __future__ import annotations

import difflib

import streamlit as st

from course.ui import notices
from cq4ds import contexts
from cq4ds.config_file import dump_config, load_config
from cq4ds.domain import FIELD_NAMES, ComponentSpec, Cq4dsError, PipelineConfig, RunResult
from cq4ds.registry import Registry

REGISTRY = Registry()
PARTS_INFO = next(p for p in REGISTRY.info("features", "composed").params if p.name == "parts")


def composed_config(parts: tuple[str, ...], n_neighbors: int) -> PipelineConfig:
    """The notebook recipe with its features composed from `parts`."""
    spec = ComponentSpec("composed", {"parts": parts, "n_neighbors": n_neighbors})
    return REGISTRY.check(load_config("configs/notebook.toml").with_spec("features", spec))


@st.cache_data(show_spinner="Training…", max_entries=64)
def run(config: PipelineConfig) -> RunResult:
    """Train and evaluate a composition (deterministic, so shared read-only results are safe to cache)."""
    return contexts.build_pipeline(config).train_and_evaluate().result


def chosen_parts() -> tuple[tuple[str, ...], int]:
    """The parts picked (in order) and the imputer's neighbours."""
    parts = st.multiselect(
        "Feature parts (in order)", PARTS_INFO.choices, default=list(PARTS_INFO.default), key="features.parts"
    )
    neighbours = st.slider("Neighbours for imputing numbers", 1, 20, 5, key="features.neighbours")
    return tuple(parts), neighbours


def compare(parts: tuple[str, ...], neighbours: int) -> None:
    """Metrics of the chosen parts against the notebook's parts, and the config lines that differ."""
    if not parts:
        st.info("Pick at least one feature part.")
        return
    try:
        baseline = run(composed_config(tuple(PARTS_INFO.default), 5))
        config = composed_config(parts, neighbours)
        result = run(config)
    except Cq4dsError as error:
        notices.error(error)
        return
    names = ("accuracy", "precision", "recall", "f1", "roc_auc")
    for column, name in zip(st.columns(len(names)), names, strict=True):
        value, before = getattr(result.metrics, name), getattr(baseline.metrics, name)
        column.metric(
            name.replace("_", " ").upper() if name == "roc_auc" else name.title(),
            f"{value:.3f}",
            None if round(value - before, 3) == 0 else f"{value - before:+.3f}",
        )
    st.caption(
        "Changes are against the notebook's parts. "
        f"{len(result.feature_weights)} model inputs from {len(parts)} parts; the Passenger entity keeps "
        f"its {len(FIELD_NAMES)} fields whatever you pick."
    )
    before_text = dump_config(composed_config(tuple(PARTS_INFO.default), 5)).splitlines()
    diff = difflib.unified_diff(before_text, dump_config(config).splitlines(), "notebook parts", "yours", lineterm="")
    st.code("\n".join(diff) or "(identical to the notebook's parts)", language="diff")


def code_shown() -> tuple[object, ...]:
    """The package code this page is about."""
    return (REGISTRY.component_class("features", "composed"), "cq4ds.strategies.feature_parts")


def title_finding() -> str:
    """What removing the title does on the bundled data, measured with the notebook's parts (a "try this" line)."""
    parts = tuple(PARTS_INFO.default)

    def measured(chosen: tuple[str, ...]):
        return run(composed_config(chosen, 5)).metrics

    def without(*names: str):
        return measured(tuple(part for part in parts if part not in names))

    def moved(after: float, before: float) -> str:
        return f"{round(after - before, 3) + 0.0:+.3f}"  # + 0.0: a change that rounds to nothing shows as +0.000

    base, no_title, neither = measured(parts), without("title"), without("title", "sex")
    title_only, sex_only = measured(("title",)), measured(("sex",))
    return (
        "Remove **title**: the list shrinks by one line. On the bundled data, accuracy moves by "
        f"{moved(no_title.accuracy, base.accuracy)} and ROC AUC by {moved(no_title.roc_auc, base.roc_auc)}. Title "
        f"alone reaches an accuracy of {title_only.accuracy:.3f}, sex alone {sex_only.accuracy:.3f}: here the two "
        "carry the same signal, so either stands in for the other. Remove **sex** as well and accuracy moves by "
        f"{moved(neither.accuracy, base.accuracy)}, ROC AUC by {moved(neither.roc_auc, base.roc_auc)}."
    )
