"""The survival model: feature building and classifier in one shippable object."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import numpy as np
import pandas as pd

from cq4ds.columnar import LABEL
from cq4ds.ports import Classifier, FeatureBuilder


@dataclass
class SurvivalModel:
    """Owns its input processing, so nothing outside it needs to know how features are made."""

    features: FeatureBuilder
    classifier: Classifier
    threshold: float = 0.5

    def train(self, passengers: pd.DataFrame, population: pd.DataFrame) -> Self:
        """Fit features and classifier on labelled `passengers`; `population` is every row seen, unlabelled."""
        self.features.fit(passengers, population)
        self.classifier.fit(self.features.transform(passengers), passengers[LABEL].to_numpy())
        return self

    def processed(self, passengers: pd.DataFrame) -> np.ndarray:
        """The input matrix the classifier sees for `passengers`."""
        return self.features.transform(passengers)

    def survival_probability(self, passengers: pd.DataFrame) -> np.ndarray:
        """Probability of survival for each passenger."""
        return self.classifier.predict_proba(self.processed(passengers))

    def predictions(self, passengers: pd.DataFrame) -> pd.DataFrame:
        """A frame of pid, probability and label (1 = predicted to survive)."""
        probability = self.survival_probability(passengers)
        return pd.DataFrame(
            {
                "pid": passengers["pid"].to_numpy(),
                "probability": probability,
                "label": (probability >= self.threshold).astype("int64"),
            }
        )
