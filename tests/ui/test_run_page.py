"""AppTest: the run page picks a config, runs it, and shows metrics or a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_the_app_opens_on_the_run_page(app):
    assert app.title[0].value == "Run a pipeline config"
    assert "notebook.toml" in app.selectbox(key="run.config").options
    assert "[model]" in app.code[0].value


def test_running_a_config_shows_metrics_and_confusion_matrices(app):
    app.selectbox(key="run.config").select("notebook.toml").run()
    app.button(key="run.go").click().run()
    assert not app.exception
    assert [m.label for m in app.metric] == ["Accuracy", "Precision", "Recall", "F1", "ROC AUC"]
    assert all(0 <= float(m.value) <= 1 for m in app.metric)
    assert len(app.dataframe) == 2


def test_a_different_config_gives_a_different_result(app):
    app.selectbox(key="run.config").select("notebook.toml").run()
    app.button(key="run.go").click().run()
    notebook = [m.value for m in app.metric]
    app.selectbox(key="run.config").select("random_forest.toml").run()
    app.button(key="run.go").click().run()
    assert [m.value for m in app.metric] != notebook


def test_a_broken_config_shows_an_error_not_a_traceback(app, tmp_path, monkeypatch):
    broken = Path("configs/zz_broken_for_test.toml")
    broken.write_text('[source]\nkind = "csv"\nparams = { path = "no/such/file.csv" }\n')
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.selectbox(key="run.config").select(broken.name).run()
        at.button(key="run.go").click().run()
        assert not at.exception
        assert any("no/such/file.csv" in e.value and "Fix:" in e.value for e in at.error)
    finally:
        broken.unlink()
