"""The predictor: what a training run ships. One path from raw passenger rows to probabilities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cq4ds.columnar import LABEL
from cq4ds.ports import Cleaning, Features, Model


@dataclass
class Predictor:
    """The fitted cleaning, features and model together: saved, loaded and used to score as one object.

    Evaluation, batch scoring and a single passenger typed into a form all call `predictions`, so each
    applies exactly the row rules, learned cleaning, features and model that evaluation measured.
    """

    cleaning: Cleaning
    features: Features
    model: Model
    threshold: float = 0.5

    def fit(self, passengers: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
        """Fit every step on the labelled `passengers`, each row transformed once; return their predictions.

        `population` is every row seen, unlabelled (only the notebook's recipe reads it).
        """
        ruled = self.cleaning.apply_rules(passengers)
        cleaned = self.cleaning.fit(ruled).transform(ruled)
        matrix = self.features.fit_transform(cleaned, population)
        self.model.fit(matrix, cleaned[LABEL].to_numpy())
        return self._predictions(cleaned, self.model.predict_proba(matrix))

    def matrix(self, passengers: pd.DataFrame) -> np.ndarray:
        """The input matrix the model sees for the passengers the cleaning keeps."""
        return self.features.transform(self._cleaned(passengers))

    def predictions(self, passengers: pd.DataFrame) -> pd.DataFrame:
        """pid, probability and label (1 = predicted to survive) for every passenger the row rules keep."""
        cleaned = self._cleaned(passengers)
        return self._predictions(cleaned, self.model.predict_proba(self.features.transform(cleaned)))

    def _cleaned(self, passengers: pd.DataFrame) -> pd.DataFrame:
        return self.cleaning.transform(self.cleaning.apply_rules(passengers))

    def _predictions(self, cleaned: pd.DataFrame, probability: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "pid": cleaned["pid"].to_numpy(),
                "probability": probability,
                "label": (probability >= self.threshold).astype("int64"),
            }
        )
