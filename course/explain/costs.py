"""The recorded costs of the two representations, read from docs/performance.md: the sentence pages show about
them, or `StoryError` when the document no longer records the objects-against-columns table.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from course.explain.told import REPO, StoryError, shown

PERFORMANCE = REPO / "docs" / "performance.md"
COSTS_SECTION = "## Dataclasses or DataFrames"


@dataclass(frozen=True, slots=True)
class RecordedCost:
    """One row of the recorded benchmark: one path on one size."""

    rows: int
    path: str  # "objects" or "columns"
    validate_seconds: float
    peak_mib: float


def recorded(doc: Path = PERFORMANCE) -> tuple[RecordedCost, ...]:
    """The 'Dataclasses or DataFrames' table of docs/performance.md, as written there."""
    text = doc.read_text(encoding="utf-8") if doc.is_file() else ""
    section = text.split(COSTS_SECTION, 1)[1].split("\n## ", 1)[0] if COSTS_SECTION in text else ""
    found = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 7 and re.fullmatch(r"[\d,]+", cells[0]) and cells[1] in ("objects", "columns"):
            found.append(RecordedCost(int(cells[0].replace(",", "")), cells[1], float(cells[2]), float(cells[6])))
    return tuple(found)


@functools.cache
def recorded_costs(doc: Path = PERFORMANCE) -> str:
    """The trade-off in the recorded numbers: the largest size, and who wins at the smallest."""
    costs = {(cost.rows, cost.path): cost for cost in recorded(doc)}
    sizes = sorted({rows for rows, path in costs if (rows, "objects") in costs and (rows, "columns") in costs})
    if not sizes:
        raise StoryError(f"{shown(doc)} records no objects-against-columns table under '{COSTS_SECTION[3:]}'")
    big, small = sizes[-1], sizes[0]
    objects, columns = costs[big, "objects"], costs[big, "columns"]
    ratio = objects.validate_seconds / columns.validate_seconds
    text = (
        f"Recorded in `{shown(doc)}` (`bench/dataclasses_vs_frames.py`): validating {big:,} rows took "
        f"{objects.validate_seconds:.3f} s as `Passenger` objects and {columns.validate_seconds:.3f} s with "
        f"`conform` ({ratio:.1f}× {'faster' if ratio > 1 else 'slower'} on columns), and validating plus "
        f"deriving peaked at {objects.peak_mib:.1f} MiB of traced memory as objects against "
        f"{columns.peak_mib:.1f} MiB on columns"
    )
    if small != big:
        few_objects, few_columns = costs[small, "objects"], costs[small, "columns"]
        winner = "objects" if few_objects.validate_seconds < few_columns.validate_seconds else "columns"
        text += (
            f"; at {small:,} rows the {winner} were faster ({few_objects.validate_seconds:.3f} s as objects, "
            f"{few_columns.validate_seconds:.3f} s on columns)"
        )
    return text + "."
