"""Cleaning steps: each takes a schema frame and returns a cleaned one (usable with DataFrame.pipe)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from cq4ds.params import param

SUBSETS: dict[str, list[str]] = {
    "age": ["age"],
    "fare": ["fare"],
    "embarked": ["embarked"],
    "age_fare_embarked": ["age", "fare", "embarked"],
}


@dataclass(kw_only=True)
class KeepAsIs:
    """Change nothing: the notebook cleaned nothing and let the imputer cope."""

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame


@dataclass(kw_only=True)
class DropIncomplete:
    """Drop every passenger with a missing value in the chosen columns."""

    subset: Literal["age_fare_embarked", "age", "fare", "embarked"] = param(
        "age_fare_embarked", help="Which columns must be filled in for a row to stay"
    )

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.dropna(subset=SUBSETS[self.subset]).reset_index(drop=True)


@dataclass(kw_only=True)
class ImputeMissing:
    """Fill missing ages with the median of the passenger's class and sex, and missing ports with the commonest."""

    age_by: Literal["class_and_sex", "everyone"] = param(
        "class_and_sex", help="Median age of the passenger's class and sex, or of everyone"
    )

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.age_by == "class_and_sex":
            medians = frame.groupby(["pclass", "sex"])["age"].transform("median")
        else:
            medians = pd.Series(frame["age"].median(), index=frame.index)
        commonest_port = frame["embarked"].mode()
        filled = frame.assign(age=frame["age"].fillna(medians), fare=frame["fare"].fillna(frame["fare"].median()))
        if len(commonest_port):
            filled["embarked"] = filled["embarked"].fillna(commonest_port.iloc[0])
        return filled


@dataclass(kw_only=True)
class DedupeByPid:
    """Keep one row per passenger id, the first or the last seen."""

    keep: Literal["first", "last"] = param("first", help="Which of the repeated rows to keep")

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.drop_duplicates(subset="pid", keep=self.keep).reset_index(drop=True)
