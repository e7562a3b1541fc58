"""Source views show the real code: the right file, the right first line, the whole definition."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from course.explain.source import SourceView, component_source, module_summary, port_source, source_of
from cq4ds.adapters.sqlite_source import SqliteSource
from cq4ds.bootstrap import build_pipeline
from cq4ds.domain import ConfigError
from cq4ds.registry import Registry

ROOT = Path(__file__).resolve().parents[2]


def _file_line(view: SourceView) -> str:
    return (ROOT / view.path).read_text(encoding="utf-8").splitlines()[view.line - 1]


def test_a_class_is_shown_from_its_first_decorator_to_its_last_method():
    view = source_of(SqliteSource)
    assert (view.qualname, view.module, view.path) == (
        "SqliteSource",
        "cq4ds.adapters.sqlite_source",
        "cq4ds/adapters/sqlite_source.py",
    )
    assert _file_line(view) == view.text.splitlines()[0]
    assert view.text.startswith("@dataclass")
    assert "class SqliteSource:" in view.text
    assert "def read_batches(" in view.text
    assert view.location == f"cq4ds/adapters/sqlite_source.py:{view.line}"


def test_functions_and_methods_are_shown_dedented():
    assert source_of(build_pipeline).text.startswith("def build_pipeline(")
    method = source_of(Registry.create)
    assert method.qualname == "Registry.create"
    assert method.text.startswith("def create(")
    assert _file_line(method).strip() == method.text.splitlines()[0]


def test_views_are_cached_and_frozen():
    view = source_of(SqliteSource)
    assert source_of(SqliteSource) is view
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.line = 1  # type: ignore[misc]


def test_code_outside_the_repository_keeps_its_absolute_path():
    view = source_of(json.dumps)
    assert Path(view.path).is_absolute()
    assert view.text.startswith("def dumps(")


def test_component_and_port_sources():
    assert component_source(Registry(), "model", "knn").qualname == "NearestNeighboursModel"
    port = port_source("model")
    assert (port.qualname, port.path) == ("Model", "cq4ds/ports.py")
    assert "class Model(Protocol):" in port.text
    with pytest.raises(ConfigError, match="unknown port"):
        port_source("warehouse")


def test_module_summary_reads_the_docstring_without_importing():
    assert module_summary("cq4ds.domain").startswith("The domain:")
    assert module_summary("cq4ds.no_such_module") == ""
