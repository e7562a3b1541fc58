"""Contexts: the same pipeline code, wired for production, for tests, and for a notebook.

They differ only in what they inject into the composition root; read them side by side.
"""

from __future__ import annotations

from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.synthetic import generate
from cq4ds.bootstrap import Pipeline, build_pipeline
from cq4ds.config_file import load_config
from cq4ds.domain import Passengers

NOTEBOOK_RECIPE = "configs/notebook.toml"


def production(config_path: str = NOTEBOOK_RECIPE) -> Pipeline:
    """Everything as the config file says: real files, databases and sinks."""
    return build_pipeline(load_config(config_path))


def testing(config_path: str = NOTEBOOK_RECIPE, rows: int = 400, seed: int = 7) -> Pipeline:
    """The same pipeline on a small generated passenger list, writing to memory: fast and repeatable."""
    return build_pipeline(
        load_config(config_path),
        source=InMemorySource.from_frame(generate(rows, seed=seed)),
        sink=InMemorySink(),
    )


def notebook(passengers: Passengers, config_path: str = NOTEBOOK_RECIPE) -> Pipeline:
    """The same pipeline on passengers a notebook already holds, keeping predictions in memory."""
    return build_pipeline(
        load_config(config_path),
        source=InMemorySource.from_passengers(passengers),
        sink=InMemorySink(),
    )
