"""TOML's `nan` and `inf` literals, in a config file or a `--set`, are refused like any out-of-range number."""

from __future__ import annotations

import pytest

from cq4ds.config_file import apply_overrides, load_config, parse_config
from cq4ds.domain import InvalidParameterError
from cq4ds.registry import Registry

REGISTRY = Registry()


@pytest.mark.parametrize("literal", ["nan", "+nan", "-nan", "inf", "+inf", "-inf"])
def test_a_config_file_with_a_non_finite_number_is_refused(literal):
    text = f'[source]\nkind = "sqlite"\n\n[model]\nkind = "logistic_regression"\nparams = {{ C = {literal} }}'
    config = parse_config(text)
    with pytest.raises(InvalidParameterError, match=r"parameter 'C' is -?(nan|inf), not a finite number\. Fix: use a"):
        REGISTRY.check(config)


@pytest.mark.parametrize(
    "assignment", ["split.params.test_size=nan", "model.params.max_iter=inf", 'model.params.C="NaN"']
)
def test_a_set_override_with_a_non_finite_number_is_refused(assignment):
    config = apply_overrides(load_config("configs/notebook.toml"), [assignment])
    with pytest.raises(InvalidParameterError, match="not a finite number"):
        REGISTRY.check(config)
