"""Experimental-operational symmetry in the core: one path from raw rows to probabilities.

For every registered cleaning, feature and model kind (and a chain), the probabilities the scoring
path gives the test passengers (through a sink in chunks, and one passenger at a time) equal the ones
evaluation computed for them. The lesson file keeps the skew this used to have, measured.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cq4ds import contexts
from cq4ds.adapters.in_process_engine import InProcessEngine
from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.synthetic import generate
from cq4ds.columnar import conform
from cq4ds.config_file import NOTEBOOK_RECIPE, RECIPES, load_config
from cq4ds.domain import ComponentSpec
from cq4ds.registry import Registry
from cq4ds.usecases import score_batch

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = Registry()
CASES = [
    *((port, ComponentSpec(kind)) for port in ("cleaning", "features", "model") for kind in REGISTRY.kinds(port)),
    ("cleaning", ComponentSpec("chain", {"steps": ["dedupe", "drop_incomplete", "impute"]})),
]


@pytest.fixture(scope="module")
def passengers() -> pd.DataFrame:
    """Raw generated passengers, with the missing ages, fares and ports the cleaning exists for."""
    return generate(500, seed=11)


@pytest.mark.parametrize(("port", "spec"), CASES, ids=[f"{port}-{spec.kind}" for port, spec in CASES])
def test_scoring_gives_the_probabilities_evaluation_measured(passengers, port, spec):
    config = load_config(NOTEBOOK_RECIPE).with_spec(port, spec).with_spec("cleaning", ComponentSpec("impute"))
    if port == "cleaning":
        config = config.with_spec("cleaning", spec)
    trained = contexts.in_memory(config, passengers).train_and_evaluate()
    evaluated = pd.DataFrame(
        [(p.pid, p.probability) for p in trained.result.test_predictions], columns=["pid", "probability"]
    )
    raw = conform(passengers, "raw").frame
    test = raw[raw["pid"].isin(evaluated["pid"])].reset_index(drop=True)  # as a source hands them over, uncleaned
    if spec.kind not in ("drop_incomplete", "chain"):  # those drop the passengers with no age, by design
        assert test["age"].isna().any(), "the test passengers must include some with no age"

    sink = InMemorySink()
    score_batch(trained.predictor, InMemorySource.from_frame(test), sink, InProcessEngine(), chunk_rows=17)
    first = test.sort_values("age", na_position="first").head(40)  # the passengers with no age among them
    one_at_a_time = pd.concat([trained.predictor.predictions(first.iloc[[i]]) for i in range(len(first))])
    for scored in (sink.frame_, one_at_a_time):
        both = evaluated.merge(scored, on="pid", suffixes=("_evaluated", "_scored"))
        assert len(both) == len(scored) and len(both) >= min(40, len(evaluated))
        np.testing.assert_allclose(both["probability_scored"], both["probability_evaluated"], rtol=0, atol=1e-12)


def _lesson():
    path = ROOT / "lessons" / "skew" / "cleaning_outside_the_model.py"
    spec = importlib.util.spec_from_file_location("cleaning_outside_the_model", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_the_lesson_measures_the_skew_the_one_path_removes():
    lesson = _lesson()
    config, passengers = load_config(RECIPES / "extended_boosting.toml"), contexts.sample_passengers()
    old, new = lesson.old_path(config, passengers), lesson.one_path(config, passengers)
    assert old.missing_age > 0 and old.labels_flipped > 0 and old.max_difference > 0.05
    assert new.missing_age > 0 and new.labels_flipped == 0 and new.max_difference < 1e-12
