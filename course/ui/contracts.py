"""The Clean Architecture page's contract view: a package drawn by layer, its contracts checked live."""

from __future__ import annotations

import streamlit as st

from course.explain import contracts, layer_graph
from course.explain.contracts import ContractResult, Evaluation
from course.explain.lessons import Excerpt, excerpt
from course.ui import concept, notices
from cq4ds.domain import Cq4dsError

PACKAGES = {
    "The real package (cq4ds)": contracts.PROJECT_CONFIG,
    "The broken example (lessons/broken)": contracts.BROKEN_CONFIG,
}
WHOLE = "(none: one box per layer member)"
KEY = "clean_architecture"
SMALL_DRAWING = 12  # boxes: a drawing this small is shown at a fixed width instead of filling the page


def legacy_excerpt() -> Excerpt:
    """The legacy script's imports: one flat module that depends on the database, pandas, sklearn and a cache."""
    return excerpt(
        "legacy/titanic_notebook.py",
        r"^import os",
        r"^os\.makedirs",
        highlight=(r"^import sqlite3", r"^from sklearn", r"^import pandas", r"^CACHE"),
    )


def _evaluation(config: str) -> Evaluation | None:
    """The config's contracts, checked once per process (the code on disk does not change while the app runs)."""
    try:
        with st.spinner("Building the import graph and checking the contracts with import-linter…"):
            return contracts.evaluate(config)
    except Cq4dsError as error:
        notices.error(error)
        return None


def package_view() -> None:
    """The package picker, the layer diagram from the real imports, and every contract kept or broken."""
    choice = st.radio("Which package?", list(PACKAGES), horizontal=True, key=f"{KEY}.package")
    config = PACKAGES[choice]
    evaluation = _evaluation(config)
    if evaluation is None:
        return
    layers = layer_graph.layers(config)
    members = [member for layer in layers for member in layer]
    left, right = st.columns([3, 2])
    expand = left.selectbox("Open one box into its modules", [WHOLE, *members], key=f"{KEY}.expand.{config}")
    libraries = right.toggle(  # on for the small example, off for the real package, whose libraries crowd the view
        "Show the outside libraries the contracts name",
        value=config == contracts.BROKEN_CONFIG,
        key=f"{KEY}.externals.{config}",
    )
    externals = layer_graph.external_modules(config) if libraries else ()
    opened = "" if expand == WHOLE else expand
    small = layer_graph.box_count(evaluation, layers, externals, opened) <= SMALL_DRAWING
    st.graphviz_chart(layer_graph.layer_dot(evaluation, layers, externals, opened), width=480 if small else "stretch")
    st.caption(layer_graph.LEGEND)
    kept = len(evaluation.contracts) - len(evaluation.broken)
    st.caption(
        f"`{evaluation.root_package}`: {len(evaluation.modules)} modules, {len(evaluation.imports)} direct imports. "
        f"Layers read from `{config}`. import-linter checked {len(evaluation.contracts)} contracts in "
        f"{evaluation.seconds:.2f} s: **{kept} kept, {len(evaluation.broken)} broken**."
    )
    for contract in evaluation.contracts:
        _contract(config, contract)


def _contract(config: str, contract: ContractResult) -> None:
    """One contract: a green line when kept; when broken, each forbidden dependency and the chains behind it."""
    if contract.kept:
        st.success(f"**Kept** · {contract.name} ({contract.type})")
        return
    st.error(f"**Broken** · {contract.name} ({contract.type})")
    for violation in contract.violations:
        st.markdown(f"`{violation.importer}` is not allowed to import `{violation.imported}`, but does through:")
        for chain in violation.chains:
            lines = []
            for link in chain:
                lines.append(f"{link.importer} -> {link.imported}  (line {', '.join(map(str, link.lines))})")
                lines.append(f"    {contracts.import_statement(config, link)}")
            st.code("\n".join(lines), language="text", wrap_lines=True)


def show_legacy(text: str) -> None:
    """The problem section, on the legacy script's imports."""
    concept.problem(text, legacy_excerpt())
