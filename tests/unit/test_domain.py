"""The domain: passengers are validated on construction with messages that name the field and the fix."""

from __future__ import annotations

import dataclasses

import pytest

from cq4ds.domain import InvalidPassengerError, Passenger, Passengers

VALID = dict(
    pid=1,
    pclass=3,
    name="Braund, Mr. Owen Harris",
    sex="male",
    sibsp=1,
    parch=0,
    ticket="A/5 21171",
    age=22.0,
    fare=7.25,
    cabin=None,
    embarked="S",
    is_survived=0,
)


def test_a_valid_passenger_is_built_and_frozen():
    passenger = Passenger(**VALID)
    assert passenger.is_labelled
    with pytest.raises(dataclasses.FrozenInstanceError):
        passenger.age = 30  # type: ignore[misc]


def test_unlabelled_passengers_are_allowed_for_scoring():
    assert not Passenger(**{**VALID, "is_survived": None}).is_labelled


def test_whole_numbers_for_float_fields_become_floats():
    assert Passenger(**{**VALID, "age": 22}).age == 22.0
    assert type(Passenger(**{**VALID, "age": 22}).age) is float


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("pclass", 4, "not one of 1, 2, 3"),
        ("sex", "m", "not one of 'female', 'male'"),
        ("age", -1.0, "below the minimum 0"),
        ("fare", -5.0, "below the minimum 0"),
        ("embarked", "X", "not one of 'C', 'Q', 'S'"),
        ("is_survived", 2, "not one of 0, 1"),
        ("name", None, "is missing"),
        ("sibsp", 1.5, "not a whole number"),
        ("age", float("nan"), "not a finite number"),
        ("ticket", 123, "not text"),
        ("pclass", True, "not a whole number"),
    ],
)
def test_invalid_fields_are_rejected_with_field_and_fix(field, value, expected):
    with pytest.raises(InvalidPassengerError) as caught:
        Passenger(**{**VALID, field: value})
    message = str(caught.value)
    assert f"field '{field}'" in message
    assert expected in message
    assert "Fix:" in message


def test_passengers_reject_duplicate_pids():
    one = Passenger(**VALID)
    with pytest.raises(InvalidPassengerError, match="pid 1 appears at positions 1 and 2"):
        Passengers((one, one))


def test_passengers_from_records_and_content_hash():
    records = [VALID, {**VALID, "pid": 2, "age": None, "extra": "ignored"}]
    passengers = Passengers.from_records(records)
    assert passengers.pids == (1, 2)
    assert len(passengers.labelled()) == 2
    assert passengers.content_hash() == Passengers.from_records(records).content_hash()
    changed = Passengers.from_records([VALID, {**VALID, "pid": 2, "age": 3.0}])
    assert passengers.content_hash() != changed.content_hash()
