"""Encoding shared by feature builders: one-hot for categories, an imputing pipeline for numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder


def column_encoder(categorical: tuple[str, ...], numeric: tuple[str, ...], numeric_steps: list) -> ColumnTransformer:
    """One-hot encode `categorical` columns, then run `numeric` columns through `numeric_steps`, in that order."""
    return ColumnTransformer(
        [
            (
                "onehot",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False, feature_name_combiner=_combine),
                list(categorical),
            ),
            ("numeric", make_pipeline(*numeric_steps), list(numeric)),
        ]
    )


def _combine(column: str, category: object) -> str:
    return f"{column}={category}"


def encoded_names(encoder: ColumnTransformer) -> list[str]:
    """A readable name per output column of a fitted encoder: "sex=male", "age", ..."""
    return [name.split("__", 1)[1] for name in encoder.get_feature_names_out()]


class EncodedTable:
    """Shared by feature builders that compute a table of inputs and encode it: fit_transform, transform, names."""

    encoder_: ColumnTransformer

    def _learn(self, train: pd.DataFrame, population: pd.DataFrame) -> ColumnTransformer:
        """Learn what the table needs from the training rows; return the (unfitted) encoder for it."""
        raise NotImplementedError

    def _table(self, frame: pd.DataFrame) -> pd.DataFrame:
        raise NotImplementedError

    def fit_transform(self, train: pd.DataFrame, population: pd.DataFrame) -> np.ndarray:
        """Fit on the training rows and return their matrix: each row goes through the encoder once."""
        self.encoder_ = self._learn(train, population)
        return self.encoder_.fit_transform(self._table(train))

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """The input matrix for `frame`, one row per passenger."""
        return self.encoder_.transform(self._table(frame))

    def feature_names(self) -> list[str]:
        """A readable name for each matrix column."""
        return encoded_names(self.encoder_)
