"""Cleaning strategies, in two kinds the pipeline treats differently.

A **row rule** decides each row on its own (dedupe, dropping rows that cannot be used): it learns
nothing, so the training use case may run it on every row before the split, and the predictor runs
it again on rows to score, where it changes nothing on rows that already passed it.

A **learned step** computes a statistic (a median, a commonest value, a percentile): it is fitted on
the training rows only and travels inside the shipped predictor, so scoring fills a passenger's
missing age with the very median evaluation used, for a batch of a million or for one passenger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Self

import pandas as pd

from cq4ds.domain import InvalidParameterError
from cq4ds.params import learned, param

SUBSETS: dict[str, list[str]] = {
    "age": ["age"],
    "fare": ["fare"],
    "embarked": ["embarked"],
    "age_fare_embarked": ["age", "fare", "embarked"],
}


class RowRule:
    """A cleaning made of row rules only: nothing to learn, nothing to transform afterwards."""

    def fit(self, train: pd.DataFrame) -> Self:
        """Nothing to learn."""
        return self

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """No learned step: the frame as it is."""
        return frame


class LearnedStep:
    """A cleaning made of a learned step only: no row rule."""

    def apply_rules(self, frame: pd.DataFrame) -> pd.DataFrame:
        """No row rule: the frame as it is."""
        return frame


@dataclass(kw_only=True)
class KeepAsIs(RowRule):
    """Change nothing: the notebook cleaned nothing and let the imputer cope."""

    def apply_rules(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame


@dataclass(kw_only=True)
class DropIncomplete(RowRule):
    """Row rule: drop every passenger with a missing value in the chosen columns (they are not scored either)."""

    subset: Literal["age_fare_embarked", "age", "fare", "embarked"] = param(
        "age_fare_embarked", help="Which columns must be filled in for a row to stay"
    )

    def apply_rules(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.dropna(subset=SUBSETS[self.subset]).reset_index(drop=True)


@dataclass(kw_only=True)
class DedupeByPid(RowRule):
    """Row rule: keep one row per passenger id, the first or the last seen."""

    keep: Literal["first", "last"] = param("first", help="Which of the repeated rows to keep")

    def apply_rules(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.drop_duplicates(subset="pid", keep=self.keep).reset_index(drop=True)


@dataclass(kw_only=True)
class ImputeMissing(LearnedStep):
    """Learned step: fill missing ages with training medians by class and sex, ports with the commonest port."""

    age_by: Literal["class_and_sex", "everyone"] = param(
        "class_and_sex", help="Median age of the passenger's class and sex, or of everyone"
    )

    age_medians_: dict[tuple[int, str], float] = learned()
    age_median_: float = learned()
    fare_median_: float = learned()
    commonest_port_: str | None = learned()

    def fit(self, train: pd.DataFrame) -> Self:
        """Learn the medians and the commonest port from the training rows only."""
        by_group = train.groupby(["pclass", "sex"])["age"].median().dropna()
        self.age_medians_ = {key: float(v) for key, v in by_group.items()} if self.age_by == "class_and_sex" else {}
        self.age_median_ = float(train["age"].median())
        self.fare_median_ = float(train["fare"].median())
        ports = train["embarked"].mode()
        self.commonest_port_ = str(ports.iloc[0]) if len(ports) else None
        return self

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The same passengers with the learned values in the gaps (a new frame)."""
        groups = pd.Series(list(zip(frame["pclass"], frame["sex"], strict=True)), index=frame.index, dtype=object)
        ages = groups.map(self.age_medians_).astype(float).fillna(self.age_median_)
        filled = frame.assign(age=frame["age"].fillna(ages), fare=frame["fare"].fillna(self.fare_median_))
        if self.commonest_port_ is not None:
            filled["embarked"] = filled["embarked"].fillna(self.commonest_port_)
        return filled


STEPS: dict[str, type] = {"dedupe": DedupeByPid, "drop_incomplete": DropIncomplete, "impute": ImputeMissing}
"""The cleaning steps a chain may name, each used with its default parameters."""


def is_learned(step: object) -> bool:
    """Whether a cleaning step computes statistics from data (a learned step) rather than being a row rule."""
    return not isinstance(step, RowRule)


@dataclass(kw_only=True)
class CleaningChain:
    """Several steps in order (DataFrame.pipe): the row rules first, then the learned steps."""

    steps: tuple[str, ...] = param(
        ("dedupe", "impute"),
        choices=tuple(STEPS),
        help="Steps in the order they run, each with its defaults; row rules before learned steps",
    )
    parts: tuple[object, ...] = field(default=(), repr=False, metadata={"inject": True})
    """The step objects, one per name: built from the names with their defaults unless injected in code."""

    steps_: tuple[object, ...] = learned()

    def _steps(self) -> tuple[object, ...]:
        """The steps, made (and their order checked) on first use: building the chain runs no code."""
        if self.steps_ is None:
            self.steps_ = check_order(self.parts or [STEPS[name]() for name in self.steps], self.steps)
        return self.steps_

    def apply_rules(self, frame: pd.DataFrame) -> pd.DataFrame:
        for step in self._steps():
            frame = frame.pipe(step.apply_rules)
        return frame

    def fit(self, train: pd.DataFrame) -> Self:
        """Fit each learned step on the training rows as the steps before it left them."""
        for step in self._steps():
            train = step.fit(train).transform(train)
        return self

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        for step in self._steps():
            frame = frame.pipe(step.transform)
        return frame


def check_order(steps: Sequence[object], names: Sequence[str]) -> tuple[object, ...]:
    """The steps, once every row rule is known to come before every learned step.

    Raises:
        InvalidParameterError: a row rule follows a learned step (it would run before it, on every row).
    """
    kinds = [is_learned(step) for step in steps]
    if True in kinds and False in kinds[kinds.index(True) :]:
        rule = names[kinds.index(False, kinds.index(True))]
        step = names[kinds.index(True)]
        raise InvalidParameterError(
            f"cleaning 'chain': the row rule {rule!r} comes after the learned step {step!r}",
            "list row rules first: they run on every row before the split, learned steps inside the model",
        )
    return tuple(steps)
