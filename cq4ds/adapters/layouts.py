"""Layout knowledge: the column layouts passenger files come in, and how they map to the schema.

Three layouts are understood: the schema's own column names (also what the SQLite
exercise query returns), the "titanic3"/OpenML CSV and the Kaggle competition CSV.
Sources detect the layout from a header and rename columns; `cq4ds.columnar` checks values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cq4ds.domain import FIELD_NAMES, FIELDS, DataError

PASSENGER_TABLE = "tbl_passengers"
TARGET_TABLE = "tbl_targets"
EXERCISE_COLUMNS = (  # tbl_passengers; tbl_targets holds pid, is_survived
    "pid", "pclass", "name", "sex", "age", "sibsp", "parch", "ticket", "fare", "cabin", "embarked",
    "boat", "body", "home.dest",
)
TITANIC3_COLUMNS = {  # the titanic3/OpenML CSV: no pid, passengers are numbered by row
    "pclass": "pclass", "survived": "is_survived", "name": "name", "sex": "sex", "age": "age", "sibsp": "sibsp",
    "parch": "parch", "ticket": "ticket", "fare": "fare", "cabin": "cabin", "embarked": "embarked",
}
KAGGLE_COLUMNS = {  # the Kaggle competition CSV; test.csv has no Survived
    "PassengerId": "pid", "Survived": "is_survived", "Pclass": "pclass", "Name": "name", "Sex": "sex", "Age": "age",
    "SibSp": "sibsp", "Parch": "parch", "Ticket": "ticket", "Fare": "fare", "Cabin": "cabin", "Embarked": "embarked",
}
_REQUIRED = frozenset(rule.name for rule in FIELDS if rule.required)


@dataclass(frozen=True)
class Layout:
    """A known column layout and how its column names map to the passenger schema's."""

    name: str
    columns: dict[str, str]  # layout column -> schema column
    numbered: bool = False  # True when the layout has no pid: pid is the 1-based row number

    @property
    def required(self) -> list[str]:
        """The layout's columns a file must have (those holding required schema fields)."""
        return [column for column, field in self.columns.items() if field in _REQUIRED]

    def to_schema(self, frame: pd.DataFrame, first_row: int = 1) -> pd.DataFrame:
        """Rename `frame`'s columns to the schema's, dropping the rest.

        Args:
            frame: records in this layout.
            first_row: the 1-based row number of `frame`'s first record in its file (gives pids when numbered).
        """
        schema = frame[[c for c in self.columns if c in frame.columns]].rename(columns=self.columns)
        if self.numbered:
            schema.insert(0, "pid", range(first_row, first_row + len(schema)))
        return schema.reset_index(drop=True)


LAYOUTS: tuple[Layout, ...] = (
    Layout("schema", {name: name for name in FIELD_NAMES}),
    Layout("kaggle", KAGGLE_COLUMNS),
    Layout("titanic3", TITANIC3_COLUMNS, numbered=True),
)


def supported_layouts() -> str:
    """A one-line description of every layout, for error messages."""
    return "; ".join(f"{layout.name} ({', '.join(layout.columns)})" for layout in LAYOUTS)


def detect_layout(header: Sequence[str], origin: str) -> Layout:
    """The layout whose required columns all appear in `header` (the first that fits).

    Args:
        header: the column names found in the file or table.
        origin: where the header came from, named in error messages.

    Raises:
        DataError: no layout fits; the message names the columns found and the supported layouts,
            or the columns missing from the layout the header most resembles.
    """
    found = [str(column) for column in header]
    for layout in LAYOUTS:
        if all(column in found for column in layout.required):
            return layout
    closest = max(LAYOUTS, key=lambda layout: sum(column in found for column in layout.columns))
    missing = [column for column in closest.required if column not in found]
    listed = ", ".join(found) or "no columns"
    if len(missing) < len(closest.required) / 2:
        raise DataError(
            f"{origin}: the columns look like the {closest.name} layout but lack "
            f"{', '.join(map(repr, missing))} (found: {listed})",
            f"add the missing column{'s' if len(missing) > 1 else ''}; supported layouts: {supported_layouts()}",
        )
    raise DataError(
        f"{origin}: the columns match no supported layout (found: {listed})",
        f"rename the columns to one of the supported layouts: {supported_layouts()}",
    )


def existing_file(path: str, origin: str) -> Path:
    """`path` as a Path, after checking it names a non-empty file.

    Raises:
        DataError: the file does not exist, is a folder or is empty.
    """
    file = Path(path)
    if not file.exists():
        looked = "" if file.is_absolute() else f" (looked in {file.resolve()})"
        raise DataError(
            f"{origin} does not exist{looked}",
            "check the path, or rebuild the sample files with `python -m cq4ds sample-data`",
        )
    if not file.is_file():
        raise DataError(f"{origin} is a folder, not a file", "give the path of a file inside it")
    if file.stat().st_size == 0:
        raise DataError(f"{origin} is empty (0 bytes)", "give a file that holds passengers, or rebuild it")
    return file
