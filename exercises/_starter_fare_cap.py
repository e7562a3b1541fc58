"""Exercise 2 starter: a learned cleaning step that caps extreme fares at a percentile of the training fares.

Copy it into place with `.venv/bin/python -m cq4ds new-exercise 2` (Windows: `.venv\\Scripts\\python ...`),
then replace every TODO. Grade it with `.venv/bin/python -m cq4ds check exercises/fare_cap.py`.
Stretch: cap the lowest fares too, with a `lower` percentile, and compare the Lab's ROC AUC with and without.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import pandas as pd

from cq4ds.params import learned, param
from cq4ds.strategies.cleaning import LearnedStep


@dataclass(kw_only=True)
class CapExtremeFares(LearnedStep):
    """TODO: one line that says what this step does."""

    percentile: float = param(99.0, help="TODO: what the percentile means")  # TODO: minimum=50.0, maximum=100.0
    cap_: float = learned()

    def fit(self, train: pd.DataFrame) -> Self:
        """Learn the cap from the training fares."""
        raise NotImplementedError("TODO: fit learns self.cap_ from train['fare'] and ends with `return self`")

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The same passengers, fares above the learned cap lowered to it, as a new frame."""
        raise NotImplementedError("TODO: transform returns frame.assign(fare=...) with fares capped at self.cap_")


COMPONENTS = {"cleaning": {"cap_fares": CapExtremeFares}}
