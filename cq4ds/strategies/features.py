"""Feature builders: turn schema frames into the model's input matrix.

Each builder picks categorical and numeric columns (raw or derived) and learns its
encoders on the training rows only, except where a recipe deliberately does otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import KNNImputer, SimpleImputer
from sklearn.preprocessing import RobustScaler, StandardScaler

from cq4ds.params import learned, param
from cq4ds.strategies.derive import common_titles, deck, derive_frame, fare_per_person, replace_rare
from cq4ds.strategies.encoding import EncodedTable, column_encoder


@dataclass(kw_only=True)
class NotebookFeatures(EncodedTable):
    """The original notebook's recipe: one-hot categories plus KNN-imputed, robust-scaled numbers.

    Its one deliberate quirk, kept to reproduce the notebook: by default it counts titles over every row,
    test rows included (`rare_titles_from = "all_rows"`, the notebook's leak). No other component sees test rows.
    """

    rare_title_threshold: int = param(
        10, minimum=1, maximum=100, help="Titles seen fewer times than this become 'rare'"
    )
    rare_titles_from: Literal["all_rows", "train_rows"] = param(
        "all_rows", help="Count titles over every row (the notebook's leak) or over the training rows only"
    )
    fix_is_alone: bool = param(False, help="Alone means family size 0 (the notebook says 1: a known quirk)")
    n_neighbors: int = param(5, minimum=1, maximum=50, help="Neighbours used to impute missing age and fare")

    common_titles_: frozenset[str] = learned()
    encoder_: ColumnTransformer = learned()

    categorical = ("embarked", "sex", "pclass", "title", "is_alone")
    numeric = ("age", "fare", "family_size")

    def _table(self, frame: pd.DataFrame) -> pd.DataFrame:
        derived = derive_frame(frame, fix_is_alone=self.fix_is_alone)
        table = pd.concat([frame[["pclass", "sex", "age", "ticket", "fare", "embarked"]], derived], axis=1)
        return table.assign(title=replace_rare(table["title"], self.common_titles_))

    def _learn(self, train: pd.DataFrame, population: pd.DataFrame) -> ColumnTransformer:
        counted = population if self.rare_titles_from == "all_rows" else train  # "all_rows": the notebook's leak
        self.common_titles_ = common_titles(derive_frame(counted)["title"], self.rare_title_threshold)
        steps = [KNNImputer(n_neighbors=self.n_neighbors), RobustScaler()]
        return column_encoder(self.categorical, self.numeric, steps)


@dataclass(kw_only=True)
class MinimalNumericFeatures(EncodedTable):
    """Only the raw numbers (class, age, family counts, fare), median-imputed and standardised."""

    impute: Literal["median", "mean"] = param("median", help="How missing age and fare are filled")

    encoder_: ColumnTransformer = learned()

    numeric = ("pclass", "age", "sibsp", "parch", "fare")

    def _table(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[list(self.numeric)]

    def _learn(self, train: pd.DataFrame, population: pd.DataFrame) -> ColumnTransformer:
        return column_encoder((), self.numeric, [SimpleImputer(strategy=self.impute), StandardScaler()])


@dataclass(kw_only=True)
class ExtendedFeatures(EncodedTable):
    """The notebook's features plus deck from cabin and fare per person, titles learned on training rows."""

    rare_title_threshold: int = param(
        10, minimum=1, maximum=100, help="Titles seen fewer times than this become 'rare'"
    )
    n_neighbors: int = param(5, minimum=1, maximum=50, help="Neighbours used to impute missing numbers")

    common_titles_: frozenset[str] = learned()
    encoder_: ColumnTransformer = learned()

    categorical = ("embarked", "sex", "pclass", "title", "deck")
    numeric = ("age", "fare", "family_size", "fare_per_person")

    def _table(self, frame: pd.DataFrame) -> pd.DataFrame:
        derived = derive_frame(frame, fix_is_alone=True)
        table = pd.concat([frame[["pclass", "sex", "age", "fare", "embarked"]], derived], axis=1)
        return table.assign(
            title=replace_rare(table["title"], self.common_titles_),
            deck=deck(frame),
            fare_per_person=fare_per_person(frame),
        )

    def _learn(self, train: pd.DataFrame, population: pd.DataFrame) -> ColumnTransformer:
        self.common_titles_ = common_titles(derive_frame(train)["title"], self.rare_title_threshold)
        steps = [KNNImputer(n_neighbors=self.n_neighbors), RobustScaler()]
        return column_encoder(self.categorical, self.numeric, steps)
