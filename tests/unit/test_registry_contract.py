"""One contract battery for every registered component: the grader's, the same one participants' components face."""

from __future__ import annotations

import pandas as pd
import pytest

from cq4ds.domain import FIELD_NAMES, PORTS, ComponentSpec, UnknownComponentError
from cq4ds.grading import check_names, grade
from cq4ds.registry import Registry

REGISTRY = Registry()
ALL = [(port, kind) for port in PORTS for kind in REGISTRY.kinds(port)]


def ids(pairs):
    return [f"{port}:{kind}" for port, kind in pairs]


def test_every_port_has_the_components_the_design_promises():
    assert len(REGISTRY.kinds("source")) >= 6
    assert len(REGISTRY.kinds("cleaning")) >= 3
    assert len(REGISTRY.kinds("features")) >= 3
    assert len(REGISTRY.kinds("model")) >= 5
    assert {"csv", "parquet", "sqlite", "duckdb", "memory"} <= set(REGISTRY.kinds("sink"))


@pytest.mark.parametrize(("port", "kind"), ALL, ids=ids(ALL))
def test_every_built_in_component_passes_every_check_of_the_grader(port, kind):
    checks = grade(port, REGISTRY.component_class(port, kind), REGISTRY)
    assert tuple(check.name for check in checks) == check_names(port)
    failed = [f"{check.name}: {check.reason}" for check in checks if not check.passed]
    assert not failed, failed
    assert all(check.reason and "\n" not in check.reason for check in checks)


def test_unknown_kinds_list_the_valid_ones():
    with pytest.raises(UnknownComponentError, match="choose one of: logistic_regression, random_forest"):
        REGISTRY.create("model", ComponentSpec("xgboost"))


@pytest.mark.parametrize("kind", REGISTRY.kinds("cleaning"))
def test_cleanings_keep_the_schema_and_return_a_new_frame_when_they_change_one(kind, passenger_frame):
    cleaning = REGISTRY.create("cleaning", ComponentSpec(kind))
    ruled = cleaning.apply_rules(passenger_frame)
    cleaned = cleaning.fit(ruled).transform(ruled)
    assert list(ruled.columns) == list(cleaned.columns) == list(FIELD_NAMES)
    assert len(cleaned) == len(ruled) <= len(passenger_frame)
    assert passenger_frame is not cleaned or kind == "keep"


def test_splitter_stratifies():
    labels = [0] * 80 + [1] * 20
    train, test = REGISTRY.create("split", ComponentSpec("stratified_holdout")).split(labels)
    assert len(test) == 20 and len(train) == 80
    assert sorted([*train, *test]) == list(range(100))
    assert sum(labels[i] for i in test) == 4


def test_sources_read_schema_columns_in_batches_of_the_size_asked():
    source = REGISTRY.create("source", ComponentSpec("synthetic", {"rows": 250, "seed": 1}))
    frames = list(source.read_batches(100))
    assert [len(f) for f in frames] == [100, 100, 50]
    assert set(FIELD_NAMES) <= set(pd.concat(frames).columns)
