"""The notebooks page's pieces: pick a composition, preview its notebook, download it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import nbformat
import streamlit as st

from course.explain.notebook_export import code_cells, composition_notebook, notebook_text
from course.ui import lab, notices, state
from cq4ds import contexts
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import load_config
from cq4ds.domain import Cq4dsError, PipelineConfig
from cq4ds.registry import Registry

LAB_CHOICE = "The Lab's current composition"
SHIPPED = Path("notebooks/titanic_in_a_notebook.ipynb")
OPEN_COMMAND = "make notebook"  # the Makefile target that installs JupyterLab on first use and opens SHIPPED


def chosen_config() -> tuple[str, PipelineConfig] | None:
    """The composition to export: this session's Lab composition, or a shipped config."""
    choices = [LAB_CHOICE, *lab.config_files()]
    choice = st.selectbox("Composition to export", choices, key="notebooks.choice")
    if choice == LAB_CHOICE:
        config = state.get("lab.config")
        if config is None:
            st.info("You have not opened the Pipeline Lab in this session yet, so this is its starting composition.")
            config = lab.default_config()
        return "lab", config
    try:
        return Path(choice).stem, Registry().check(load_config(Path("configs") / choice))
    except Cq4dsError as error:
        notices.error(error)
        return None


def preview_and_download(name: str, config: PipelineConfig) -> None:
    """The notebook's code cells, a download button, and the metrics its metrics cell will print."""
    for number, source in enumerate(code_cells(composition_notebook(config)), start=1):
        st.caption(f"Code cell {number}")
        st.code(source, language="python")
    st.download_button(
        f"Download {name}.ipynb",
        notebook_text(config),
        file_name=f"{name}.ipynb",
        mime="application/x-ipynb+json",
        key="notebooks.download",
    )
    try:
        metrics = metrics_of(config)
    except Cq4dsError as error:
        notices.error(error)
        return
    st.markdown("**Its metrics cell will print** (the same composition, run here by the same package):")
    st.json(metrics)


@st.cache_data(show_spinner="Running the composition…", max_entries=32)
def metrics_of(config: PipelineConfig) -> dict[str, float]:
    """The test metrics of a composition (deterministic, so a shared read-only cache is safe)."""
    return asdict(build_pipeline(config).train_and_evaluate().result.metrics)


def shipped_notebook_cells() -> list[str]:
    """The code cells of the notebook that ships in notebooks/."""
    return code_cells(nbformat.read(SHIPPED, as_version=4))


def notebook_context() -> object:
    """The notebook context in the composition root."""
    return contexts.notebook


def exporter() -> object:
    """The function that writes a composition as a notebook."""
    return composition_notebook
