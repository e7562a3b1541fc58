"""The columnar path applies the same rules as the per-object path, to whole columns."""

from __future__ import annotations

import pandas as pd
import pytest

from cq4ds.columnar import conform, duplicated_pids, from_passengers, to_passengers
from cq4ds.domain import FIELD_NAMES, DataError, InvalidPassengerError, Passenger

GOOD = dict(
    pid=1,
    pclass=1,
    name="Allen, Miss. Elisabeth",
    sex="female",
    sibsp=0,
    parch=0,
    ticket="24160",
    age=29.0,
    fare=211.34,
    cabin="B5",
    embarked="S",
    is_survived=1,
)
# One row per rule the domain enforces, plus valid edge cases.
RECORDS = [
    GOOD,
    {**GOOD, "pid": 2, "age": None, "fare": None, "cabin": None, "embarked": None, "is_survived": None},
    {**GOOD, "pid": 3, "pclass": 4},
    {**GOOD, "pid": 4, "sex": "F"},
    {**GOOD, "pid": 5, "age": -2.0},
    {**GOOD, "pid": 6, "fare": -1.0},
    {**GOOD, "pid": 7, "embarked": "Z"},
    {**GOOD, "pid": 8, "is_survived": 3},
    {**GOOD, "pid": 9, "sibsp": 1.5},
    {**GOOD, "pid": 10, "name": None},
    {**GOOD, "pid": 11, "age": 0.42},
    {**GOOD, "pid": 12, "sex": " male", "cabin": "  "},
]


def _per_object_valid(record: dict) -> bool:
    try:
        Passenger(**record)
    except InvalidPassengerError:
        return False
    return True


def test_both_paths_accept_and_reject_the_same_rows():
    checked = conform(pd.DataFrame(RECORDS), "records", on_invalid="quarantine")
    kept_by_columns = set(checked.frame["pid"])
    kept_by_objects = {r["pid"] for r in RECORDS if _per_object_valid(r)}
    assert kept_by_columns == kept_by_objects == {1, 2, 11, 12}
    assert {q.pid for q in checked.quarantined} == set(range(3, 11))


def test_both_paths_give_identical_passengers():
    checked = conform(pd.DataFrame(RECORDS), "records", on_invalid="quarantine")
    per_object = [Passenger(**r) for r in RECORDS if _per_object_valid(r)]
    assert list(to_passengers(checked.frame)) == per_object
    assert from_passengers(to_passengers(checked.frame)).equals(checked.frame)


def test_raise_names_origin_row_column_and_fix():
    with pytest.raises(InvalidPassengerError) as caught:
        conform(pd.DataFrame(RECORDS), "file people.csv", first_row=1)
    message = str(caught.value)
    assert message.startswith("file people.csv: row 3 (pid 3): column 'pclass' is 4, not one of 1, 2, 3")
    assert "and 7 more invalid rows" in message and "Fix:" in message


def test_text_in_a_number_column_is_reported():
    with pytest.raises(InvalidPassengerError, match="column 'age' is 'abc', not a number"):
        conform(pd.DataFrame([{**GOOD, "age": "abc"}]), "x")


def test_missing_required_columns_are_listed():
    with pytest.raises(DataError, match="required columns 'name', 'sex' are missing"):
        conform(pd.DataFrame([GOOD]).drop(columns=["name", "sex"]), "x")


def test_optional_columns_may_be_absent():
    frame = conform(pd.DataFrame([GOOD]).drop(columns=["is_survived", "cabin"]), "x").frame
    assert list(frame.columns) == list(FIELD_NAMES)
    assert frame["is_survived"].isna().all()


def test_duplicate_pids_raise_or_are_quarantined():
    frame = conform(pd.DataFrame([GOOD, GOOD, {**GOOD, "pid": 2}]), "x").frame
    with pytest.raises(InvalidPassengerError, match="pid 1 appears more than once"):
        duplicated_pids(frame, "x")
    kept = duplicated_pids(frame, "x", on_invalid="quarantine")
    assert list(kept.frame["pid"]) == [1, 2]
    assert [q.row for q in kept.quarantined] == [2]
