"""Checks of what a prediction sink does: write every batch, count the rows, publish all or nothing."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from cq4ds.grading.subject import CheckFailed, Subject


def _predictions(first: int, rows: int) -> pd.DataFrame:
    """A valid batch of `rows` predictions with pids from `first` on."""
    probability = np.linspace(0.05, 0.95, rows)
    return pd.DataFrame(
        {"pid": range(first, first + rows), "probability": probability, "label": (probability > 0.5).astype(int)}
    )


def _output(sink: object) -> object:
    """What a reader would see of a sink's output: its file (and folder), else everything the object holds."""
    path = getattr(sink, "path", None)
    if path is not None:
        file = Path(path)
        return file.read_bytes() if file.exists() else None, sorted(p.name for p in file.parent.iterdir())
    return pickle.dumps(sorted(vars(sink).items()))  # declared or not: a recorder may keep batches anywhere


def _all_or_nothing_fix(sink: object) -> str:
    if getattr(sink, "path", None) is not None:
        return "write to a temporary file and os.replace it only after the last batch (all or nothing)"
    return "collect the batches first and keep them only once the last one has arrived (all or nothing)"


def writes_and_counts(s: Subject) -> str:
    """Writes every batch it is given and returns the number of rows written."""
    count = s.build().write(iter([_predictions(1, 60), _predictions(61, 40)]))
    if count != 100:
        raise CheckFailed(f"write returned {count!r} for 2 batches of 100 rows in all", "return the rows written")
    return "2 batches, 100 rows written and counted"


def _interrupted() -> Iterator[pd.DataFrame]:
    """Batches that stop with an error after the first one, like a scoring run that crashes midway."""
    yield _predictions(1, 30)
    raise RuntimeError("the batches stopped (raised by the grader)")


def keeps_old_output(s: Subject) -> str:
    """A write interrupted after one batch raises and leaves the previous output exactly as it was."""
    sink = s.build()
    sink.write([_predictions(1, 50)])
    before = _output(sink)
    try:
        sink.write(_interrupted())
    except Exception:  # any error is right: the write must not pretend it succeeded
        pass
    else:
        raise CheckFailed("write returned although its batches raised", "let the error propagate")
    if _output(sink) != before:
        raise CheckFailed("the interrupted write changed the previous output", _all_or_nothing_fix(sink))
    return "raised, and the previous output is untouched"
