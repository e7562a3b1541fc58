"""The columnar path: apply the domain's passenger rules to whole pandas columns at once.

`conform` does for a frame what `Passenger(...)` does for one record, with the same
rules (`cq4ds.domain.FIELDS`), so both paths accept and reject the same rows.
Adapters call it on what they read; `to_passengers`/`from_passengers` cross between
the two representations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cq4ds.domain import FIELD_NAMES, FIELDS, DataError, InvalidPassengerError, Passengers, QuarantinedRow
from cq4ds.domain.passenger import FieldRule

LABEL = "is_survived"
PREDICTION_COLUMNS = ("pid", "probability", "label")


@dataclass(frozen=True)
class Conformed:
    """A frame that satisfies the passenger schema, plus the rows set aside."""

    frame: pd.DataFrame
    quarantined: tuple[QuarantinedRow, ...] = ()


def empty_frame() -> pd.DataFrame:
    """A frame with the schema's columns and no rows."""
    return conform(pd.DataFrame({name: [] for name in FIELD_NAMES}), "empty frame").frame


def _typed(column: pd.Series, rule: FieldRule) -> tuple[pd.Series, pd.Series]:
    """Convert a column to the rule's type; return it and a mask of values that would not convert."""
    present = column.notna()
    if rule.kind is str:
        text = column.where(present).astype("str").str.strip()
        text = text.where(text != "")
        return text, pd.Series(False, index=column.index)
    numbers = pd.to_numeric(column, errors="coerce")
    if numbers.dtype == bool:
        numbers = numbers.astype(float)
    bad = present & numbers.isna()
    if rule.kind is int:
        bad |= numbers.notna() & (numbers != np.floor(numbers))
    if rule.kind is float:
        bad |= numbers.notna() & ~np.isfinite(numbers)
    return numbers.where(~bad), bad


def _problems(column: pd.Series, raw: pd.Series, not_converted: pd.Series, rule: FieldRule) -> dict[int, str]:
    """One reason for each row that breaks `rule`, by row position (no entry where the row is fine).

    Only the breaking rows get a text: the checks themselves are boolean masks, so a clean batch costs a few
    vectorised comparisons whatever its size.
    """
    kind_text = {int: "not a whole number", float: "not a number", str: "not text"}[rule.kind]
    reasons = {i: f"is {v!r}, {kind_text}" for i, v in raw[not_converted].items()}
    taken = not_converted.to_numpy(dtype=bool, copy=True)
    if rule.required:
        missing = column.isna().to_numpy() & ~taken
        reasons.update(dict.fromkeys(column.index[missing], "is missing"))
        taken |= missing
    present = column.notna().to_numpy()
    if rule.choices is not None:
        allowed = ", ".join(repr(c) for c in rule.choices)
        outside = present & ~column.isin(rule.choices).to_numpy() & ~taken
        reasons.update({i: f"is {_plain(v, rule)!r}, not one of {allowed}" for i, v in column[outside].items()})
        taken |= outside
    if rule.minimum is not None:
        below = present & (pd.to_numeric(column, errors="coerce") < rule.minimum).to_numpy() & ~taken
        reasons.update(
            {i: f"is {_plain(v, rule)!r}, below the minimum {rule.minimum:g}" for i, v in column[below].items()}
        )
    return reasons


def _plain(value: object, rule: FieldRule) -> object:
    return int(value) if rule.kind is int else float(value) if rule.kind is float else value


def conform(raw: pd.DataFrame, origin: str, *, on_invalid: str = "raise", first_row: int = 1) -> Conformed:
    """Check and type `raw` against the passenger schema.

    Args:
        raw: records with the schema's column names (extra columns are dropped).
        origin: where the records came from, named in every message.
        on_invalid: "raise" stops at invalid rows; "quarantine" sets them aside and reports them.
        first_row: the row number of `raw`'s first record in its origin (for messages).

    Raises:
        DataError: a required column is missing.
        InvalidPassengerError: a row breaks a rule and `on_invalid` is "raise".
    """
    missing = [rule.name for rule in FIELDS if rule.required and rule.name not in raw.columns]
    if missing:
        plural = len(missing) > 1
        found = ", ".join(map(str, raw.columns)) or "no columns"
        raise DataError(
            f"{origin}: required column{'s' if plural else ''} {', '.join(map(repr, missing))} "
            f"{'are' if plural else 'is'} missing (found: {found})",
            "use the SQLite exercise schema, the titanic3 CSV layout or the Kaggle CSV layout",
        )
    raw = raw.reset_index(drop=True)
    columns: dict[str, pd.Series] = {}
    reasons: dict[str, dict[int, str]] = {}
    for rule in FIELDS:
        source = raw[rule.name] if rule.name in raw.columns else pd.Series(np.nan, index=raw.index, dtype=object)
        typed, not_converted = _typed(source, rule)
        columns[rule.name] = typed
        reasons[rule.name] = _problems(typed, source, not_converted, rule)
    frame = pd.DataFrame(columns)
    bad = sorted({int(i) for reason in reasons.values() for i in reason})
    bad_rows = frame.index.isin(bad)
    quarantined = tuple(
        QuarantinedRow(row=first_row + i, pid=_pid(raw, i), column=name, reason=reasons[name][i])
        for i in bad
        for name in (next(n for n in FIELD_NAMES if i in reasons[n]),)
    )
    if quarantined and on_invalid == "raise":
        first = quarantined[0]
        more = f" (and {len(quarantined) - 1} more invalid rows)" if len(quarantined) > 1 else ""
        fix = next(rule.fix for rule in FIELDS if rule.name == first.column)
        raise InvalidPassengerError(
            f"{origin}: row {first.row} (pid {first.pid}): column '{first.column}' {first.reason}{more}",
            f'{fix}, or set on_invalid = "quarantine" to set invalid rows aside',
        )
    return Conformed(_with_dtypes(frame[~bad_rows].reset_index(drop=True)), quarantined)


def _pid(raw: pd.DataFrame, i: int) -> object:
    value = raw["pid"].iloc[i]
    return None if pd.isna(value) else value


def _with_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    for rule in FIELDS:
        if rule.kind is int:
            frame[rule.name] = frame[rule.name].astype("int64" if rule.required else "Int64")
        elif rule.kind is float:
            frame[rule.name] = frame[rule.name].astype("float64")
    return frame


def duplicated_pids(frame: pd.DataFrame, origin: str, *, on_invalid: str = "raise") -> Conformed:
    """Enforce the collection rule that pids are unique (after cleaning, which may de-duplicate)."""
    repeats = frame["pid"].duplicated(keep="first")
    if not repeats.any():
        return Conformed(frame)
    quarantined = tuple(
        QuarantinedRow(row=int(i) + 1, pid=int(frame["pid"].iloc[i]), column="pid", reason="repeats an earlier pid")
        for i in np.flatnonzero(repeats.to_numpy())
    )
    if on_invalid == "raise":
        first = quarantined[0]
        raise InvalidPassengerError(
            f"{origin}: pid {first.pid} appears more than once ({int(repeats.sum())} repeated rows)",
            "give every passenger a unique pid, choose the 'dedupe' cleaning step, or set on_invalid = \"quarantine\"",
        )
    return Conformed(frame[~repeats].reset_index(drop=True), quarantined)


def to_passengers(frame: pd.DataFrame) -> Passengers:
    """The per-object path: one validated `Passenger` per row."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return Passengers.from_records(records)


def from_passengers(passengers: Passengers) -> pd.DataFrame:
    """The columnar path: a schema frame holding the same passengers."""
    raw = pd.DataFrame(passengers.records(), columns=list(FIELD_NAMES))
    return conform(raw, "passenger objects").frame


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Only rows whose survival is known, with the label as plain int."""
    rows = frame[frame[LABEL].notna()].reset_index(drop=True)
    return rows.assign(**{LABEL: rows[LABEL].astype("int64")})
