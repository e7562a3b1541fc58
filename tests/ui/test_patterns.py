"""The patterns page: three sections with diagrams; the factory, strategy and adapter demos react to every control."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui import helpers
from tests.ui.helpers import ROOT

PAGE = "pages/patterns.py"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    app.switch_page(PAGE).run()
    helpers.assert_no_exception(app)
    return app


def _python(at: AppTest) -> list[str]:
    return [block.value for block in at.code if block.language == "python"]


def _frames(at: AppTest) -> list:
    return [frame.value for frame in at.dataframe]


def test_the_page_has_three_sections_each_with_a_diagram(at):
    assert at.title[0].value == "Adapter, Factory, Strategy"
    assert not helpers.errors(at)
    assert [tab.label for tab in at.tabs] == ["Adapter", "Factory", "Strategy"]
    diagrams = [chart.proto.spec for chart in at.get("graphviz_chart")]
    assert len(diagrams) == 3
    assert 'digraph "adapter"' in diagrams[0] and "PassengerSource" in diagrams[0]
    assert "Registry" in diagrams[1] and "RandomForestModel" in diagrams[1]
    assert "Predictor" in diagrams[2]
    assert sum("(our assessment)" in m.value for m in at.markdown) == 6


def test_the_factory_builds_what_the_toml_says(at):
    assert any(text.startswith("RandomForestModel(n_estimators=50, max_depth=4") for text in _python(at))
    at.text_area(key="patterns.spec.model").set_value('kind = "knn"\nparams = { n_neighbors = 9 }').run()
    assert any(text.startswith("NearestNeighboursModel(n_neighbors=9") for text in _python(at))


def test_the_factory_explains_a_wrong_kind_or_parameter(at):
    at.text_area(key="patterns.spec.model").set_value('kind = "forest"').run()
    assert any("unknown kind 'forest'" in error and "random_forest" in error for error in helpers.errors(at))
    at.text_area(key="patterns.spec.model").set_value('kind = "random_forest"\nparams = { n_trees = 5 }').run()
    assert any("valid parameters are: n_estimators" in error for error in helpers.errors(at))


def test_choosing_another_port_builds_another_component_and_redraws(at):
    before = at.get("graphviz_chart")[1].proto.spec
    at.selectbox(key="patterns.port").set_value("source").run()
    helpers.assert_no_exception(at)
    assert any(text.startswith("CsvSource(path='sample_data/kaggle_train.csv')") for text in _python(at))
    after = at.get("graphviz_chart")[1].proto.spec
    assert after != before and "SqliteSource" in after


def test_the_strategies_are_compared_side_by_side(at):
    table = next(frame for frame in _frames(at) if "metric" in frame.columns)
    assert list(table.columns) == ["metric", "A: logistic_regression", "B: random_forest", "B − A"]
    at.selectbox(key="patterns.model_b").set_value("baseline").run()
    table = next(frame for frame in _frames(at) if "metric" in frame.columns)
    recall = table.set_index("metric").loc["Recall"]
    assert recall["B: baseline"] == 0.0


def test_the_adapter_reads_the_chosen_store_and_rows(at):
    first = next(frame for frame in _frames(at) if "pid" in frame.columns)
    assert len(first) == 5
    at.button_group(key="patterns.store").set_value("SQLite").run()
    assert any("dropped by `conform`" in caption and "home.dest" in caption for caption in helpers.captions(at))
    at.number_input(key="patterns.rows").set_value(2).run()
    rows = next(frame for frame in _frames(at) if "pid" in frame.columns)
    assert list(rows["pid"]) == [1, 2]
    assert rows.reset_index(drop=True).equals(first.head(2).reset_index(drop=True))


def test_check_yourself_gives_feedback(at):
    at.radio(key="patterns.q1").set_value("Adapter").run()
    assert any(s.value.startswith("Right.") for s in at.success)
    at.radio(key="patterns.q2").set_value("`Predictor`, the first time it is called").run()
    assert any(e.value.startswith("Not quite.") for e in at.error)
