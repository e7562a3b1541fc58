"""The composition root: the one place that turns a config into a wired object graph.

Every collaborator has a default built from the config and can be overridden by
injection; nothing is built at import time. Contexts (`cq4ds.contexts`) call this.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cq4ds.adapters.model_store import FileModelStore
from cq4ds.config_file import engine_spec, load_config
from cq4ds.domain import PipelineConfig, ScoreResult
from cq4ds.ports import Cleaning, Engine, Features, Model, ModelStore, PassengerSource, PredictionSink, Split
from cq4ds.registry import Registry
from cq4ds.usecases import LoadedPassengers, Predictor, TrainedRun, load_passengers, score_batch, train_and_evaluate
from cq4ds.usecases.scoring import PartitionListener
from cq4ds.usecases.timing import StageListener


@dataclass(frozen=True)
class Pipeline:
    """A composition, wired and ready to train, evaluate and score."""

    config: PipelineConfig
    source: PassengerSource
    cleaning: Cleaning
    features: Features
    model: Model
    split: Split
    sink: PredictionSink
    engine: Engine

    def load(self) -> LoadedPassengers:
        """Read and check this composition's source (what the experiment's load stage does)."""
        return load_passengers(self.source, self.config.on_invalid)

    def train_and_evaluate(
        self, listener: StageListener | None = None, preloaded: LoadedPassengers | None = None
    ) -> TrainedRun:
        """Run the experiment use case on this composition (reusing `preloaded` data if given)."""
        return train_and_evaluate(
            self.source,
            self.cleaning,
            self.features,
            self.model,
            self.split,
            on_invalid=self.config.on_invalid,
            listener=listener,
            preloaded=preloaded,
        )

    def score(
        self, predictor: Predictor, chunk_rows: int = 50_000, listener: PartitionListener | None = None
    ) -> ScoreResult:
        """Run the operational use case: score this source with a trained `predictor` into this sink, on this engine."""
        return score_batch(
            predictor,
            self.source,
            self.sink,
            self.engine,
            chunk_rows=chunk_rows,
            on_invalid=self.config.on_invalid,
            listener=listener,
        )


def build_pipeline(
    config: PipelineConfig | str | Path,
    *,
    registry: Registry | None = None,
    source: PassengerSource | None = None,
    cleaning: Cleaning | None = None,
    features: Features | None = None,
    model: Model | None = None,
    split: Split | None = None,
    sink: PredictionSink | None = None,
    engine: Engine | None = None,
) -> Pipeline:
    """Build every component the config names, unless it is injected.

    Args:
        config: a `PipelineConfig`, or the path of a TOML config file.
        registry: where component names are looked up (the built-in registry by default).
        source, cleaning, features, model, split, sink: ready-made components to use instead (each keyword
            is its port's name).
        engine: what runs batch scoring instead of the config's engine (a Dask engine holding a shared client).
    """
    config = config if isinstance(config, PipelineConfig) else load_config(config)
    registry = registry or Registry()
    config = registry.check(config)

    def made(port: str, injected: Any) -> Any:
        return injected if injected is not None else registry.create(port, config.spec(port))

    return Pipeline(
        config,
        source=made("source", source),
        cleaning=made("cleaning", cleaning),
        features=made("features", features),
        model=made("model", model),
        split=made("split", split),
        sink=made("sink", sink),
        engine=engine if engine is not None else registry.create("engine", engine_spec(config)),
    )


def open_model_store(folder: str = "models") -> ModelStore:
    """The model store the CLI and app use: signed artifacts in `folder`."""
    return FileModelStore(folder=folder)
