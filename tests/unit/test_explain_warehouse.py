"""Warehouse in, warehouse out: two nights in DuckDB, an injected failure, and the test context."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from course.explain import warehouse, warehouse_code
from course.explain.source import source_of
from course.explain.warehouse import FlakySource, InjectedFailure, parity, run_nights
from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.synthetic import generate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def model():
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # the recipe names sample_data/ relative to the root
        return warehouse.train_model()


def test_the_flaky_source_passes_on_n_chunks_then_fails():
    flaky = FlakySource(InMemorySource.from_frame(generate(1_000, seed=1)), fail_after=2)
    seen = []
    with pytest.raises(InjectedFailure, match="after 2 chunks"):
        seen.extend(flaky.read_batches(300))
    assert [len(batch) for batch in seen] == [300, 300]
    assert (flaky.delivered_chunks, flaky.delivered_rows) == (2, 600)


def test_the_flaky_source_fails_even_after_the_last_chunk():
    flaky = FlakySource(InMemorySource.from_frame(generate(1_000, seed=1)), fail_after=4)
    with pytest.raises(InjectedFailure):
        list(flaky.read_batches(300))
    assert flaky.delivered_rows == 1_000


def test_night_two_fails_and_leaves_night_one_untouched(tmp_path, model):
    ran = run_nights(tmp_path, model, rows=1_000, seed=3, chunk_rows=250, fail_after=2)
    assert ran.first.result.rows_scored == ran.first.after.rows == 1_000
    assert ran.first.after.tables == ("predictions",)
    second = ran.second
    assert second.result is None
    assert "InjectedFailure" in second.error and "nothing was published" in second.error
    assert (second.delivered_chunks, second.delivered_rows) == (2, 500)
    assert second.after == second.before == ran.first.after
    assert second.after.tables == ("predictions",)  # the buffer went with the ROLLBACK
    assert second.after.sample["pid"].tolist() == [1, 2, 3, 4, 5]


def test_a_failure_after_every_chunk_still_publishes_nothing(tmp_path, model):
    ran = run_nights(tmp_path, model, rows=1_000, seed=3, chunk_rows=250, fail_after=4)
    assert ran.second.delivered_rows == 1_000 and ran.second.error
    assert ran.second.after == ran.first.after


def test_without_the_failure_night_two_replaces_the_table(tmp_path, model):
    ran = run_nights(tmp_path, model, rows=1_000, seed=3, chunk_rows=250, fail_after=None)
    assert ran.second.error == "" and ran.second.result.rows_scored == 1_000
    assert ran.second.after.rows == 1_000
    assert ran.second.after.content_hash != ran.first.after.content_hash
    assert ran.second.after.sample["pid"].iloc[0] == 1_001


def test_the_test_context_gives_the_same_predictions_whatever_the_chunks(tmp_path, model):
    small = run_nights(tmp_path / "a", model, rows=1_000, seed=3, chunk_rows=250, fail_after=None)
    large = run_nights(tmp_path / "b", model, rows=1_000, seed=3, chunk_rows=1_000, fail_after=None)
    assert small.parity.same_pids and small.parity.same_labels and small.parity.max_abs_difference == 0.0
    assert small.first.after.content_hash == large.first.after.content_hash
    assert small.first.result.chunks == 4 and large.first.result.chunks == 1


def test_parity_reports_a_difference():
    left = pd.DataFrame({"pid": [1, 2], "probability": [0.2, 0.7], "label": [0, 1]})
    right = left.assign(probability=[0.2, 0.4], label=[0, 0]).iloc[::-1]
    found = parity(left, right)
    assert found.same_pids and not found.same_labels and found.max_abs_difference == pytest.approx(0.3)
    assert not parity(left, right.assign(pid=[5, 6])).same_pids


def test_the_sink_sql_is_read_from_its_code():
    steps = dict(warehouse_code.filled_sql("predictions"))
    publish = steps["_TableSink.write"]
    assert publish[0] == "BEGIN" and "COMMIT" in publish and "ROLLBACK" in publish
    assert 'CREATE TABLE "predictions__buffer" (pid BIGINT, probability DOUBLE, label INTEGER)' in publish
    assert 'ALTER TABLE "predictions__buffer" RENAME TO "predictions"' in publish
    assert steps["DuckdbSink._insert"][0].startswith('INSERT INTO "predictions__buffer"')
    assert "COUNT(DISTINCT pid)" in steps["_check_buffer"][0]


def test_only_the_output_adapter_knows_the_buffer():
    assert warehouse_code.pipeline_modules_mentioning("__buffer") == ("cq4ds/adapters/table_sinks.py",)
    assert not warehouse_code.use_case_mentions_buffer()


def test_the_code_shown_is_readable():
    assert all(source_of(obj).text for obj in warehouse_code.code_objects())
    assert all(view.text for view in warehouse_code.sink_sources())
