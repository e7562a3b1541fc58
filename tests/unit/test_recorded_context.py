"""The recorded context replays a frozen sample of the production source through the same core.

`contexts.record` freezes records as the production source returns them; `contexts.recorded` builds the
pipeline on that file. The bundled recording must stay a sample of the bundled source.
"""

from __future__ import annotations

import pandas as pd

from course.explain import doubles
from cq4ds import contexts
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.parquet_source import ParquetSource


def _production_records() -> set[tuple[object, ...]]:
    return doubles.record_keys(contexts.production().load().frame)


def test_record_freezes_a_repeatable_sample_of_the_production_source_as_it_arrives(tmp_path):
    path = contexts.record(tmp_path / "recorded.parquet", rows=50, seed=3)
    frozen = pd.read_parquet(path)
    assert len(frozen) == 50
    assert frozen["pid"].is_monotonic_increasing  # the source's order is kept
    assert str(frozen["pclass"].dtype) == str(doubles.raw(contexts.production())["pclass"].dtype)  # as stored
    again = pd.read_parquet(contexts.record(tmp_path / "again.parquet", rows=50, seed=3))
    pd.testing.assert_frame_equal(frozen, again)
    assert not pd.read_parquet(contexts.record(tmp_path / "other.parquet", rows=50, seed=4))["pid"].equals(
        frozen["pid"]
    )


def test_the_recorded_context_runs_the_same_core_on_the_recording(tmp_path):
    path = contexts.record(tmp_path / "recorded.parquet", rows=120, seed=0)
    pipeline, production = contexts.recorded(path), contexts.production()
    assert isinstance(pipeline.source, ParquetSource) and pipeline.source.path == str(path)
    assert isinstance(pipeline.sink, InMemorySink)
    for port in ("cleaning", "features", "model", "split"):
        assert type(getattr(pipeline, port)) is type(getattr(production, port)), port
    assert doubles.record_keys(pipeline.load().frame) <= _production_records()
    result = pipeline.train_and_evaluate().result
    assert len(result.test_predictions) == 24  # the notebook recipe holds out 20%


def test_the_bundled_recording_is_a_sample_of_the_bundled_source():
    recorded = contexts.recorded().load().frame
    assert len(recorded) == 200
    assert doubles.record_keys(recorded) <= _production_records(), "the source changed: record again (make sample-data)"


def test_the_profiles_tell_the_recorded_double_from_the_generated_one():
    production, recorded, generated = doubles.profiles(rows=100, seed=1)
    assert (recorded.passengers, recorded.in_production) == (200, 200)
    assert (generated.passengers, generated.in_production) == (100, 0)
    assert recorded.number_type == production.number_type != generated.number_type
    assert production.core == recorded.core == generated.core
