"""Small feature strategies: each makes one model input from a passenger frame.

A part says what its column is called, whether it is a category (one-hot encoded) or a
number (imputed and scaled), and how to compute it. To add a feature: write one small
class here, add one line to `PARTS`, and name it in the config's `parts` list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from cq4ds.strategies.derive import common_titles, deck, derive_frame, fare_per_person, replace_rare


class FeaturePart(Protocol):
    """One model input: its name, its kind, and how to compute it from a schema frame."""

    name: str
    categorical: bool

    def fit(self, train: pd.DataFrame) -> None:
        """Learn whatever the part needs from the training rows (most parts need nothing)."""
        ...

    def values(self, frame: pd.DataFrame) -> pd.Series:
        """The part's value for every row of `frame`."""
        ...


@dataclass
class RawColumn:
    """A schema column used as it is."""

    name: str
    categorical: bool

    def fit(self, train: pd.DataFrame) -> None:
        """Nothing to learn."""

    def values(self, frame: pd.DataFrame) -> pd.Series:
        """The column itself."""
        return frame[self.name]


@dataclass
class Title:
    """The title in the name; titles seen fewer than `threshold` times in training become 'rare'."""

    threshold: int = 10
    name: str = "title"
    categorical: bool = True
    common_: frozenset[str] = field(default=frozenset(), repr=False)

    def fit(self, train: pd.DataFrame) -> None:
        """Learn which titles are common in the training rows."""
        self.common_ = common_titles(derive_frame(train)["title"], self.threshold)

    def values(self, frame: pd.DataFrame) -> pd.Series:
        """Each passenger's title, uncommon ones as 'rare'."""
        return replace_rare(derive_frame(frame)["title"], self.common_)


@dataclass
class Derived:
    """An attribute computed from other columns by a function (family size, deck, ...)."""

    name: str
    categorical: bool
    compute: Callable[[pd.DataFrame], pd.Series]

    def fit(self, train: pd.DataFrame) -> None:
        """Nothing to learn."""

    def values(self, frame: pd.DataFrame) -> pd.Series:
        """The computed attribute."""
        return self.compute(frame)


PARTS: dict[str, Callable[[], FeaturePart]] = {
    "embarked": lambda: RawColumn("embarked", categorical=True),
    "sex": lambda: RawColumn("sex", categorical=True),
    "pclass": lambda: RawColumn("pclass", categorical=True),
    "title": Title,
    "is_alone": lambda: Derived("is_alone", True, lambda f: derive_frame(f)["is_alone"]),
    "age": lambda: RawColumn("age", categorical=False),
    "fare": lambda: RawColumn("fare", categorical=False),
    "family_size": lambda: Derived("family_size", False, lambda f: derive_frame(f)["family_size"]),
    "sibsp": lambda: RawColumn("sibsp", categorical=False),
    "parch": lambda: RawColumn("parch", categorical=False),
    "deck": lambda: Derived("deck", True, deck),
    "fare_per_person": lambda: Derived("fare_per_person", False, fare_per_person),
}
"""Every feature part by name: the names a config's `parts` list may use."""

NOTEBOOK_PARTS = ("embarked", "sex", "pclass", "title", "is_alone", "age", "fare", "family_size")
"""The original notebook's inputs, in its order."""
