"""Run a composition from the UI: progress while it runs, a friendly message when it fails."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cq4ds.bootstrap import TrainedRun, build_pipeline
from cq4ds.config_file import dump_config, load_config
from cq4ds.domain import Cq4dsError, PipelineConfig

CONFIG_FOLDER = Path("configs")


DEFAULT_CONFIG = "notebook.toml"


def config_files() -> list[str]:
    """The example configs shipped in configs/, by file name, the notebook recipe first."""
    names = sorted(path.name for path in CONFIG_FOLDER.glob("*.toml"))
    return sorted(names, key=lambda name: name != DEFAULT_CONFIG)


def read_config(name: str) -> tuple[PipelineConfig, str] | None:
    """The config in configs/`name` and its canonical TOML, or None after showing why it cannot be read."""
    try:
        config = load_config(CONFIG_FOLDER / name)
    except Cq4dsError as error:
        st.error(str(error))
        return None
    return config, dump_config(config)


def train(config: PipelineConfig) -> TrainedRun | None:
    """Train and evaluate `config`, showing each stage; None after showing a user error."""
    with st.status("Running the pipeline…", expanded=False) as status:

        def listener(stage: str, number: int, total: int) -> None:
            status.update(label=f"Stage {number}/{total}: {stage}")

        try:
            trained = build_pipeline(config).train_and_evaluate(listener=listener)
        except Cq4dsError as error:
            status.update(label="The run stopped", state="error")
            st.error(str(error))
            return None
        status.update(label="Done", state="complete")
    return trained
