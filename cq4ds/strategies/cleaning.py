"""Cleaning steps: each takes a schema frame and returns a cleaned one (usable with DataFrame.pipe)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


STEPS: dict[str, type] = {"dedupe": DedupeByPid, "drop_incomplete": DropIncomplete, "impute": ImputeMissing}
"""The cleaning steps a chain may name, each used with its default parameters."""


def apply_steps(frame: pd.DataFrame, steps: Sequence[Callable[[pd.DataFrame], pd.DataFrame]]) -> pd.DataFrame:
    """Run cleaning steps one after another, each with DataFrame.pipe."""
    for step in steps:
        frame = frame.pipe(step)
    return frame


@dataclass(kw_only=True)
class CleaningChain:
    """Several cleaning steps in order, each applied to the result of the one before (DataFrame.pipe)."""

    steps: tuple[str, ...] = param(
        ("dedupe", "impute"), choices=tuple(STEPS), help="Steps in the order they run, each with its defaults"
    )

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        return apply_steps(frame, [STEPS[name]() for name in self.steps])
