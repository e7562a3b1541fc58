"""What cleaning does to the data: a profile after each step, and a sample with real problems to clean."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

PROFILED = ("age", "fare", "embarked", "cabin")


@dataclass(frozen=True)
class StepProfile:
    """The data after one cleaning step: rows, missing values per column, and the ages."""

    step: str
    rows: int
    duplicate_pids: int
    missing: dict[str, int]
    ages: tuple[float, ...]


def profile(step: str, frame: pd.DataFrame) -> StepProfile:
    """Describe `frame` as it stands after `step`."""
    return StepProfile(
        step,
        len(frame),
        int(frame["pid"].duplicated().sum()),
        {column: int(frame[column].isna().sum()) for column in PROFILED},
        tuple(float(a) for a in frame["age"].dropna()),
    )


def profile_steps(frame: pd.DataFrame, steps: Sequence[tuple[str, Any]]) -> tuple[StepProfile, ...]:
    """Profile the data before cleaning and after each named step, each step seeing the one before's output.

    A learned step is fitted here on every row it is shown, to show what it does; in the pipeline it is
    fitted on the training rows only.
    """
    profiles = [profile("raw", frame)]
    for name, step in steps:
        ruled = step.apply_rules(frame)
        frame = step.fit(ruled).transform(ruled)
        profiles.append(profile(name, frame))
    return tuple(profiles)


def with_duplicates(frame: pd.DataFrame, repeats: int = 40, seed: int = 0) -> pd.DataFrame:
    """`frame` plus `repeats` re-sent rows: same pid, the age blanked (a typical double export)."""
    again = frame.sample(n=repeats, random_state=seed).assign(age=float("nan"))
    return pd.concat([frame, again], ignore_index=True)
