"""The ML-products page: one model per session, used three ways; every control changes what is shown."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from course.explain import products
from tests.ui import helpers
from tests.ui.helpers import ROOT

PAGE = "pages/ml_products.py"
KEY = "ml_products"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    app.switch_page(PAGE).run()
    helpers.assert_no_exception(app)
    return app


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _sample(at: AppTest):
    return next(frame.value for frame in at.dataframe if "probability" in frame.value.columns)


def _chance(at: AppTest) -> str | None:
    return next((m.value for m in at.metric if m.label == "Chance of survival"), None)


def test_the_page_shows_every_part_and_the_notebook_models_metrics(at):
    assert at.title[0].value == "ML products"
    assert not helpers.errors(at)
    headers = [h.value for h in at.subheader]
    for section in ("The problem", "The move", "Try this", "Check yourself", "Where this lives in the code"):
        assert section in headers
    _, run = products.train()
    assert _metric(at, "Accuracy") == f"{run.result.test.metrics.accuracy:.3f}"
    assert _metric(at, "ROC AUC") == f"{run.result.test.metrics.roc_auc:.3f}"
    confusion = helpers.figures(at)[f"Test split: {run.result.n_test} passengers"]
    assert confusion["data"][0]["z"] == [list(row) for row in run.result.test.confusion.as_rows()]
    assert [e.label.split(" · ")[0] for e in at.expander][-4:] == [
        "Predictor", "score_batch", "FileModelStore", "Passenger",
    ]  # fmt: skip


def test_the_model_is_trained_once_per_session(at):
    first = at.session_state["cq4ds.ml_products.trained"]
    at.selectbox(key=f"{KEY}.pclass").select(1).run()
    assert at.session_state["cq4ds.ml_products.trained"] is first


@pytest.mark.parametrize(
    ("widget", "key", "value"),
    [
        ("selectbox", "pclass", 1),
        ("selectbox", "sex", "female"),
        ("selectbox", "embarked", "C"),
        ("checkbox", "age_unknown", True),
        ("number_input", "age", 4.0),
        ("number_input", "fare", 120.0),
        ("number_input", "sibsp", 4),
        ("number_input", "parch", 3),
        ("text_input", "name", "Doe, Master. John"),
    ],
)
def test_every_field_of_the_passenger_changes_the_chance_of_survival(at, widget, key, value):
    before = _chance(at)
    getattr(at, widget)(key=f"{KEY}.{key}").set_value(value).run()
    helpers.assert_no_exception(at)
    assert _chance(at) not in (None, before)


def test_an_impossible_passenger_is_refused_by_the_domain_and_not_scored(at):
    at.number_input(key=f"{KEY}.age").set_value(-1.0).run()
    assert any("field 'age'" in error and "Fix:" in error for error in helpers.errors(at))
    assert _chance(at) is None
    at.number_input(key=f"{KEY}.age").set_value(30.0).run()
    assert not helpers.errors(at) and _chance(at) is not None


def test_the_batch_controls_change_the_scoring_run(at):
    assert _metric(at, "Passengers scored") == "5,000" and _metric(at, "Chunks") == "1"
    sample = _sample(at).copy()
    at.select_slider(key=f"{KEY}.chunk").set_value(1_000).run()
    assert _metric(at, "Chunks") == "5"
    at.number_input(key=f"{KEY}.seed").set_value(2).run()
    assert not _sample(at).equals(sample)
    at.select_slider(key=f"{KEY}.rows").set_value(1_000).run()
    assert _metric(at, "Passengers scored") == "1,000" and _metric(at, "Chunks") == "1"
    values = helpers.figures(at)["Predicted probabilities"]["data"][0]["x"]  # plotly sends floats as base64
    assert values["dtype"] == "f8" and len(base64.b64decode(values["bdata"])) == 8 * 1_000


def test_the_customer_decides_which_artefacts_must_be_kept(at):
    def kept() -> str:
        return next(m.value for m in at.markdown if "must be kept" in m.value)

    folder = Path(tempfile.gettempdir())  # the test's own folder: nothing is written into the repository
    assert list(folder.rglob("titanic_survival.model")) and not (ROOT / "models" / "titanic_survival.model").exists()
    assert kept().startswith("**1 of 8 artefacts")
    assert not at.json
    at.radio(key=f"{KEY}.customer").set_value(products.SYSTEM).run()
    assert kept().startswith("**7 of 8 artefacts")
    metadata = at.json[0].value
    assert '"versions"' in metadata and '"code"' in metadata and '"metrics"' in metadata
    assert any("[source]" in block for block in helpers.code_blocks(at, "toml"))


def test_check_yourself_gives_instant_feedback(at):
    at.radio(key=f"{KEY}.q1").set_value("The answer: the numbers and a chart").run()
    assert any(s.value.startswith("Right.") for s in at.success)
    at.radio(key=f"{KEY}.q2").set_value("The printed confusion matrix and the test metrics").run()
    assert any(e.startswith("Not quite.") for e in helpers.errors(at))
