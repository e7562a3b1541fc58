"""Ports: the roles the core talks to. Anything with these methods fits (typing.Protocol).

Frames crossing a port use the passenger schema's column names (`cq4ds.domain.FIELD_NAMES`);
sources return raw records in those columns and `cq4ds.columnar` checks them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

if TYPE_CHECKING:  # annotations only: the ports import nothing at run time
    import numpy as np
    import pandas as pd

    from cq4ds.domain import Finished, Part, Partitions, WrittenPart


@runtime_checkable
class PassengerSource(Protocol):
    """Reads passenger records from somewhere (file, database, memory, generator)."""

    def describe(self) -> str:
        """Where the records come from, for messages ("CSV file data/x.csv")."""
        ...

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the records in schema columns, at most `rows` per frame, in a stable order."""
        ...


@runtime_checkable
class PartitionedSource(PassengerSource, Protocol):
    """A source that can be split, so that each of an engine's workers reads its own share."""

    def partitions(self, rows: int) -> Partitions:
        """How to read the records in parts of about `rows` (or why they cannot be split)."""
        ...


Step = Callable[[Any, "pd.DataFrame", "Part"], Any]
"""The work on one partition: step(shared, records, part). A module-level function, so that it pickles."""


@runtime_checkable
class Engine(Protocol):
    """Runs one step over every partition of a source: in this process, or on a cluster's workers."""

    def describe(self) -> str:
        """The engine and how it ran, for messages ("Dask, local cluster of 2 workers")."""
        ...

    def map_partitions(self, source: PassengerSource, step: Step, shared: Any, rows: int) -> Iterator[Finished]:
        """Yield `step(shared, part_records, part)` for every part of about `rows` records, in source order.

        `shared` (the predictor) reaches each worker once, never once per partition. Workers read their share
        of a `PartitionedSource` themselves; any other source is streamed from here.
        """
        ...


@runtime_checkable
class PredictionSink(Protocol):
    """Writes predictions somewhere, all or nothing."""

    def describe(self) -> str:
        """Where predictions go, for messages."""
        ...

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Write every batch (columns pid, probability, label), publish atomically, return the row count."""
        ...


PartWrite = Callable[["pd.DataFrame", int], "WrittenPart"]
"""Writes one partition's predictions where they were scored: write(predictions, part_index). It pickles."""


@runtime_checkable
class PartitionedSink(PredictionSink, Protocol):
    """A sink that can take each partition where it is scored (on an engine's worker), then publish them together."""

    def part_writer(self) -> PartWrite | None:
        """Start a write whose partitions are written where they are scored; None: this sink takes `write`'s batches."""
        ...

    def publish(self, write: PartWrite, parts: Iterable[WrittenPart]) -> int:
        """Check every part `write` wrote, then publish them all in one step, or none; return the row count."""
        ...


@runtime_checkable
class Cleaning(Protocol):
    """Cleaning in two kinds: row rules, which decide each row on its own, and learned steps, which use statistics.

    Row rules (dedupe, type fixes, fixed caps, dropping rows that cannot be scored) learn nothing, so they may
    run on every row before the split. Learned steps (imputation, percentile caps) are fitted on the training
    rows only and travel inside the shipped predictor, so scoring applies exactly what evaluation applied.
    """

    def apply_rules(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The row rules: the same answer for a row whatever other rows there are."""
        ...

    def fit(self, train: pd.DataFrame) -> Self:
        """Learn the learned steps' statistics from the training rows (row rules learn nothing)."""
        ...

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The learned steps, with what `fit` learned: fill or cap values, never drop rows."""
        ...


@runtime_checkable
class Features(Protocol):
    """Turns cleaned passengers into the model's input matrix."""

    def fit_transform(self, train: pd.DataFrame, population: pd.DataFrame) -> np.ndarray:
        """Learn from the training rows and return their matrix (each row transformed once).

        `population` is every row the pipeline has seen, without labels; a leak-free builder ignores it.
        """
        ...

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """The input matrix for `frame`, one row per passenger."""
        ...

    def feature_names(self) -> list[str]:
        """A name for each matrix column, after fitting."""
        ...


@runtime_checkable
class Model(Protocol):
    """Predicts survival probability from the input matrix."""

    def fit(self, features: np.ndarray, labels: np.ndarray) -> Self: ...

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Probability of survival for each row."""
        ...

    def weights(self) -> Sequence[float] | None:
        """Coefficients or importances per input column, or None when the model has none."""
        ...


@runtime_checkable
class Split(Protocol):
    """Chooses which labelled rows train the model and which test it."""

    def split(self, labels: Sequence[int]) -> tuple[Sequence[int], Sequence[int]]:
        """Positions of the training rows and of the test rows."""
        ...


@runtime_checkable
class ModelStore(Protocol):
    """Keeps trained models with their config and metrics."""

    def save(self, name: str, model: Any, metadata: dict[str, Any]) -> str:
        """Store a model under `name`; return where it went."""
        ...

    def load(self, name: str) -> tuple[Any, dict[str, Any]]:
        """Return a model this store wrote, and its metadata; refuse anything else."""
        ...

    def names(self) -> list[str]:
        """The stored models' names."""
        ...


PROTOCOLS: dict[str, type] = {
    "source": PassengerSource,
    "cleaning": Cleaning,
    "features": Features,
    "model": Model,
    "split": Split,
    "sink": PredictionSink,
    "engine": Engine,
}
"""The protocol each configurable port must satisfy, by port name (see cq4ds.domain.PORTS).

One word per role: the port's name, the keyword that injects it (`build_pipeline(cleaning=...)`) and its
Protocol (`Cleaning`) share a word.
"""
