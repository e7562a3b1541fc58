"""Both contexts share one core, differ only in wiring, and give the same answers on the same passengers."""

from __future__ import annotations

import hashlib

import pytest

from course.explain import symmetry, symmetry_runs
from course.explain.symmetry import BUILT_FROM_CONFIG, CORE_PORTS
from cq4ds import contexts


@pytest.fixture
def pipelines():
    return contexts.testing(rows=200), contexts.production()


def test_the_core_ports_hold_the_same_classes_and_only_the_source_differs(pipelines):
    testing, production = (symmetry.parts(p) for p in pipelines)
    differ = {a.port for a, b in zip(testing, production, strict=True) if a != b}
    assert differ == {"source"}
    assert {a.port for a in testing} >= set(CORE_PORTS)


def test_both_contexts_run_the_same_core_files(pipelines):
    testing, production = (symmetry.core_of(p) for p in pipelines)
    assert testing == production
    assert {"cq4ds.usecases.training", "cq4ds.strategies.features", "cq4ds.domain.passenger"} <= set(testing.modules)
    assert not any(module.startswith(("cq4ds.adapters", "course.ui")) for module in testing.modules)
    assert len(testing.digest) == 64 and testing.lines > 500


def test_the_source_digest_changes_with_content_and_path_but_not_order(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    digest = symmetry.source_digest([a, b], root=tmp_path)
    assert digest == symmetry.source_digest([b, a], root=tmp_path)
    assert digest != hashlib.sha256(a.read_bytes() + b.read_bytes()).hexdigest()
    b.write_text("y = 3\n")
    assert symmetry.source_digest([a, b], root=tmp_path) != digest
    b.rename(tmp_path / "c.py")
    assert symmetry.source_digest([a, tmp_path / "c.py"], root=tmp_path) != digest


def test_the_wiring_is_read_from_the_context_functions():
    testing, production = symmetry.context_sources()
    assert testing.startswith("def testing(") and production.startswith("def production(")
    rows = {argument: (test, prod) for argument, test, prod in symmetry.injections()}
    assert rows["config"] == ("load_config(config_path)", "load_config(config_path)")
    assert rows["source"][1] == rows["sink"][1] == BUILT_FROM_CONFIG
    assert "InMemorySource" in rows["source"][0]
    diff = symmetry.wiring_diff()
    assert diff.startswith("--- contexts.testing\n+++ contexts.production")
    assert "-def testing(" in diff and "+def production(" in diff


def test_both_contexts_give_identical_answers_on_the_same_passengers(tmp_path):
    runs = symmetry_runs.compare_runs(tmp_path, rows=300, seed=5, repeats=2)
    assert runs.same_pids and runs.max_difference == 0.0
    assert runs.testing.metrics == runs.production.metrics
    assert runs.testing.data.origin.startswith("in-memory") and "SQLite" in runs.production.data.origin
    stages = [t.stage for t in runs.testing.timings]
    assert [t.stage for t in runs.testing_timings] == [t.stage for t in runs.production_timings] == stages


def test_the_production_config_is_written_once_and_points_at_its_database(tmp_path):
    config = symmetry_runs.production_config(tmp_path, rows=100, seed=1)
    written = config.stat().st_mtime_ns
    assert symmetry_runs.production_config(tmp_path, rows=100, seed=1) == config
    assert config.stat().st_mtime_ns == written
    assert str(tmp_path / "passengers-100-seed1.db") in config.read_text()


def test_the_load_timing_is_the_median_of_the_load_stage(tmp_path):
    testing, production = symmetry_runs.both_contexts(tmp_path, rows=500, seed=2)
    for pipeline in (testing, production):
        timing = symmetry_runs.load_timing(pipeline, repeats=3)
        assert timing.stage == "load" and timing.seconds > 0
