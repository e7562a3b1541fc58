"""Split a table by pid into ranges of about the same number of rows, so that workers read a range each.

One query finds the ranges: `ntile` deals the sorted pids into tiles and each tile's smallest pid starts a
range, which ends where the next begins. Rows with the same pid always fall in one range, and rows with no
pid get a range of their own (the schema check then names them, as it would in one process).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

PidRange = tuple[Any, Any, bool]  # (lowest pid, pid the range stops before or None, True for rows with no pid)
TILES = """
    SELECT min(pid) FROM (SELECT pid, ntile({tiles}) OVER (ORDER BY pid) AS tile FROM {table} WHERE pid IS NOT NULL)
    GROUP BY tile ORDER BY 1
"""


def pid_ranges(fetch: Callable[[str], list[tuple]], table: str, rows: int) -> tuple[PidRange, ...]:
    """Ranges of about `rows` rows of `table` (a quoted name), with `fetch(sql)` answering a query's rows."""
    ((total, with_pid),) = fetch(f"SELECT count(*), count(pid) FROM {table}")
    tiles = max(1, math.ceil(with_pid / max(rows, 1)))
    starts = [row[0] for row in fetch(TILES.format(tiles=tiles, table=table))]
    ranges: list[PidRange] = [
        (low, starts[i + 1] if i + 1 < len(starts) else None, False) for i, low in enumerate(starts)
    ]
    if total > with_pid or not ranges:
        ranges.append((None, None, True))
    return tuple(ranges)


def where(pids: PidRange, column: str) -> tuple[str, tuple[Any, ...]]:
    """The WHERE condition (with ? parameters) selecting one range's rows by `column`."""
    low, high, missing = pids
    if missing:
        return f"{column} IS NULL", ()
    if high is None:
        return f"{column} >= ?", (low,)
    return f"{column} >= ? AND {column} < ?", (low, high)
