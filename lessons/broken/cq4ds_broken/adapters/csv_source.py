# LESSON MATERIAL (see cq4ds_broken/__init__.py).
"""A passenger source reading the titanic3 CSV layout, which reports progress the wrong way."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from cq4ds_broken.domain import Passenger
from cq4ds_broken.ui.console import show_progress  # BROKEN ON PURPOSE: an adapter reaching up into the UI

PROGRESS_EVERY = 500


@dataclass(frozen=True)
class CsvSource:
    """Passengers from a titanic3 CSV file (no pid column: passengers are numbered by row)."""

    path: str

    def read(self) -> list[Passenger]:
        """Every passenger in the file, validated."""
        passengers = []
        with open(self.path, newline="", encoding="utf-8") as file:
            for number, row in enumerate(csv.DictReader(file), start=1):
                passengers.append(
                    Passenger(
                        pid=number,
                        pclass=int(float(row["pclass"])),
                        sex=row["sex"],
                        age=float(row["age"]) if row["age"] else None,
                        is_survived=int(float(row["survived"])) if row["survived"] else None,
                    )
                )
                if number % PROGRESS_EVERY == 0:
                    show_progress(number)
        return passengers
