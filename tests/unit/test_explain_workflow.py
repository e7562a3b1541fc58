"""The workflow's steps point at real code and tests, and each step's live run is the package's own behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.explain import workflow
from course.explain import workflow_regression as regression
from course.explain import workflow_runs as runs
from course.explain.hosts import named_source
from cq4ds import contexts
from cq4ds.config_file import load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_eight_steps_in_order_each_with_code_and_tests_that_exist():
    assert [step.number for step in workflow.STEPS] == list(range(1, 9))
    assert workflow.step(1).title.startswith("Define the domain model")
    for step in workflow.STEPS:
        assert step.support.startswith("[R]")
        for module, name in step.code:
            assert named_source(module, name).text.strip()
        for path in step.tests:
            summary, names = workflow.tests_in(path)
            assert summary and names, path


def test_step_1_builds_every_sample_passenger():
    passengers = runs.sample_passengers()
    assert len(passengers) == 1309
    assert passengers[0].pid == 1


def test_step_2_main_runs_a_composition_or_stops_with_one_line():
    ok = runs.run_cli("run", "--config", "configs/notebook.toml", "--set", "model.kind=baseline")
    assert ok.exit_code == 0 and "test  accuracy" in ok.stdout
    bad = runs.run_cli("run", "--config", "configs/notebook.toml", "--set", "model.kind=magic")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: ") and len(bad.stderr.strip().splitlines()) == 1


def test_step_3_every_file_adapter_yields_the_same_passengers():
    hashes = {kind: runs.read_through(kind)[1].content_hash() for kind in ("sqlite", "csv", "parquet", "duckdb")}
    assert len(set(hashes.values())) == 1


def test_step_4_the_test_context_is_fast_repeatable_and_writes_to_memory():
    first, again = runs.test_context_run(300, 3), runs.test_context_run(300, 3)
    assert first.metrics == again.metrics
    assert first.data.origin.startswith("in-memory passengers (300 rows)")
    assert runs.test_context_run(300, 4).metrics != first.metrics
    assert contexts.testing().sink.describe() == "memory"


def test_step_5_the_notebook_recipe_passes_and_a_behaviour_change_fails():
    assert all(check.passed for check in regression.characterize())
    changed = regression.characterize(fix_is_alone=True)
    assert not changed[0].passed and "cells differ" in changed[0].detail
    widened = regression.characterize(rare_title_threshold=3)
    assert "shape" in widened[0].detail


def test_step_6_the_model_trains_on_its_own_with_injected_strategies():
    model, test, predictions = runs.train_model("minimal", "baseline")
    assert len(predictions) == len(test) == 262
    assert list(predictions.columns) == ["pid", "probability", "label"]
    assert len(model.features.feature_names()) == 5


@pytest.mark.parametrize("kind", list(runs.SINK_FILES))
def test_step_7_each_sink_publishes_into_the_given_folder_and_reads_back(kind, tmp_path):
    where, written, path = runs.write_through(kind, tmp_path)
    assert str(tmp_path) in where
    assert written == 262 and path.parent == tmp_path and path.is_file()
    assert list(runs.read_back(kind, path).columns) == ["pid", "probability", "label"]


def test_step_8_two_contexts_differ_in_wiring_and_results():
    notebook, forest = load_config("configs/notebook.toml"), load_config("configs/random_forest.toml")
    changes, diff = runs.wiring_diff(notebook, forest)
    assert changes == ("model: logistic_regression → random_forest",)
    assert sum(line.startswith("-    model=") for line in diff.splitlines()) == 1
    assert runs.wiring_diff(notebook, notebook) == ((), "")
    assert runs.config_metrics("configs/notebook.toml") != runs.config_metrics("configs/random_forest.toml")
