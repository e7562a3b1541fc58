"""One record, three judges: what pandas, the domain type and the columnar check each make of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from cq4ds.columnar import conform
from cq4ds.domain import FIELDS, InvalidPassengerError, Passenger

BAD_RECORD: dict[str, Any] = {
    "pid": 1, "pclass": 4, "name": "Doe, Mr. John", "sex": "M", "age": -3.0, "sibsp": 0, "parch": 0,
    "ticket": "A/5 21171", "fare": 7.25, "cabin": None, "embarked": "X", "is_survived": 2,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Verdicts:
    """What a raw DataFrame, the domain type and the columnar check each make of one record."""

    frame: pd.DataFrame  # what pd.DataFrame([record]) built, without complaint
    passenger_error: str  # the InvalidPassengerError Passenger(...) raised ("" when it accepted the record)
    passenger_rule: str  # the field whose rule it named
    conform_error: str  # the error conform raised on the same record ("" when it accepted it)
    conform_rule: str
    broken: tuple[tuple[str, str], ...]  # every field the record breaks, and why, in the schema's order


def judge(record: dict[str, Any]) -> Verdicts:
    """Hand the same record to pandas, to `Passenger` and to `conform`."""
    frame = pd.DataFrame([record])
    passenger_error = passenger_rule = conform_error = conform_rule = ""
    try:
        Passenger(**record)
    except InvalidPassengerError as error:
        passenger_error = str(error)
        passenger_rule = next(rule.name for rule in FIELDS if rule.fix == error.fix)
    try:
        conform(frame, "your record")
    except InvalidPassengerError as error:
        conform_error = str(error)
        conform_rule = conform(frame, "your record", on_invalid="quarantine").quarantined[0].column
    broken = tuple((rule.name, problem) for rule in FIELDS if (problem := rule.problem(record.get(rule.name))))
    return Verdicts(frame, passenger_error, passenger_rule, conform_error, conform_rule, broken)
