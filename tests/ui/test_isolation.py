"""Sessions are private: two people in the Lab at once never see each other's choices, files or results."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from course.ui import runs
from cq4ds.registry import Registry
from tests.ui import helpers
from tests.ui.helpers import ROOT

UI_CODE = sorted((ROOT / "course" / "ui").glob("*.py"))
APP_CODE = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *UI_CODE]


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


def _files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()} if folder.exists() else set()


def test_two_sessions_at_once_keep_their_compositions_uploads_and_results_apart(tmp_path):
    a, b = helpers.open_lab(), helpers.open_lab()
    notebook = helpers.shown(b).config
    notebook_cards = helpers.metrics(b)
    assert helpers.shown(a).config == notebook

    helpers.choose(a, "model", "knn")
    b.run()
    assert helpers.shown(b).config == notebook
    assert b.selectbox(key="lab.model.kind").value == "logistic_regression"
    assert helpers.metrics(b) == notebook_cards

    helpers.upload(a, "csv", "mine.csv", helpers.titanic3_rows(300))
    assert not helpers.errors(a)
    folder_a = Path(a.session_state["cq4ds.files.folder"])
    uploaded = Path(a.selectbox(key="lab.source.csv.path").value)
    assert uploaded.is_file() and uploaded.is_relative_to(folder_a)
    assert helpers.shown(a).config.source.options["path"] == str(uploaded)

    helpers.choose(a, "sink", "csv")
    assert not helpers.errors(a)
    written = helpers.shown(a).output
    assert written is not None and written.is_file() and written.is_relative_to(folder_a)

    repo_before = _files(ROOT / "outputs")
    helpers.choose(b, "source", "csv")  # B opens the same file picker A uploaded through
    assert not helpers.errors(b)
    folder_b = Path(b.session_state["cq4ds.files.folder"])
    assert folder_a != folder_b
    assert not folder_a.is_relative_to(folder_b) and not folder_b.is_relative_to(folder_a)
    choices = helpers.file_choices(b, "csv")
    assert not any("your upload" in choice or str(folder_a) in choice for choice in choices), choices
    assert helpers.state(b, "cq4ds.files.uploads", {}) == {}

    b_config = helpers.shown(b).config
    assert b_config.model.kind == "logistic_regression" and b_config.sink.kind == "memory"
    assert b_config.source.options["path"] == "sample_data/titanic3.csv"
    assert str(uploaded) not in helpers.result_caption(b)

    history_a, history_b = a.session_state["cq4ds.lab.history"], b.session_state["cq4ds.lab.history"]
    assert [run.config for run in history_b] == [notebook, b_config]
    assert [run.number for run in history_b] == [1, 2]
    assert not any(run.config.model.kind == "knn" for run in history_b)
    # A: the notebook recipe, k-NN, k-NN on the sample CSV (choosing the CSV source), on the upload, to a CSV sink
    assert [run.number for run in history_a] == [1, 2, 3, 4, 5]
    assert {run.config.model.kind for run in history_a[1:]} == {"knn"}

    runs_a, runs_b = a.session_state["cq4ds.lab.runs"], b.session_state["cq4ds.lab.runs"]
    assert set(runs_a) != set(runs_b)
    assert set(runs_a) & set(runs_b) == {notebook}  # both ran the notebook recipe, each its own run
    assert runs_a[notebook] is not runs_b[notebook]
    assert runs_a[notebook].result is not runs_b[notebook].result
    assert not {id(run.result) for run in runs_a.values()} & {id(run.result) for run in runs_b.values()}

    # Every file the two sessions wrote is inside A's folder; B wrote nothing; the repository got nothing.
    markers = {folder_a / ".cq4ds-session", folder_b / ".cq4ds-session", folder_a.parent / ".cq4ds-server"}
    assert {path for path in _files(tmp_path) - markers if not path.is_relative_to(folder_a)} == set()
    assert {uploaded, written} <= _files(folder_a)
    assert _files(folder_b) - markers == set()
    assert _files(ROOT / "outputs") == repo_before


def _cached(path: Path, kind: str) -> list[str]:
    """The functions in `path` decorated with st.<kind> (cache_data or cache_resource)."""
    return [
        node.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and any(kind in ast.unparse(d) for d in node.decorator_list)
    ]


def test_the_app_keeps_nothing_shared_and_mutable():
    """st.cache_resource hands every session the same object; st.cache_data hands each caller a copy."""
    for path in APP_CODE:
        assert "cache_resource" not in path.read_text(encoding="utf-8"), f"{path}: st.cache_resource shares objects"
        assert _cached(path, "cache_resource") == []
    assert "default_config" in _cached(ROOT / "course" / "ui" / "lab.py", "cache_data")
    assert "load_cached" in _cached(ROOT / "course" / "ui" / "runs.py", "cache_data")


def test_a_session_that_changes_cached_data_changes_it_for_nobody_else():
    a = helpers.open_lab()
    cards = helpers.metrics(a)
    source = helpers.shown(a).config.source

    loaded = runs.load_cached(source, "raise", Registry())  # the entry A's run put in the process-wide cache
    pristine = runs.load_cached(source, "raise", Registry())
    assert loaded is not pristine and loaded.frame is not pristine.frame  # every caller gets its own copy
    loaded.frame.loc[:, "age"] = 0.0
    loaded.frame.loc[:, "sex"] = "female"
    assert runs.load_cached(source, "raise", Registry()).frame.equals(pristine.frame)

    b = helpers.open_lab()
    assert helpers.metrics(b) == cards
    assert helpers.shown(b).result.metrics == helpers.shown(a).result.metrics
