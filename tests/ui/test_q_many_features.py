"""AppTest: the many-features page composes parts and every control moves the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/q_many_features.py").run()
    assert not at.exception
    return at


def metrics(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def test_notebook_parts_match_the_baseline(page):
    assert all(not m.delta for m in page.metric)  # no change, no arrow
    assert "identical" in page.code[0].value


def test_changing_parts_changes_metrics_and_the_config_diff(page):
    before = metrics(page)
    page.multiselect(key="features.parts").set_value(["sex", "pclass", "age", "deck"]).run()
    assert not page.exception and metrics(page) != before
    assert '+params = { n_neighbors = 5, parts = ["sex", "pclass", "age", "deck"] }' in page.code[0].value


def test_neighbours_change_the_result(page):
    before = metrics(page)
    page.slider(key="features.neighbours").set_value(1).run()
    assert metrics(page) != before


def test_no_parts_asks_for_one(page):
    page.multiselect(key="features.parts").set_value([]).run()
    assert not page.exception and any("at least one" in i.value for i in page.info)


def test_check_yourself_gives_feedback(page):
    page.radio(key="features.q1").set_value("The training use case").run()
    assert page.error and page.error[0].value.startswith("Not quite")
    page.radio(key="features.q1").set_value(
        "One small part class, one parts-table line and one config entry"
    ).run()
    assert page.success and page.success[0].value.startswith("Right")
