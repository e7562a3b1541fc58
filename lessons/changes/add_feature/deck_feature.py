#| CHANGE REQUEST "add a feature (deck from cabin)", package side: the one new module a developer adds.
#| No existing file changes: the new strategy wraps the notebook's recipe and is injected by the context
#| at the bottom. Lesson material; run it from the repository root: python lessons/changes/add_feature/deck_feature.py
"""A feature builder that adds the cabin's deck letter to any other builder's features."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.preprocessing import OneHotEncoder

from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.params import learned
from cq4ds.ports import Features
from cq4ds.reporting import run_text
from cq4ds.strategies.derive import deck
from cq4ds.strategies.features import NotebookFeatures


@dataclass(kw_only=True)
class WithDeck:
    """Another builder's features plus the one-hot deck letter of each passenger's first cabin."""

    base: Features = field(default_factory=NotebookFeatures)
    decks_: OneHotEncoder = learned()

    def fit_transform(self, train: pd.DataFrame, population: pd.DataFrame) -> np.ndarray:
        """Fit the base builder, learn the decks seen in training, and return the training rows' matrix."""
        base = self.base.fit_transform(train, population)
        self.decks_ = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
        return np.hstack([base, self.decks_.fit_transform(deck(train).to_frame())])

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """The base builder's matrix with the deck columns appended."""
        return np.hstack([self.base.transform(frame), self.decks_.transform(deck(frame).to_frame())])

    def feature_names(self) -> list[str]:
        """The base builder's names, then one name per deck."""
        return [*self.base.feature_names(), *(f"deck={letter}" for letter in self.decks_.categories_[0])]


if __name__ == "__main__":  # a context: the notebook recipe, with this builder injected
    run = build_pipeline(load_config(NOTEBOOK_RECIPE), features=WithDeck()).train_and_evaluate()
    print(run_text(run.result))
