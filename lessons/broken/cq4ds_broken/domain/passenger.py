# LESSON MATERIAL (see cq4ds_broken/__init__.py).
"""The Passenger entity, and a convenient shortcut that drags a data library into the domain."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd  # BROKEN ON PURPOSE: the domain now needs pandas installed just to exist


@dataclass(frozen=True, slots=True)
class Passenger:
    """One person on the passenger list; validated on construction."""

    pid: int
    pclass: int
    sex: str
    age: float | None
    is_survived: int | None

    def __post_init__(self) -> None:
        if self.pclass not in (1, 2, 3):
            raise ValueError(f"passenger {self.pid}: pclass is {self.pclass!r}, not 1, 2 or 3")
        if self.sex not in ("female", "male"):
            raise ValueError(f"passenger {self.pid}: sex is {self.sex!r}, not 'female' or 'male'")


def to_frame(passengers: list[Passenger]) -> pd.DataFrame:
    """The passengers as a DataFrame: handy for the use case, and the leak the contract catches."""
    return pd.DataFrame([asdict(passenger) for passenger in passengers])
