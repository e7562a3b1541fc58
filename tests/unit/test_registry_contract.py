"""One contract battery for every registered component (in the spirit of sklearn's estimator checks)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from cq4ds.columnar import LABEL, labelled
from cq4ds.config_file import dump_config, parse_config
from cq4ds.domain import FIELD_NAMES, PORTS, ComponentSpec, PipelineConfig, UnknownComponentError
from cq4ds.params import current_params, params_of
from cq4ds.ports import Classifier, Cleaner, FeatureBuilder, PassengerSource, PredictionSink, Splitter
from cq4ds.registry import Registry

REGISTRY = Registry()
ALL = [(port, kind) for port in PORTS for kind in REGISTRY.kinds(port)]
PROTOCOLS = {
    "source": PassengerSource,
    "cleaning": Cleaner,
    "features": FeatureBuilder,
    "model": Classifier,
    "split": Splitter,
    "sink": PredictionSink,
}


def ids(pairs):
    return [f"{port}:{kind}" for port, kind in pairs]


def test_every_port_has_the_components_the_design_promises():
    assert len(REGISTRY.kinds("source")) >= 6
    assert len(REGISTRY.kinds("cleaning")) >= 3
    assert len(REGISTRY.kinds("features")) >= 3
    assert len(REGISTRY.kinds("model")) >= 5
    assert {"csv", "parquet", "sqlite", "duckdb", "memory"} <= set(REGISTRY.kinds("sink"))


@pytest.mark.parametrize(("port", "kind"), ALL, ids=ids(ALL))
def test_builds_with_defaults_and_fits_its_port(port, kind):
    component = REGISTRY.create(port, ComponentSpec(kind))
    assert isinstance(component, PROTOCOLS[port])
    cls = type(component)
    assert dataclasses.is_dataclass(cls)
    assert cls.__doc__ and len(cls.__doc__.strip().splitlines()[0]) < 120, "needs a one-line summary"
    for info in params_of(cls):
        assert info.help, f"{kind}.{info.name} needs help text"
        assert not info.name.endswith("_"), "parameters never end in _ (that marks learned state)"


@pytest.mark.parametrize(("port", "kind"), ALL, ids=ids(ALL))
def test_params_round_trip_through_config(port, kind):
    component = REGISTRY.create(port, ComponentSpec(kind))
    spec = REGISTRY.spec_of(port, component)
    config = PipelineConfig(source=ComponentSpec("csv")).with_spec(port, spec)
    reread = parse_config(dump_config(config)).spec(port)
    assert current_params(REGISTRY.create(port, reread)) == current_params(component)


def test_unknown_kinds_list_the_valid_ones():
    with pytest.raises(UnknownComponentError, match="choose one of: logistic_regression, random_forest"):
        REGISTRY.create("model", ComponentSpec("xgboost"))


CLEANERS = REGISTRY.kinds("cleaning")
FEATURES = REGISTRY.kinds("features")
MODELS = REGISTRY.kinds("model")


@pytest.mark.parametrize("kind", CLEANERS)
def test_cleaners_keep_the_schema_and_never_add_rows(kind, passenger_frame):
    cleaned = passenger_frame.pipe(REGISTRY.create("cleaning", ComponentSpec(kind)))
    assert list(cleaned.columns) == list(FIELD_NAMES)
    assert len(cleaned) <= len(passenger_frame)
    assert passenger_frame is not cleaned or kind == "keep"


@pytest.mark.parametrize("kind", FEATURES)
def test_feature_builders_fit_and_name_every_column(kind, passenger_frame):
    rows = labelled(passenger_frame)
    builder = REGISTRY.create("features", ComponentSpec(kind)).fit(rows[:400], rows.drop(columns=LABEL))
    matrix = builder.transform(rows[400:])
    assert matrix.shape[0] == len(rows) - 400
    assert matrix.shape[1] == len(builder.feature_names())
    assert np.isfinite(matrix).all(), "no missing values may reach the model"


@pytest.mark.parametrize("kind", MODELS)
def test_models_fit_and_predict_probabilities(kind):
    rng = np.random.default_rng(0)
    features = rng.normal(size=(300, 4))
    labels = (features[:, 0] + rng.normal(scale=0.5, size=300) > 0).astype(int)
    model = REGISTRY.create("model", ComponentSpec(kind)).fit(features, labels)
    probability = model.predict_proba(features)
    assert probability.shape == (300,)
    assert ((probability >= 0) & (probability <= 1)).all()
    weights = model.weights()
    assert weights is None or len(weights) == 4


def test_splitter_stratifies():
    labels = [0] * 80 + [1] * 20
    train, test = REGISTRY.create("split", ComponentSpec("stratified_holdout")).split(labels)
    assert len(test) == 20 and len(train) == 80
    assert sorted([*train, *test]) == list(range(100))
    assert sum(labels[i] for i in test) == 4


def test_sources_read_schema_columns():
    source = REGISTRY.create("source", ComponentSpec("synthetic", {"rows": 250, "seed": 1}))
    frames = list(source.read_batches(100))
    assert [len(f) for f in frames] == [100, 100, 50]
    assert set(FIELD_NAMES) <= set(pd.concat(frames).columns)
