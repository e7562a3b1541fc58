"""What every check works on: the component under test, a failure that says how to fix it, sample data."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cq4ds.adapters.synthetic import generate
from cq4ds.columnar import LABEL, conform, labelled
from cq4ds.domain import ComponentSpec, Cq4dsError
from cq4ds.extensions import PROJECT
from cq4ds.params import params_of
from cq4ds.registry import Registry

SAMPLE_ROWS, SAMPLE_SEED = 600, 3
TRAIN_ROWS = 400  # of the sample's labelled rows: the rest test what was learned


class CheckFailed(Cq4dsError):
    """A component breaks one of its port's checks: the message says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Subject:
    """The component under test: its port, class and kind in a registry that knows it, and a scratch folder."""

    port: str
    cls: type
    kind: str
    registry: Registry
    scratch: Path

    @property
    def name(self) -> str:
        """The class name, as messages show it."""
        return self.cls.__name__

    def build(self) -> Any:
        """An instance ready for its port's checks, built with its defaults.

        A sink with a `path` parameter writes into the scratch folder instead of its default path;
        a source that holds records in memory (it has `from_frame`) holds the sample passengers. A source
        whose default `path` is relative reads it from the project (`sample_data/...`), wherever the
        grader runs from.
        """
        if self.port == "source" and hasattr(self.cls, "from_frame"):
            return self.cls.from_frame(passengers())
        names = {info.name: info for info in params_of(self.cls)}
        if self.port == "sink" and "path" in names:
            return self.cls(path=str(self.scratch / Path(str(names["path"].default)).name))
        if self.port == "source" and "path" in names:
            return self.cls(path=from_project(str(names["path"].default)))
        return self.cls()


def from_project(path: str) -> str:
    """A relative `path` that is missing here but exists in the project, as the project's file; else `path`."""
    if Path(path).is_absolute() or Path(path).exists() or not (PROJECT / path).exists():
        return path
    return str(PROJECT / path)


def passengers() -> pd.DataFrame:
    """The sample passengers, checked against the schema: a fresh copy each call (a check may change it)."""
    return _sample().copy(deep=True)


@functools.cache
def _sample() -> pd.DataFrame:
    """The sample passengers, made once per process (no work at import time)."""
    return conform(generate(SAMPLE_ROWS, seed=SAMPLE_SEED), "generated passengers").frame


def train_test_rows() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The labelled sample split in two (train, test), and every row without labels (the population)."""
    rows = labelled(passengers())
    return rows[:TRAIN_ROWS], rows[TRAIN_ROWS:].reset_index(drop=True), rows.drop(columns=LABEL)


def model_inputs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training matrix, training labels and test matrix, made by the notebook's feature recipe."""
    train, test, population = train_test_rows()
    features = Registry().create("features", ComponentSpec("notebook"))
    return features.fit_transform(train, population), train[LABEL].to_numpy(), features.transform(test)
