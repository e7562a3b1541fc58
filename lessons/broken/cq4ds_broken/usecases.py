# LESSON MATERIAL (see cq4ds_broken/__init__.py).
"""Use case: the share of passengers who survived, per ticket class."""

from __future__ import annotations

from cq4ds_broken.domain import to_frame
from cq4ds_broken.ports import PassengerSource


def survival_by_class(source: PassengerSource) -> dict[int, float]:
    """The share of labelled passengers who survived, for each ticket class."""
    frame = to_frame(source.read()).dropna(subset=["is_survived"])
    rates = frame.groupby("pclass")["is_survived"].mean()
    return {int(pclass): round(float(rate), 3) for pclass, rate in rates.items()}
