"""The replay's regression checks: each artefact of a run against the legacy script's, with the exact difference.

Matrices and passenger lists must agree to TOLERANCE; confusion matrices must be equal count for count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ARTEFACTS = ("X_train_processed", "X_test_processed", "train_pids", "test_pids", "cm_train", "cm_test")
ROW_IDS = {"X_train_processed": "train_pids", "X_test_processed": "test_pids"}  # whose rows the matrices hold
TOLERANCE = 1e-9
NUMERIC_COLUMNS = ("age", "fare", "family_size")  # the last columns of every processed matrix, in this order
Artefacts = dict[str, np.ndarray]


@dataclass(frozen=True, slots=True)
class ArrayCheck:
    """An array artefact against the reference: equal within TOLERANCE, or where and by how much it differs."""

    name: str
    expected_shape: tuple[int, ...]
    actual_shape: tuple[int, ...]
    max_abs_diff: float | None = None  # None when the shapes differ
    differing: int | None = None  # entries further apart than TOLERANCE; None when the shapes differ
    first_difference: tuple[int, ...] | None = None  # (row, column), or (position,) for a list
    first_pid: int | None = None  # the passenger in that row, for the processed matrices

    @property
    def passed(self) -> bool:
        """Same shape, every entry within TOLERANCE."""
        return self.expected_shape == self.actual_shape and self.differing == 0

    def summary(self) -> str:
        """The exact difference in words."""
        if self.expected_shape != self.actual_shape:
            return f"shape {_shape(self.expected_shape)} → {_shape(self.actual_shape)}"
        if self.passed or self.first_difference is None:
            return f"identical (max |Δ| {self.max_abs_diff:.1e})" if self.max_abs_diff else "identical"
        if len(self.first_difference) == 1:
            where = f"position {self.first_difference[0]}"
        else:
            row, column = self.first_difference
            who = f" (passenger {self.first_pid})" if self.first_pid is not None else ""
            where = f"row {row}{who}, column {column} ({column_kind(column, self.expected_shape[1])})"
        size = int(np.prod(self.expected_shape))
        return f"{self.differing:,} of {size:,} differ, max |Δ| {self.max_abs_diff:.4g}; first at {where}"


@dataclass(frozen=True, slots=True)
class ConfusionCheck:
    """A confusion matrix against the reference: both matrices, equal or not."""

    name: str
    expected: tuple[tuple[int, ...], ...]
    actual: tuple[tuple[int, ...], ...]

    @property
    def passed(self) -> bool:
        """Every count equal."""
        return self.expected == self.actual

    def summary(self) -> str:
        """The exact difference in words."""
        return "identical" if self.passed else f"{list(map(list, self.expected))} → {list(map(list, self.actual))}"


Check = ArrayCheck | ConfusionCheck


def column_kind(column: int, width: int) -> str:
    """What a processed matrix's column holds: every state stacks the one-hot columns, then the scaled numbers."""
    first_number = width - len(NUMERIC_COLUMNS)
    return f"{NUMERIC_COLUMNS[column - first_number]}, scaled" if column >= first_number else "one-hot"


def _shape(shape: tuple[int, ...]) -> str:
    return " × ".join(f"{size:,}" for size in shape)


def check_array(name: str, expected: np.ndarray, actual: np.ndarray, row_ids: np.ndarray | None = None) -> ArrayCheck:
    """Compare one array artefact with its reference value."""
    expected, actual = np.asarray(expected, dtype=float), np.asarray(actual, dtype=float)
    if expected.shape != actual.shape:
        return ArrayCheck(name, expected.shape, actual.shape)
    far = ~np.isclose(actual, expected, rtol=0.0, atol=TOLERANCE, equal_nan=True)
    gap = np.abs(actual - expected)
    largest = float(np.nanmax(gap)) if gap.size and not np.isnan(gap).all() else 0.0
    first = tuple(int(i) for i in np.argwhere(far)[0]) if far.any() else None
    pid = int(row_ids[first[0]]) if first is not None and row_ids is not None and len(first) == 2 else None
    return ArrayCheck(name, expected.shape, actual.shape, largest, int(far.sum()), first, pid)


def compare(reference: Artefacts, actual: Artefacts) -> tuple[Check, ...]:
    """Every artefact of a run against the reference, in ARTEFACTS order."""
    return tuple(
        ConfusionCheck(name, _counts(reference[name]), _counts(actual[name]))
        if name.startswith("cm_")
        else check_array(name, reference[name], actual[name], reference.get(ROW_IDS.get(name, "")))
        for name in ARTEFACTS
    )


def _counts(matrix: np.ndarray) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(int(count) for count in row) for row in np.asarray(matrix))


def accuracy(confusion: np.ndarray) -> float:
    """The share of passengers on the confusion matrix's diagonal."""
    counts = np.asarray(confusion)
    return float(np.trace(counts) / counts.sum())


def correct_change(reference: np.ndarray, run: np.ndarray) -> tuple[int, int]:
    """How many more (or, negative, fewer) passengers `run` classifies correctly, and out of how many."""
    return int(np.trace(run)) - int(np.trace(reference)), int(np.sum(reference))
