"""One bad record: pandas takes it, and the domain type and the columnar check refuse it by the same rule."""

from __future__ import annotations

import pytest

from course.explain.record_checks import BAD_RECORD, judge

GOOD = {**BAD_RECORD, "pclass": 3, "sex": "male", "age": 22.0, "embarked": "S", "is_survived": 0}


def test_pandas_takes_the_bad_record_and_both_checks_name_the_same_rule():
    verdicts = judge(BAD_RECORD)
    assert len(verdicts.frame) == 1
    assert verdicts.passenger_rule == verdicts.conform_rule == "pclass"
    assert verdicts.passenger_error.startswith("passenger 1: field 'pclass' is 4")
    assert "column 'pclass' is 4" in verdicts.conform_error
    assert [name for name, _ in verdicts.broken] == ["pclass", "sex", "age", "embarked", "is_survived"]


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"sex": "M"}, "sex"),
        ({"age": -0.5}, "age"),
        ({"embarked": "X"}, "embarked"),
        ({"is_survived": 2}, "is_survived"),
    ],
)
def test_each_rule_is_named_by_both_checks(change, rule):
    verdicts = judge({**GOOD, **change})
    assert verdicts.passenger_rule == verdicts.conform_rule == rule
    assert [name for name, _ in verdicts.broken] == [rule]


def test_a_good_record_is_accepted_by_both():
    verdicts = judge(GOOD)
    assert verdicts.passenger_error == verdicts.conform_error == ""
    assert verdicts.broken == ()
