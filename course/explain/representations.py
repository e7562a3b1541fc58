"""Objects or columns? The same checks and derived attributes, timed and traced on both representations.

The per-object path is the package's own: `to_passengers` (one validated `Passenger` per row),
then `derive_passenger` for each. The columnar path is `conform`, then `derive_frame`. Both start
from the same raw frame, as a source adapter yields it, and must end with the same values.
"""

from __future__ import annotations

import gc
import threading
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd
import pyarrow as pa

from cq4ds.adapters.synthetic import generate
from cq4ds.columnar import conform, to_passengers
from cq4ds.domain import FIELD_NAMES, Passenger, Passengers
from cq4ds.strategies.derive import DerivedAttributes, derive_frame, derive_passenger
from cq4ds.usecases.training import read_all

SIZES = (1_000, 10_000, 100_000, 1_000_000)
REPEATS = {1_000: 5, 10_000: 5}  # small inputs are timed several times and the best run kept; others once
DERIVED = tuple(f.name for f in fields(DerivedAttributes))
ORIGIN = "generated passengers"
# tracemalloc is process-wide: two measurements at once would count each other's allocations.
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True, slots=True)
class Representation:
    """One way to hold passengers: how it validates raw records and derives attributes."""

    name: str
    validate: Callable[[pd.DataFrame], Any]
    derive: Callable[[Any], Any]


def _derive_each(passengers: Passengers) -> list[DerivedAttributes]:
    return [derive_passenger(p) for p in passengers]


def _conformed(raw: pd.DataFrame) -> pd.DataFrame:
    return conform(raw, ORIGIN).frame


OBJECTS = Representation("objects", to_passengers, _derive_each)
COLUMNS = Representation("columns", _conformed, derive_frame)


@dataclass(frozen=True, slots=True)
class PathCost:
    """What one representation cost on one input."""

    path: str
    validate_seconds: float
    derive_seconds: float
    peak_bytes: int  # tracemalloc's peak over both stages: Python objects and NumPy arrays
    arrow_bytes: int  # Arrow buffers still held at the end (Arrow allocates outside tracemalloc's view)

    @property
    def seconds(self) -> float:
        """Both stages together."""
        return self.validate_seconds + self.derive_seconds


@dataclass(frozen=True, slots=True)
class Agreement:
    """Whether both paths ended with the same passengers and the same derived attributes."""

    same_pids: bool
    differing_fields: tuple[str, ...]  # validated or derived fields whose values differ
    compared_values: int

    @property
    def identical(self) -> bool:
        """Every pid, field and derived attribute is equal."""
        return self.same_pids and not self.differing_fields


@dataclass(frozen=True, slots=True)
class Comparison:
    """Both paths measured on `rows` generated passengers of `seed`."""

    rows: int
    seed: int
    objects: PathCost
    columns: PathCost
    agreement: Agreement
    missing_ages: int
    titles: int
    repeats: int  # timed runs per path; the fastest is reported


def measure(rows: int, seed: int) -> Comparison:
    """Time each path (untraced, best of a few runs when small), trace its memory in one more run, compare outputs."""
    raw, repeats = generate(rows, seed), REPEATS.get(rows, 1)
    with _ONE_AT_A_TIME:
        for path in (OBJECTS, COLUMNS):  # pay one-time costs (lazy imports, first calls) before timing
            path.derive(path.validate(raw.head(100)))
        passengers, derived, object_cost = _cost(OBJECTS, raw, repeats)
        frame, derived_frame, column_cost = _cost(COLUMNS, raw, repeats)
    return Comparison(
        rows,
        seed,
        object_cost,
        column_cost,
        agreement(passengers, derived, frame, derived_frame),
        int(raw["age"].isna().sum()),
        int(derived_frame["title"].nunique()),
        repeats,
    )


def _cost(path: Representation, raw: pd.DataFrame, repeats: int) -> tuple[Any, Any, PathCost]:
    """The path's outputs and cost: the fastest of `repeats` untraced runs (tracing slows allocation), then memory."""
    best = (float("inf"), float("inf"))
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        validated = path.validate(raw)
        middle = time.perf_counter()
        derived = path.derive(validated)
        end = time.perf_counter()
        best = min(best, (middle - start, end - middle), key=sum)
    peak, arrow = _traced(path, raw)
    return validated, derived, PathCost(path.name, *best, peak, arrow)


def _traced(path: Representation, raw: pd.DataFrame) -> tuple[int, int]:
    """Peak bytes tracemalloc saw while the path ran, and the Arrow bytes its outputs still hold."""
    gc.collect()
    arrow_before = pa.total_allocated_bytes()
    tracemalloc.start()
    try:
        validated = path.validate(raw)
        derived = path.derive(validated)
        peak = tracemalloc.get_traced_memory()[1]
        arrow = pa.total_allocated_bytes() - arrow_before
    finally:
        tracemalloc.stop()
    del validated, derived
    return peak, max(arrow, 0)


def agreement(
    passengers: Passengers, derived: list[DerivedAttributes], frame: pd.DataFrame, derived_frame: pd.DataFrame
) -> Agreement:
    """Compare every field of every passenger, and every derived attribute, between the two paths."""
    differing = [name for name in FIELD_NAMES if [getattr(p, name) for p in passengers] != _values(frame[name])]
    differing += [name for name in DERIVED if [getattr(d, name) for d in derived] != _values(derived_frame[name])]
    same_pids = list(passengers.pids) == frame["pid"].tolist()
    return Agreement(same_pids, tuple(differing), len(passengers) * (len(FIELD_NAMES) + len(DERIVED)))


def _values(column: pd.Series) -> list[Any]:
    """A column as plain Python values, missing ones as None (how a `Passenger` holds them)."""
    return column.astype(object).where(column.notna(), None).tolist()


def trade_off(comparisons: Sequence[Comparison]) -> str:
    """What each choice costs in these measurements: the largest size, and who wins at the smallest."""
    if not comparisons:
        return "Nothing measured yet."
    largest, smallest = comparisons[-1], comparisons[0]
    text = f"Measured on this page: for {largest.rows:,} rows, {_race(largest)}"
    if smallest.rows != largest.rows:
        text += f"; for {smallest.rows:,} rows, {_race(smallest)}"
    return text + "."


def _race(comparison: Comparison) -> str:
    objects, columns = comparison.objects, comparison.columns
    ratio = objects.seconds / columns.seconds
    faster = f"columns {ratio:.1f}× faster" if ratio >= 1 else f"objects {1 / ratio:.1f}× faster"
    peaks = [(cost.peak_bytes + cost.arrow_bytes) / 2**20 for cost in (objects, columns)]
    return (
        f"validating and deriving took {objects.seconds:.3f} s as `Passenger` objects and {columns.seconds:.3f} s "
        f"on columns ({faster}), peaking at {peaks[0]:.1f} MiB against {peaks[1]:.1f} MiB"
    )


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The domain type, both validation paths, both derivation paths, and where the pipeline reads its input."""
    return Passenger, conform, to_passengers, derive_passenger, derive_frame, read_all
