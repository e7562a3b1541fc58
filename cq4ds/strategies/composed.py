"""A feature builder assembled from a list of small feature strategies (see feature_parts)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import KNNImputer
from sklearn.preprocessing import RobustScaler

from cq4ds.params import learned, param
from cq4ds.strategies.encoding import EncodedTable, column_encoder
from cq4ds.strategies.feature_parts import NOTEBOOK_PARTS, PARTS, FeaturePart


@dataclass(kw_only=True)
class ComposedFeatures(EncodedTable):
    """Features assembled from named parts: adding a feature is one small class and one config entry."""

    parts: tuple[str, ...] = param(
        NOTEBOOK_PARTS, choices=tuple(PARTS), help="The feature parts to use; categories are one-hot encoded"
    )
    n_neighbors: int = param(5, minimum=1, maximum=50, help="Neighbours used to impute missing numbers")

    parts_: tuple[FeaturePart, ...] = learned()
    encoder_: ColumnTransformer = learned()

    def _table(self, frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({part.name: part.values(frame) for part in self.parts_}, index=frame.index)

    def _learn(self, train: pd.DataFrame, population: pd.DataFrame) -> ColumnTransformer:
        self.parts_ = tuple(PARTS[name]() for name in self.parts)
        for part in self.parts_:
            part.fit(train)
        categorical = tuple(part.name for part in self.parts_ if part.categorical)
        numeric = tuple(part.name for part in self.parts_ if not part.categorical)
        return column_encoder(categorical, numeric, [KNNImputer(n_neighbors=self.n_neighbors), RobustScaler()])
