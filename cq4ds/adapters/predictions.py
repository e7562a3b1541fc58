"""The checks every prediction sink runs before it publishes anything."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from cq4ds.columnar import PREDICTION_COLUMNS
from cq4ds.domain import Cq4dsError, SinkError

DTYPES = {"pid": "int64", "probability": "float64", "label": "int64"}
PARQUET_SCHEMA = pa.schema([("pid", pa.int64()), ("probability", pa.float64()), ("label", pa.int64())])


def not_published(destination: str, problem: str, fix: str) -> SinkError:
    """A SinkError that names the destination and says the previous output is untouched."""
    return SinkError(f"{destination}: {problem}; nothing was published and the previous output is left intact", fix)


def check_predictions(frame: pd.DataFrame, destination: str) -> pd.DataFrame:
    """Return the batch's columns pid, probability and label, typed, after checking every value.

    Args:
        frame: one batch of predictions.
        destination: the sink's description, named in every message.

    Raises:
        SinkError: a column or value is missing, a pid repeats, a label is not 0/1
            or a probability is outside [0, 1].
    """
    missing = [name for name in PREDICTION_COLUMNS if name not in frame.columns]
    if missing:
        raise not_published(destination, f"the batch has no column {', '.join(map(repr, missing))}",
                            "give every batch the columns pid, probability and label")
    numbers = frame[list(PREDICTION_COLUMNS)].apply(pd.to_numeric, errors="coerce").reset_index(drop=True)
    for name in PREDICTION_COLUMNS:
        empty = int(numbers[name].isna().sum())
        if empty:
            raise not_published(destination, f"{name} is missing or not a number in {empty} of {len(numbers)} rows",
                                f"fill in the {name} of every row")
    pids, labels, probabilities = numbers["pid"], numbers["label"], numbers["probability"]
    not_whole = ~np.isfinite(pids) | (pids != np.floor(pids))
    if not_whole.any():
        raise not_published(destination, f"pid {pids[not_whole].iloc[0]:g} is not a whole number",
                            "use whole-number passenger ids")
    if pids.duplicated().any():
        raise not_published(destination, f"pid {int(pids[pids.duplicated()].iloc[0])} appears more than once",
                            "write one prediction per passenger")
    not_binary = ~labels.isin((0, 1))
    if not_binary.any():
        raise not_published(destination, f"label {labels[not_binary].iloc[0]:g} is not 0 or 1",
                            "predict label 1 (survived) or 0 (died)")
    outside = (probabilities < 0) | (probabilities > 1)
    if outside.any():
        raise not_published(destination, f"probability {probabilities[outside].iloc[0]:g} is outside [0, 1]",
                            "write the predicted probability of survival, between 0 and 1")
    return numbers.astype(DTYPES)


@dataclass
class PredictionStream:
    """Checks batches as they stream past, keeping only their pids (8 bytes a row), never the rows."""

    destination: str
    _pids: list[np.ndarray] = field(default_factory=list, init=False, repr=False)

    def check(self, batch: pd.DataFrame) -> pd.DataFrame:
        """Check one batch (see `check_predictions`) and remember its pids."""
        checked = check_predictions(batch, self.destination)
        self._pids.append(checked["pid"].to_numpy())
        return checked

    def finish(self, rows_written: int) -> int:
        """Check pids are unique across batches and `rows_written` matches the rows sent; return the count."""
        pids = np.concatenate(self._pids) if self._pids else np.empty(0, dtype="int64")
        if rows_written != len(pids):
            raise not_published(self.destination, f"{rows_written} rows were written but {len(pids)} were sent",
                                "check the destination has room and is not changed by anything else, then write again")
        values, counts = np.unique(pids, return_counts=True)
        if (counts > 1).any():
            raise not_published(self.destination, f"pid {int(values[counts > 1][0])} appears in more than one batch",
                                "write one prediction per passenger")
        return len(pids)


def empty_predictions() -> pd.DataFrame:
    """A typed prediction frame with no rows."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in DTYPES.items()})


@contextmanager
def failures_as_sink_errors(destination: str) -> Iterator[None]:
    """Turn any failure in the block that is not already a cq4ds error into a SinkError.

    Errors of the cq4ds family (a bad passenger row upstream, a failed check) already say
    what to fix and pass through unchanged, as does KeyboardInterrupt.
    """
    try:
        yield
    except Cq4dsError:
        raise
    except Exception as error:
        problem = f"writing stopped ({type(error).__name__}: {error})"
        fix = "fix the cause above (is the folder writable, is the disk full?) and write again"
        raise not_published(destination, problem, fix) from error
