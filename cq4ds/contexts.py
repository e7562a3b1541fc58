"""Contexts: the same pipeline code, wired for production, for tests (generated or recorded data), and for a notebook.

They differ only in what they inject into the composition root; read them side by side.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.parquet_source import ParquetSource
from cq4ds.adapters.sample_files import write_parquet
from cq4ds.adapters.sqlite_source import SqliteSource
from cq4ds.adapters.synthetic import generate
from cq4ds.bootstrap import Pipeline, build_pipeline
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec, Passengers, PipelineConfig
from cq4ds.ports import PassengerSource
from cq4ds.registry import Registry


def production(config_path: str | Path = NOTEBOOK_RECIPE) -> Pipeline:
    """Everything as the config file says: real files, databases and sinks."""
    return build_pipeline(load_config(config_path))


def testing(config_path: str | Path = NOTEBOOK_RECIPE, rows: int = 400, seed: int = 7) -> Pipeline:
    """The same pipeline on a small generated passenger list, writing to memory: fast and repeatable."""
    return build_pipeline(
        load_config(config_path),
        source=InMemorySource.from_frame(generate(rows, seed=seed)),
        sink=InMemorySink(),
    )


RECORDING = "sample_data/recorded_200.parquet"  # made by `record()` (`make sample-data` remakes it)


def recorded(path: str | Path = RECORDING, config_path: str | Path = NOTEBOOK_RECIPE) -> Pipeline:
    """The same pipeline on a frozen recording of the production source's rows (see `record`), writing to memory."""
    return build_pipeline(load_config(config_path), source=ParquetSource(path=str(path)), sink=InMemorySink())


def record(
    path: str | Path = RECORDING, rows: int = 200, seed: int = 0, config_path: str | Path = NOTEBOOK_RECIPE
) -> Path:
    """Freeze `rows` records of the production source, drawn with `seed`, into the Parquet file `path`.

    The schema's columns keep the types the source yields (SQLite's FLOAT numbers stay floats), so the
    recording replays what production reads, quirks included. Record again when the source changes.
    """
    raw = pd.concat(production(config_path).source.read_batches(100_000), ignore_index=True)
    write_parquet(raw.sample(n=min(rows, len(raw)), random_state=seed).sort_index(), path)
    return Path(path)


def notebook(passengers: Passengers, config_path: str | Path = NOTEBOOK_RECIPE) -> Pipeline:
    """The same pipeline on passengers a notebook already holds, keeping predictions in memory."""
    return build_pipeline(
        load_config(config_path),
        source=InMemorySource.from_passengers(passengers),
        sink=InMemorySink(),
    )


def lab(config: PipelineConfig, output_folder: Path, registry: Registry | None = None) -> Pipeline:
    """The Lab in the app: the memory source holds the sample passengers; sinks write in the user's own folder.

    `registry` is where the Lab looks components up: the built-in one plus the participant's exercises.
    """
    source = lab_source(config.source, registry) if config.source.kind == "memory" else None
    if "path" in config.sink.options:  # the file's name is the user's; its folder is always the session's own
        private_path = output_folder / Path(str(config.sink.options["path"])).name
        config = config.with_spec("sink", config.sink.with_params(path=str(private_path)))
    return build_pipeline(config, registry=registry, source=source)


def lab_source(spec: ComponentSpec, registry: Registry | None = None) -> PassengerSource:
    """The Lab's source alone (reading data needs no other component): 'memory' holds the sample passengers."""
    if spec.kind == "memory":
        return InMemorySource.from_frame(sample_passengers())
    return (registry or Registry()).create("source", spec)


def sample_passengers() -> pd.DataFrame:
    """The bundled sample passengers as one raw frame (what the Lab's memory source holds)."""
    return pd.concat(SqliteSource().read_batches(100_000), ignore_index=True)


def in_memory(config: PipelineConfig, passengers: pd.DataFrame, **injected: Any) -> Pipeline:
    """The pipeline on passenger records already in memory; any other part may be injected too."""
    return build_pipeline(config, source=InMemorySource.from_frame(passengers), **injected)
