"""Every source adapter yields the same passengers from the sample; a swap changes only the [source] table."""

from __future__ import annotations

import inspect

import pytest

from course.explain import decoupling
from course.explain.decoupling import SAMPLE_ROWS, SAMPLE_SEED, SOURCE_KINDS
from course.explain.lessons import lesson_lines
from cq4ds.adapters.sample_files import build_sample_data
from cq4ds.adapters.synthetic import generate
from cq4ds.columnar import conform, to_passengers
from cq4ds.registry import Registry


@pytest.fixture(scope="module")
def readings() -> dict[str, decoupling.Reading]:
    return {kind: decoupling.read(kind) for kind in SOURCE_KINDS}


def test_the_sample_constants_are_the_sample_writers_defaults():
    writer = inspect.signature(build_sample_data).parameters
    assert (SAMPLE_ROWS, SAMPLE_SEED) == (writer["rows"].default, writer["seed"].default) == (1309, 42)


def test_the_six_kinds_are_every_registered_source():
    assert set(SOURCE_KINDS) == set(Registry().kinds("source"))


def test_every_adapter_yields_the_same_1309_passengers(readings):
    expected = to_passengers(conform(generate(SAMPLE_ROWS, SAMPLE_SEED), "generated").frame).content_hash()
    for kind, found in readings.items():
        assert found.passengers == SAMPLE_ROWS, kind
        assert found.content_hash == expected, kind


def test_the_raw_frames_differ_although_the_passengers_do_not(readings):
    sqlite, csv = readings["sqlite"], readings["csv"]
    assert set(sqlite.raw_columns) - set(csv.raw_columns) == {"boat", "body", "home.dest"}
    assert decoupling.raw_type(sqlite, "pclass") != decoupling.raw_type(csv, "pclass")
    assert decoupling.raw_type(csv, "boat") == "absent"
    assert sqlite.content_hash == csv.content_hash


def test_each_reading_names_its_own_adapter(readings):
    registry = Registry()
    for kind, found in readings.items():
        cls = registry.component_class("source", kind)
        assert (found.adapter, found.module) == (cls.__name__, cls.__module__)


def test_another_seed_gives_other_passengers(readings):
    assert decoupling.read("synthetic", SAMPLE_SEED + 1).content_hash != readings["synthetic"].content_hash


def test_a_swap_changes_only_the_source_table():
    diff = decoupling.config_diff(decoupling.config_for("sqlite"), decoupling.config_for("csv"))
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        '-kind = "sqlite"',
        '-params = { path = "sample_data/titanic.db" }',
        '+kind = "csv"',
        '+params = { path = "sample_data/titanic3.csv" }',
    ]
    assert decoupling.changed_lines(diff) == 4


def test_the_same_source_twice_has_no_diff():
    assert decoupling.config_diff(decoupling.config_for("parquet"), decoupling.config_for("parquet")) == ""


def test_the_legacy_storage_lines_are_found_and_highlighted():
    lines = decoupling.storage_lines()
    text = [lesson_lines("legacy/titanic_notebook.py")[n - 1] for n in lines]
    assert any("sqlite3.connect" in line for line in text)
    assert sum("read_sql" in line for line in text) == 2
    assert any('df["is_survived"]' in line for line in text)
    shown = decoupling.storage_excerpt()
    assert shown.highlighted <= set(lines)
    assert len(shown.highlighted) == len(lines) - 1  # all but `import sqlite3`, which the summary names
    assert "import sqlite3" in decoupling.storage_summary()
    assert len(decoupling.cells_of(lines)) >= 4
