"""Exercise 2, reference solution: a cleaning strategy that caps extreme fares at a percentile."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cq4ds.params import param


@dataclass(kw_only=True)
class CapExtremeFares:
    """Lower every fare above a percentile to that percentile, so a few huge fares cannot dominate."""

    percentile: float = param(99.0, minimum=50.0, maximum=100.0, help="Fares above this percentile are lowered to it")

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The same passengers with extreme fares capped, as a new frame (the input stays as it was)."""
        cap = frame["fare"].quantile(self.percentile / 100)
        return frame.assign(fare=frame["fare"].clip(upper=cap))


COMPONENTS = {"cleaning": {"cap_fares": CapExtremeFares}}
