"""Components declare typed parameters; checking them gives errors that list what is valid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pytest

from cq4ds.domain import InvalidParameterError
from cq4ds.params import check_params, current_params, learned, param, params_of, summary


@dataclass(kw_only=True)
class Example:
    """An example component.

    More text that the UI does not show.
    """

    k: int = param(5, minimum=1, maximum=10, help="how many")
    rate: float = param(0.5, minimum=0.0, maximum=1.0, help="how fast")
    on: bool = param(True, help="switch")
    mode: Literal["a", "b"] = param("a", help="which")
    fitted_: object = learned()


def test_params_are_read_from_typed_fields():
    infos = {p.name: p for p in params_of(Example)}
    assert list(infos) == ["k", "rate", "on", "mode"]
    assert infos["k"].type is int and infos["k"].minimum == 1 and infos["k"].maximum == 10
    assert infos["mode"].choices == ("a", "b") and infos["mode"].type is str
    assert infos["on"].type is bool and infos["rate"].help == "how fast"
    assert summary(Example) == "An example component."


def test_values_are_converted_and_round_trip():
    checked = check_params(Example, {"k": "7", "rate": 1, "on": "false", "mode": "b"}, "x")
    assert checked == {"k": 7, "rate": 1.0, "on": False, "mode": "b"}
    assert current_params(Example(**checked)) == checked


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kk": 1}, "unknown parameter 'kk'. Fix: valid parameters are: k, rate, on, mode"),
        ({"k": 0}, "below 1. Fix: use a value from 1 to 10"),
        ({"k": 11}, "above 10"),
        ({"k": 2.5}, "parameter 'k' is 2.5. Fix: give a int"),
        ({"mode": "c"}, "Fix: use one of 'a', 'b'"),
        ({"on": "maybe"}, "give a bool"),
    ],
)
def test_invalid_values_raise_helpful_errors(params, message):
    with pytest.raises(InvalidParameterError) as caught:
        check_params(Example, params, "model 'example'")
    assert message in str(caught.value)
    assert str(caught.value).startswith("model 'example': ")


@dataclass(kw_only=True)
class Unbounded:
    """A component whose numbers have no range: NaN and infinities are refused all the same."""

    scale: float = param(1.0, help="any number")
    count: int = param(1, help="any whole number")
    cap: float = param(1.0, maximum=5.0, help="at most five")


@pytest.mark.parametrize(
    ("cls", "params", "message"),
    [
        (Example, {"rate": float("nan")}, "parameter 'rate' is nan, not a finite number. Fix: use a value from 0 to 1"),
        (Example, {"rate": "NaN"}, "parameter 'rate' is 'NaN', not a finite number. Fix: use a value from 0 to 1"),
        (Example, {"rate": float("inf")}, "parameter 'rate' is inf, not a finite number"),
        (Example, {"rate": "-Infinity"}, "parameter 'rate' is '-Infinity', not a finite number"),
        (Example, {"rate": "1e400"}, "parameter 'rate' is '1e400', not a finite number"),
        (Example, {"k": float("nan")}, "parameter 'k' is nan, not a finite number. Fix: use a value from 1 to 10"),
        (Example, {"k": "inf"}, "parameter 'k' is 'inf', not a finite number. Fix: use a value from 1 to 10"),
        (Unbounded, {"scale": float("nan")}, "parameter 'scale' is nan, not a finite number. Fix: give a finite float"),
        (Unbounded, {"scale": float("-inf")}, "parameter 'scale' is -inf, not a finite number"),
        (Unbounded, {"count": " nan "}, "parameter 'count' is ' nan ', not a finite number. Fix: give a finite int"),
        (Unbounded, {"cap": "nan"}, "parameter 'cap' is 'nan', not a finite number. Fix: use a value of at most 5"),
    ],
)
def test_nan_and_infinities_are_refused_naming_the_parameter_value_and_range(cls, params, message):
    # NaN compares false with every bound, so a range check alone would let it through to the model
    with pytest.raises(InvalidParameterError) as caught:
        check_params(cls, params, "model 'example'")
    shown = str(caught.value)
    assert shown.startswith(f"model 'example': {message}") and "\n" not in shown, shown


def test_large_finite_numbers_are_still_checked_against_the_range():
    assert check_params(Unbounded, {"scale": "1e308", "count": "12"}, "x") == {"scale": 1e308, "count": 12}
    with pytest.raises(InvalidParameterError, match="above 1"):
        check_params(Example, {"rate": 1e308}, "x")
