"""Ports: the roles the core talks to. Anything with these methods fits (typing.Protocol).

Frames crossing a port use the passenger schema's column names (`cq4ds.domain.FIELD_NAMES`);
sources return raw records in those columns and `cq4ds.columnar` checks them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

if TYPE_CHECKING:  # annotations only: the ports import nothing at run time
    import numpy as np
    import pandas as pd


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
class PredictionSink(Protocol):
    """Writes predictions somewhere, all or nothing."""

    def describe(self) -> str:
        """Where predictions go, for messages."""
        ...

    def write(self, batches: Iterable[pd.DataFrame]) -> int:
        """Write every batch (columns pid, probability, label), publish atomically, return the row count."""
        ...


@runtime_checkable
class Cleaner(Protocol):
    """A cleaning step: schema frame in, schema frame out (safe to use with DataFrame.pipe)."""

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame: ...


@runtime_checkable
class FeatureBuilder(Protocol):
    """Turns passengers into the model's input matrix."""

    def fit(self, train: pd.DataFrame, population: pd.DataFrame) -> Self:
        """Learn from the training rows.

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
class Classifier(Protocol):
    """Predicts survival probability from the input matrix."""

    def fit(self, features: np.ndarray, labels: np.ndarray) -> Self: ...

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Probability of survival for each row."""
        ...

    def weights(self) -> Sequence[float] | None:
        """Coefficients or importances per input column, or None when the model has none."""
        ...


@runtime_checkable
class Splitter(Protocol):
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
    "cleaning": Cleaner,
    "features": FeatureBuilder,
    "model": Classifier,
    "split": Splitter,
    "sink": PredictionSink,
}
"""The protocol each configurable port must satisfy, by port name (see cq4ds.domain.PORTS)."""
