"""Classifiers: scikit-learn estimators behind the Model port, parameters as typed fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Self

import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

from cq4ds.params import learned, param

SEED = param(0, minimum=0, maximum=2**31 - 1, help="Seed for the model's randomness (same seed, same model)")


class _Estimator:
    """Shared fit/predict for wrappers; subclasses say which estimator to build."""

    estimator_: Any

    def _build(self) -> Any:
        raise NotImplementedError

    def fit(self, features: np.ndarray, labels: np.ndarray) -> Self:
        self.estimator_ = self._build().fit(features, labels)
        return self

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        return self.estimator_.predict_proba(features)[:, -1]

    def weights(self) -> Sequence[float] | None:
        return None


@dataclass(kw_only=True)
class LogisticRegressionModel(_Estimator):
    """Logistic regression: a weighted sum of the inputs squashed into a probability."""

    C: float = param(1.0, minimum=0.001, maximum=1000.0, help="Inverse regularisation strength (smaller = simpler)")
    max_iter: int = param(100, minimum=10, maximum=10_000, help="Iterations the solver may take")
    random_state: int = SEED
    estimator_: LogisticRegression = learned()

    def _build(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, max_iter=self.max_iter, random_state=self.random_state)

    def weights(self) -> Sequence[float] | None:
        return self.estimator_.coef_[0].tolist()


@dataclass(kw_only=True)
class RandomForestModel(_Estimator):
    """Random forest: many decision trees on resampled passengers, voting together."""

    n_estimators: int = param(200, minimum=10, maximum=2000, help="Number of trees")
    max_depth: int = param(6, minimum=1, maximum=50, help="Deepest split a tree may make")
    random_state: int = SEED
    estimator_: RandomForestClassifier = learned()

    def _build(self) -> RandomForestClassifier:
        return RandomForestClassifier(
            n_estimators=self.n_estimators, max_depth=self.max_depth, random_state=self.random_state, n_jobs=1
        )

    def weights(self) -> Sequence[float] | None:
        return self.estimator_.feature_importances_.tolist()


@dataclass(kw_only=True)
class GradientBoostingModel(_Estimator):
    """Histogram gradient boosting: shallow trees added one by one to fix the previous errors."""

    learning_rate: float = param(0.1, minimum=0.001, maximum=1.0, help="How much each new tree corrects")
    max_iter: int = param(100, minimum=10, maximum=2000, help="Number of boosting rounds")
    max_depth: int = param(3, minimum=1, maximum=20, help="Deepest split a tree may make")
    random_state: int = SEED
    estimator_: HistGradientBoostingClassifier = learned()

    def _build(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            max_depth=self.max_depth,
            random_state=self.random_state,
        )


@dataclass(kw_only=True)
class NearestNeighboursModel(_Estimator):
    """k-nearest neighbours: a passenger shares the fate of the most similar training passengers."""

    n_neighbors: int = param(15, minimum=1, maximum=200, help="Neighbours that vote")
    weights_by: Literal["uniform", "distance"] = param("uniform", help="Equal votes, or closer neighbours count more")
    estimator_: KNeighborsClassifier = learned()

    def _build(self) -> KNeighborsClassifier:
        return KNeighborsClassifier(n_neighbors=self.n_neighbors, weights=self.weights_by)


@dataclass(kw_only=True)
class BaselineModel(_Estimator):
    """A baseline that ignores the passenger: always the commonest outcome, or random by the base rate."""

    strategy: Literal["prior", "stratified"] = param("prior", help="Predict the base rate, or guess at random by it")
    random_state: int = SEED
    estimator_: DummyClassifier = learned()

    def _build(self) -> DummyClassifier:
        return DummyClassifier(strategy=self.strategy, random_state=self.random_state)
