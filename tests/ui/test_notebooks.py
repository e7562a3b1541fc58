"""AppTest: the notebooks page exports the chosen composition and reacts to every control."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/notebooks.py").run()
    assert not at.exception and not at.error
    return at


def test_exports_the_labs_composition_and_follows_the_choice():
    at = open_page()
    lab_cells = [c.value for c in at.code]
    assert any('ComponentSpec("logistic_regression"' in c for c in lab_cells)
    lab_metrics = json.loads(at.json[0].value)
    at.selectbox(key="notebooks.choice").set_value("random_forest.toml").run()
    assert not at.exception
    assert any('ComponentSpec("random_forest"' in c.value for c in at.code)
    assert json.loads(at.json[0].value) != lab_metrics


def test_the_lab_composition_is_this_sessions():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/lab.py").run()
    at.selectbox(key="lab.model.kind").select("knn").run()
    at.switch_page("pages/notebooks.py").run()
    assert any('ComponentSpec("knn"' in c.value for c in at.code)


def test_check_yourself():
    at = open_page()
    at.radio(key="notebooks.q1").set_value("In the app's page code, beside the demo").run()
    assert at.error[0].value.startswith("Not quite")
    at.radio(key="notebooks.q1").set_value("As a new cleaning strategy in the package").run()
    assert at.success[0].value.startswith("Right")


def test_the_page_says_how_to_open_a_notebook_in_jupyter():
    at = open_page()
    text = "\n".join(m.value for m in at.markdown)
    assert "`make notebook`" in text
    assert "installs JupyterLab" in text
