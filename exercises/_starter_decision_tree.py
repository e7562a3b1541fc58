"""Exercise 3 starter: a model strategy, one decision tree with a depth limit.

Copy it into place with `.venv/bin/python -m cq4ds new-exercise 3` (Windows: `.venv\\Scripts\\python ...`),
then replace every TODO. Grade it with `.venv/bin/python -m cq4ds check exercises/decision_tree.py`.
Stretch: add `criterion` as a Literal parameter, then find in the Lab the depth where test accuracy peaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import numpy as np
from sklearn.tree import DecisionTreeClassifier

from cq4ds.params import learned, param


@dataclass(kw_only=True)
class DecisionTreeModel:
    """TODO: one line that says what this model is."""

    max_depth: int = param(4, help="TODO: what the depth limits")  # TODO: minimum=1, maximum=30
    # TODO: min_samples_leaf and random_state, each a param(...) with help, minimum and maximum
    tree_: DecisionTreeClassifier | None = learned()

    def fit(self, features: np.ndarray, labels: np.ndarray) -> Self:
        """Grow the tree on the training matrix and its labels."""
        raise NotImplementedError("TODO: fit grows self.tree_ on features and labels and ends with `return self`")

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """The probability of survival for each row."""
        raise NotImplementedError("TODO: predict_proba returns P(survived) per row: predict_proba(...)[:, 1]")

    def weights(self) -> list[float]:
        """One weight per input column."""
        raise NotImplementedError("TODO: weights returns the fitted tree's feature_importances_ as a list")


COMPONENTS = {"model": {"decision_tree": DecisionTreeModel}}
