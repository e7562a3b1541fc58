"""The patterns page's pieces: one section per pattern, its structure diagram, its code and its live use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from course.explain import patterns
from course.explain.lessons import LEGACY_SCRIPT, excerpt
from course.explain.pattern_diagrams import adapter_dot, factory_dot, strategy_dot
from course.explain.patterns import ADAPTER_SAMPLES, AdapterView
from course.explain.source import source_of
from course.ui import charts, concept, notices
from course.ui.pattern_cards import PatternCard
from cq4ds.columnar import to_passengers
from cq4ds.domain import PORTS, Cq4dsError, RunResult
from cq4ds.params import check_params
from cq4ds.ports import Model, PassengerSource
from cq4ds.registry import Registry
from cq4ds.usecases.predictor import Predictor

EXAMPLES = {  # a spec to start from, per port
    "source": 'kind = "csv"\nparams = { path = "sample_data/kaggle_train.csv" }',
    "cleaning": 'kind = "drop_incomplete"\nparams = { subset = "age" }',
    "features": 'kind = "notebook"\nparams = { n_neighbors = 7 }',
    "model": 'kind = "random_forest"\nparams = { n_estimators = 50, max_depth = 4 }',
    "split": 'kind = "stratified_holdout"\nparams = { test_size = 0.3 }',
    "sink": 'kind = "parquet"\nparams = { path = "predictions.parquet" }',
}


@st.cache_data(show_spinner="Training through build_pipeline…", max_entries=16)
def trained_with(kind: str) -> RunResult:
    """The notebook recipe with model `kind` (the same for everyone, so shared)."""
    return patterns.train_with_model(kind)


@st.cache_data(show_spinner=False, max_entries=64)
def read_through(store: str, rows: int) -> AdapterView:
    """The first rows of a sample store, read through its adapter (read-only, shared)."""
    return patterns.adapter_view(ADAPTER_SAMPLES[store], rows)


def section(card: PatternCard, live: Callable[[], str], *code: type | Callable[..., Any]) -> None:
    """A pattern's section: intent, problem, solution, structure, live use, its code, pros and cons, relations.

    `live` draws the live demo and returns the structure diagram (DOT) that fits what the learner chose.
    """
    st.markdown(f"**Intent.** {card.intent}")
    st.markdown(f"**In the talk's material.** {card.in_the_talk}")
    start, end, highlight = card.problem_lines
    concept.problem(card.problem, excerpt(LEGACY_SCRIPT, start, end, highlight))
    concept.move(card.solution)
    st.markdown("**Structure**, drawn from the real classes (their names, methods and parameters, via `inspect`)")
    structure = st.container()
    concept.demo(f"Live: {card.name.lower()}")
    diagram = live()
    with structure:
        st.graphviz_chart(diagram, width="stretch")
    st.markdown("**The project's own code**")
    for obj in code:
        view = source_of(obj)
        with st.expander(f"{view.qualname} · {view.location}"):
            st.code(view.text, language="python", line_numbers=True)
    pros, cons = st.columns(2)
    pros.markdown("**Pros** (our assessment)\n" + "\n".join(f"- {item}" for item in card.pros))
    cons.markdown("**Cons** (our assessment)\n" + "\n".join(f"- {item}" for item in card.cons))
    st.markdown(f"**Relations with the other two** (our wording). {card.relations}")


def adapter_live() -> str:
    """The same port over five stores: the store's own columns, what read_batches yields, and after conform."""
    store = st.segmented_control("Store", tuple(ADAPTER_SAMPLES), default="CSV (titanic3)", key="patterns.store")
    store = store or "CSV (titanic3)"
    rows = int(st.number_input("rows, as in read_batches(rows)", 1, 20, 5, key="patterns.rows"))
    view, spec = read_through(store, rows), ADAPTER_SAMPLES[store]
    st.code(
        f'source = Registry().create("source", ComponentSpec("{spec.kind}", {spec.options!r}))\n'
        f"batch = next(source.read_batches({rows}))  # {view.origin}",
        language="python",
        wrap_lines=True,
    )
    stored, yielded = st.columns(2)
    stored.markdown("**The store's own columns**")
    stored.code(", ".join(view.stored), language="text", wrap_lines=True)
    yielded.markdown("**What `read_batches` yields**")
    yielded.code(", ".join(map(str, view.yielded.columns)), language="text", wrap_lines=True)
    if view.extra:
        st.caption(f"Passed through and dropped by `conform` (not in the schema): {', '.join(view.extra)}.")
    st.markdown(f"**After `conform`: the first {len(view.checked)} passengers, typed by the schema**")
    st.dataframe(view.checked, hide_index=True, width="stretch")
    return adapter_dot()


def factory_live() -> str:
    """Build a component from a TOML spec through the registry; returns the factory's diagram for the port chosen."""
    port = st.selectbox("Port", PORTS, index=PORTS.index("model"), key="patterns.port")
    text = st.text_area("Spec as TOML", EXAMPLES[port], height=90, key=f"patterns.spec.{port}")
    st.caption("Registry kinds for this port: " + ", ".join(f"`{kind}`" for kind in Registry().kinds(port)))
    try:
        built = patterns.build_from_toml(port, text)
    except Cq4dsError as error:
        notices.error(error)
        return factory_dot(port)
    st.markdown(f"`Registry().create({port!r}, spec)` built a **{built.cls}** from `{built.module}`:")
    st.code(built.text, language="python")
    st.dataframe(
        pd.DataFrame({"parameter": list(built.params), "value": map(repr, built.params.values())}), hide_index=True
    )
    return factory_dot(port)


def strategy_live() -> str:
    """Two model strategies trained through build_pipeline on the sample, metrics side by side."""
    kinds = Registry().kinds("model")
    left, right = st.columns(2)
    first = left.selectbox("Strategy A", kinds, index=kinds.index("logistic_regression"), key="patterns.model_a")
    second = right.selectbox("Strategy B", kinds, index=kinds.index("random_forest"), key="patterns.model_b")
    a, b = trained_with(first), trained_with(second)
    rows = [
        {
            "metric": charts.metric_label(name),
            f"A: {first}": getattr(a.test.metrics, name),
            f"B: {second}": getattr(b.test.metrics, name),
            "B − A": getattr(b.test.metrics, name) - getattr(a.test.metrics, name),
        }
        for name in charts.METRICS
    ]
    st.dataframe(pd.DataFrame(rows).round(3), hide_index=True, width="stretch")
    st.caption(
        f"Both trained through `build_pipeline` on the notebook recipe ({a.n_train} passengers, tested on {a.n_test}); "
        f'the only difference is the model spec: `ComponentSpec("{first}")` against `ComponentSpec("{second}")`.'
    )
    return strategy_dot()


def code_of(pattern: str) -> tuple[type | Callable[..., Any], ...]:
    """The package's own code for a pattern: its implementations, or the factory's functions."""
    registry = Registry()
    if pattern == "Factory":
        return Registry.create, check_params, to_passengers
    if pattern == "Strategy":
        return Predictor, registry.component_class("model", "random_forest")
    return registry.component_class("source", "csv"), registry.component_class("source", "sqlite")


def ports() -> tuple[type, ...]:
    """The ports the three patterns revolve around, and the registry."""
    return PassengerSource, Model, Registry
