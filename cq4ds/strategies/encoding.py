"""Encoding shared by feature builders: one-hot for categories, an imputing pipeline for numbers."""

from __future__ import annotations

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
