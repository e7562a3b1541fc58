"""Exercise 3, reference solution: a model strategy, one decision tree with a depth limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import numpy as np
from sklearn.tree import DecisionTreeClassifier

from cq4ds.params import learned, param


@dataclass(kw_only=True)
class DecisionTreeModel:
    """One decision tree: if-then splits you can read, as deep as max_depth allows."""

    max_depth: int = param(4, minimum=1, maximum=30, help="Deepest split the tree may make (deeper = more complex)")
    min_samples_leaf: int = param(5, minimum=1, maximum=200, help="Fewest passengers a leaf may hold")
    random_state: int = param(0, minimum=0, maximum=2**31 - 1, help="Seed that breaks ties between equal splits")
    tree_: DecisionTreeClassifier | None = learned()

    def fit(self, features: np.ndarray, labels: np.ndarray) -> Self:
        """Grow the tree on the training matrix and its labels."""
        self.tree_ = DecisionTreeClassifier(
            max_depth=self.max_depth, min_samples_leaf=self.min_samples_leaf, random_state=self.random_state
        ).fit(features, labels)
        return self

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Probability of survival for each row: the survivors' share in the leaf the row falls into."""
        return self.tree_.predict_proba(features)[:, 1]

    def weights(self) -> list[float]:
        """How much each input column helped the splits (the tree's feature importances)."""
        return self.tree_.feature_importances_.tolist()


COMPONENTS = {"model": {"decision_tree": DecisionTreeModel}}
