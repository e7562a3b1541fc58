"""The Passenger entity and the schema its records must satisfy.

The rules are data (`FIELDS`), so the same rules can be applied one object at a
time here and column by column by the columnar layer (`cq4ds.columnar`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from cq4ds.domain.errors import InvalidPassengerError

PCLASSES = (1, 2, 3)
SEXES = ("female", "male")
EMBARKATION_PORTS = ("C", "Q", "S")  # Cherbourg, Queenstown, Southampton
LABELS = (0, 1)


@dataclass(frozen=True, slots=True)
class FieldRule:
    """How one passenger field is typed and what values it accepts."""

    name: str
    kind: type  # int, float or str
    required: bool = True
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    fix: str = ""

    def problem(self, value: Any) -> str | None:
        """Return why `value` breaks this rule, or None when it is valid."""
        if value is None:
            return "is missing" if self.required else None
        if self.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            return f"is {value!r}, not a whole number"
        if self.kind is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return f"is {value!r}, not a number"
        if self.kind is float and not math.isfinite(value):
            return f"is {value!r}, not a finite number"
        if self.kind is str and not isinstance(value, str):
            return f"is {value!r}, not text"
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            return f"is {value!r}, not one of {allowed}"
        if self.minimum is not None and value < self.minimum:
            return f"is {value!r}, below the minimum {self.minimum:g}"
        return None


FIELDS: tuple[FieldRule, ...] = (
    FieldRule("pid", int, minimum=0, fix="give every passenger a non-negative whole-number id"),
    FieldRule("pclass", int, choices=PCLASSES, fix="use ticket class 1, 2 or 3"),
    FieldRule("name", str, fix="fill in the name as 'Surname, Title. Given names'"),
    FieldRule("sex", str, choices=SEXES, fix="write sex as 'female' or 'male'"),
    FieldRule("age", float, required=False, minimum=0, fix="leave unknown ages empty; ages are >= 0"),
    FieldRule("sibsp", int, minimum=0, fix="count siblings/spouses aboard as a whole number >= 0"),
    FieldRule("parch", int, minimum=0, fix="count parents/children aboard as a whole number >= 0"),
    FieldRule("ticket", str, fix="fill in the ticket number"),
    FieldRule("fare", float, required=False, minimum=0, fix="leave unknown fares empty; fares are >= 0"),
    FieldRule("cabin", str, required=False, fix="leave unknown cabins empty"),
    FieldRule(
        "embarked", str, required=False, choices=EMBARKATION_PORTS, fix="use port code C, Q or S, or leave it empty"
    ),
    FieldRule(
        "is_survived", int, required=False, choices=LABELS, fix="use 1 (survived), 0 (died) or leave it empty to score"
    ),
)
FIELD_NAMES: tuple[str, ...] = tuple(rule.name for rule in FIELDS)
RULES: dict[str, FieldRule] = {rule.name: rule for rule in FIELDS}


@dataclass(frozen=True, slots=True, kw_only=True)
class Passenger:
    """One person on the passenger list; validated on construction."""

    pid: int
    pclass: int
    name: str
    sex: str
    sibsp: int
    parch: int
    ticket: str
    age: float | None = None
    fare: float | None = None
    cabin: str | None = None
    embarked: str | None = None
    is_survived: int | None = None

    def __post_init__(self) -> None:
        for rule in FIELDS:
            value = getattr(self, rule.name)
            if rule.kind is float and type(value) is int:
                object.__setattr__(self, rule.name, float(value))  # 22 and 22.0 are the same age
            elif rule.kind is str and isinstance(value, str):
                object.__setattr__(self, rule.name, value.strip() or None)  # as in columns: ' male' is 'male'
            problem = rule.problem(getattr(self, rule.name))
            if problem:
                raise InvalidPassengerError(f"passenger {self.pid!r}: field '{rule.name}' {problem}", rule.fix)

    @property
    def is_labelled(self) -> bool:
        """True when the passenger's survival is known (usable for training)."""
        return self.is_survived is not None
