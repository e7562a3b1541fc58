"""Composition diffs compare the parameters components are built with, not how the config spells them."""

from __future__ import annotations

import pytest

from course.explain.diff import Change, composition_diff, describe, effective_params
from cq4ds.config_file import default_config
from cq4ds.domain import ComponentSpec, InvalidParameterError
from cq4ds.registry import Registry

BASE = default_config(ComponentSpec("sqlite"))


def test_a_parameter_written_at_its_default_is_no_change():
    default = {p.name: p.default for p in Registry().info("model", "knn").params}["n_neighbors"]
    before = BASE.with_spec("model", ComponentSpec("knn"))
    after = BASE.with_spec("model", ComponentSpec("knn", {"n_neighbors": default}))
    assert composition_diff(before, after) == ()
    assert composition_diff(BASE, BASE) == ()


def test_a_parameter_change_names_the_port_and_the_parameter():
    after = BASE.with_spec("model", BASE.model.with_params(C=0.5))
    (change,) = composition_diff(BASE, after)
    assert change == Change("model", "C", 1.0, 0.5)
    assert describe(change) == "model.C: 1.0 → 0.5"


def test_a_kind_change_is_one_change_without_the_parameters():
    after = BASE.with_spec("model", ComponentSpec("random_forest", {"n_estimators": 50}))
    assert composition_diff(BASE, after) == (Change("model", "kind", "logistic_regression", "random_forest"),)
    assert describe(composition_diff(BASE, after)[0]) == "model: logistic_regression → random_forest"


def test_changes_come_port_by_port_then_the_invalid_row_policy():
    after = default_config(
        ComponentSpec("csv"),
        cleaning=ComponentSpec("impute"),
        split=ComponentSpec("stratified_holdout", {"test_size": 0.3}),
        on_invalid="quarantine",
    )
    changes = composition_diff(BASE, after)
    assert [(c.port, c.field) for c in changes] == [
        ("source", "kind"),
        ("cleaning", "kind"),
        ("split", "test_size"),
        ("on_invalid", "on_invalid"),
    ]
    assert describe(changes[-1]) == "on_invalid: raise → quarantine"


def test_effective_params_fill_defaults_and_convert_types():
    params = effective_params(Registry(), "model", ComponentSpec("logistic_regression", {"C": 2}))
    assert params == {"C": 2.0, "max_iter": 100, "random_state": 0}
    assert isinstance(params["C"], float)
    with pytest.raises(InvalidParameterError, match="unknown parameter"):
        effective_params(Registry(), "model", ComponentSpec("knn", {"depth": 3}))
