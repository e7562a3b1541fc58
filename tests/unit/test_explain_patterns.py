"""Pattern diagrams are drawn from the real classes; the factory, strategy and adapter demos use the real package."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from course.explain import patterns
from course.explain.pattern_diagrams import adapter_dot, factory_dot, methods, storage_libraries, strategy_dot
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import load_config
from cq4ds.domain import FIELD_NAMES, PORTS, ComponentSpec, ConfigError, InvalidParameterError, UnknownComponentError
from cq4ds.ports import Cleaning, PassengerSource
from cq4ds.registry import Registry


def test_methods_are_read_from_the_classes():
    assert methods(PassengerSource, own_only=True) == ("describe()", "read_batches(rows)")
    assert methods(Cleaning, own_only=True) == ("apply_rules(frame)", "fit(train)", "transform(frame)")
    forest = Registry().component_class("model", "random_forest")
    assert methods(forest) == ("fit(features, labels)", "predict_proba(features)", "weights()")


def test_storage_libraries_are_the_adapters_real_imports():
    registry = Registry()
    assert set(storage_libraries(registry.component_class("source", "sqlite"))) == {"pandas", "sqlite3"}
    assert "duckdb" in storage_libraries(registry.component_class("source", "duckdb"))
    assert "pyarrow" in storage_libraries(registry.component_class("source", "parquet"))


def test_the_diagrams_name_every_registered_class():
    registry = Registry()
    adapter, strategy = adapter_dot(), strategy_dot()
    for kind in registry.kinds("source"):
        assert f'"{registry.component_class("source", kind).__name__}"' in adapter
    for kind in registry.kinds("model"):
        assert f"kind: {kind}" in strategy
    assert "n_estimators = 200" in strategy
    for port in PORTS:
        dot = factory_dot(port)
        assert all(f'\\"{kind}\\"' in dot for kind in registry.kinds(port)), port


def test_an_unknown_port_has_no_factory_diagram():
    with pytest.raises(ConfigError, match="unknown port"):
        factory_dot("warehouse")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
@pytest.mark.parametrize("dot", [adapter_dot, strategy_dot, lambda: factory_dot("model")])
def test_the_diagrams_are_valid_graphviz(dot):
    run = subprocess.run(["dot", "-Tsvg"], input=dot(), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_factory_builds_from_toml():
    built = patterns.build_from_toml("model", 'kind = "random_forest"\nparams = { n_estimators = 50 }')
    assert built.cls == "RandomForestModel"
    assert built.params == {"n_estimators": 50, "max_depth": 6, "random_state": 0}
    assert built.text == "RandomForestModel(n_estimators=50, max_depth=6, random_state=0)"


@pytest.mark.parametrize(
    ("text", "error", "says"),
    [
        ('kind = "forest"', UnknownComponentError, "random_forest"),
        ('kind = "random_forest"\nparams = { n_trees = 5 }', InvalidParameterError, "n_estimators"),
        ('kind = "knn"\nparams = { n_neighbors = 0 }', InvalidParameterError, "below 1"),
        ("kind = ", ConfigError, "not valid TOML"),
        ('kind = "knn"\ncolour = "red"', ConfigError, "nothing else"),
        ("params = { C = 1.0 }", ConfigError, "needs a kind"),
    ],
)
def test_the_factory_explains_what_it_refuses(text, error, says):
    with pytest.raises(error, match=says):
        patterns.build_from_toml("model", text)


def test_a_strategy_swap_trains_through_the_composition_root():
    forest = patterns.train_with_model("random_forest")
    config = load_config("configs/notebook.toml").with_spec("model", ComponentSpec("random_forest"))
    assert forest.test.metrics == build_pipeline(config).train_and_evaluate().result.test.metrics
    assert forest.test.metrics != patterns.train_with_model("logistic_regression").test.metrics


def test_every_store_yields_the_schema_and_the_same_first_passengers():
    views = {store: patterns.adapter_view(spec, 4) for store, spec in patterns.ADAPTER_SAMPLES.items()}
    first = views["CSV (titanic3)"].checked
    for store, view in views.items():
        assert list(view.checked.columns) == list(FIELD_NAMES), store
        assert len(view.yielded) == 4, store
        assert view.checked.equals(first), store
    assert views["SQLite"].extra == ("boat", "body", "home.dest")
    assert views["Parquet"].extra == ()
    assert "Survived" in views["CSV (Kaggle)"].stored
    assert "tbl_targets.is_survived" in views["SQLite"].stored
