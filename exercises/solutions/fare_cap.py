"""Exercise 2, reference solution: a learned cleaning step that caps extreme fares at a training percentile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import pandas as pd

from cq4ds.params import learned, param
from cq4ds.strategies.cleaning import LearnedStep


@dataclass(kw_only=True)
class CapExtremeFares(LearnedStep):
    """Lower every fare above a percentile of the training fares to that value, so a few huge fares cannot dominate."""

    percentile: float = param(99.0, minimum=50.0, maximum=100.0, help="Fares above this percentile are lowered to it")
    cap_: float = learned()

    def fit(self, train: pd.DataFrame) -> Self:
        """Learn the cap from the training rows only: it is a statistic, so it travels inside the model."""
        self.cap_ = float(train["fare"].quantile(self.percentile / 100))
        return self

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The same passengers with fares above the learned cap lowered to it, as a new frame."""
        return frame.assign(fare=frame["fare"].clip(upper=self.cap_))


COMPONENTS = {"cleaning": {"cap_fares": CapExtremeFares}}
