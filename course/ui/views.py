"""The Lab's views of one composition: results, architecture, code, wiring and history."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd
import streamlit as st

from course.explain.architecture import architecture_dot
from course.explain.diff import composition_diff, describe
from course.explain.source import SourceView, component_source, port_source
from course.explain.wiring import cli_command, renamed_values, shown_config, wiring_code
from course.ui import files, metric_cards, notices, policy
from course.ui.history import RunRecord, render_history
from course.ui.runs import LabRun
from cq4ds.config_file import dump_config
from cq4ds.domain import PORTS, PipelineConfig
from cq4ds.grading.exercises import WINDOWS_PYTHON
from cq4ds.registry import Registry

METRICS = metric_cards.METRICS
BUILT_IN = Registry()  # the components every checkout has; the others come from the exercises folder
PLOT = {"config": {"displaylogo": False}, "theme": None}


def results(run: LabRun, before: LabRun | None) -> None:
    """Metric cards (with the change since the previous run), plots and a sample of predictions."""
    result = run.result
    metric_cards.show(result, None if before is None else before.result)
    data = result.data
    st.caption(
        f"Test split: {result.n_test} passengers, trained on {result.n_train}. "
        f"{notices.literal(files.friendly(data.origin))}: {data.rows_read} rows "
        f"read, {len(data.quarantined)} quarantined, {data.rows_after_cleaning} after cleaning. "
        f"Predictions: {run.written} rows written to {notices.literal(files.friendly(run.destination))}."
    )
    left, right = st.columns(2)
    figures = run.figures
    left.plotly_chart(figures["cm_train"], **PLOT, key="lab.cm_train")
    right.plotly_chart(figures["cm_test"], **PLOT, key="lab.cm_test")
    left, right = st.columns(2)
    left.plotly_chart(figures["roc"], **PLOT, key="lab.roc")
    if result.feature_weights:
        right.plotly_chart(figures["weights"], **PLOT, key="lab.weights")
    else:
        right.info("This model has no coefficients or importances to show.")
    st.plotly_chart(figures["timings"], **PLOT, key="lab.timings")
    if data.quarantined:
        with st.expander(f"{len(data.quarantined)} quarantined rows"):
            st.dataframe(pd.DataFrame([asdict(q) for q in data.quarantined]), hide_index=True)
    st.markdown("**A sample of test predictions**")
    sample = pd.DataFrame([asdict(p) for p in result.test_predictions[:12]])
    st.dataframe(sample, hide_index=True)
    if run.output is not None and run.output.is_file():
        st.download_button(f"Download {run.output.name}", run.output.read_bytes(), file_name=run.output.name)
    elif run.output is not None and run.output.is_dir():
        parts = sum(1 for _ in run.output.iterdir())
        st.caption(
            f"`{run.output.name}` is a Parquet dataset: a folder of {parts} part file{'s' if parts != 1 else ''}, "
            "one per partition, that `pandas.read_parquet` reads whole. There is no single file to download."
        )


def architecture(config: PipelineConfig, registry: Registry, highlight: str | None) -> None:
    """The composition by layer, computed from the package's real imports and the registry."""
    st.caption(
        "Solid arrows are real imports (importer → imported): they all point inward, to the domain. "
        "Dashed arrows: a component fits its port by shape (typing.Protocol) without importing it. "
        + (f"Highlighted: the **{highlight}** you just changed." if highlight else "")
    )
    st.graphviz_chart(architecture_dot(config, registry, highlight), width="stretch")


def _show_source(view: SourceView) -> None:
    st.caption(f"`{view.location}` · `{view.qualname}`")
    st.code(view.text, language="python", line_numbers=True)


def code(config: PipelineConfig, registry: Registry) -> None:
    """The real source of each active component, and of the port it implements."""
    port = st.segmented_control("Port", PORTS, default="model", key="lab.code.port") or "model"
    kind = config.spec(port).kind
    left, right = st.columns(2)
    with left:
        st.markdown(f"**The component: `{kind}`**")
        _show_source(component_source(registry, port, kind))
    with right:
        st.markdown("**The port it implements**")
        _show_source(port_source(port))


def wiring(config: PipelineConfig) -> None:
    """The Python and the TOML that build this composition, and the command that reruns it.

    Files in this session's private folder are named by the user's own file name (an upload) or their
    file name (an output), never by their path on the server.
    """
    shown = shown_config(config, policy.shown_path)
    theirs = [port for port in PORTS if config.spec(port).kind not in BUILT_IN.kinds(port)]
    st.markdown("**Python**: the composition root builds everything from plain data")
    st.code(wiring_code(shown, exercises=bool(theirs)), language="python")
    st.markdown("**TOML config**: the same composition as a file")
    toml_text = dump_config(shown)
    st.code(toml_text, language="toml")
    st.download_button("Download lab.toml", toml_text, file_name="lab.toml", mime="application/toml")
    st.markdown("**Command line**: reproduces these metrics exactly")
    st.code(cli_command("lab.toml"), language="bash")
    st.caption(
        f"Save lab.toml in the project's folder (the one with `Makefile`) and run this there. On Windows: "
        f"`{cli_command('lab.toml', WINDOWS_PYTHON)}`."
        + (
            f" Your own {', '.join(theirs)} component comes from your exercises folder, as in the Lab: "
            "the command line and the Python above load the same files."
            if theirs
            else ""
        )
    )
    named = renamed_values(config, policy.shown_path)
    if named:
        st.caption(
            f"Your files appear by their own names ({notices.literal(', '.join(named))}): "
            "put each file in the project's folder too, beside lab.toml."
        )


def history(runs: list[RunRecord], registry: Registry) -> None:
    """This session's runs side by side, and what changed between any two."""
    render_history(
        runs, lambda a, b: [notices.literal(files.friendly(describe(c))) for c in composition_diff(a, b, registry)]
    )
