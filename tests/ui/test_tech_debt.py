"""The tech-debt page, driven like a learner: pick requests, change the count, run both sides, answer the questions."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from course.explain.changes import BY_KEY, MEASURES, SIDES, cost
from tests.ui import helpers
from tests.ui.helpers import ROOT

PAGE = "pages/tech_debt.py"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


def _open() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page(PAGE).run()
    helpers.assert_no_exception(at)
    return at


def _cards(key: str) -> list[str]:
    """The metric cards the page should show for request `key`: files, places, lines, edited; legacy then package."""
    return [
        str(value)
        for side in SIDES
        for value in (cost(key, side).files, *(cost(key, side).total(m) for m in ("places", "lines", "edited")))
    ]


def _chart(at: AppTest) -> dict:
    (figure,) = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return figure


def test_each_control_changes_what_the_page_shows():
    at = _open()
    assert at.title[0].value == "Why tech debt matters in ML"
    assert helpers.metrics(at) == _cards("csv_source")
    diffs = helpers.code_blocks(at, "diff")
    assert diffs == [cost("csv_source", side).diffs[0].text for side in SIDES]

    at.radio(key="tech_debt.request").set_value("score_one").run()
    helpers.assert_no_exception(at)
    assert helpers.metrics(at) == _cards("score_one")
    assert helpers.code_blocks(at, "diff") != diffs

    before = _chart(at)
    assert [bar["y"] for bar in before["data"]] == [
        [cost(key, side).total("lines") for key in BY_KEY] for side in SIDES
    ]
    at.radio(key="tech_debt.measure").set_value("edited").run()
    after = _chart(at)
    assert after != before and MEASURES["edited"] in after["layout"]["yaxis"]["title"]["text"]
    assert [bar["y"] for bar in after["data"]] == [
        [cost(key, side).total("edited") for key in BY_KEY] for side in SIDES
    ]

    at.radio(key="tech_debt.request").set_value("one_million").run()
    commands = helpers.code_blocks(at, "bash")
    assert any("--rows 100000" in block for block in commands)
    at.select_slider(key="tech_debt.rows").set_value(10_000).run()
    helpers.assert_no_exception(at)
    assert helpers.code_blocks(at, "bash") != commands
    assert any("--rows 10000 " in block for block in helpers.code_blocks(at, "bash"))


def test_running_both_sides_shows_the_one_passenger_mismatch():
    at = _open()
    at.radio(key="tech_debt.request").set_value("score_one").run()
    assert not at.warning
    at.button(key="tech_debt.run").click().run()
    helpers.assert_no_exception(at)
    finished = [s.value for s in at.success if "finished in" in s.value]
    assert [text.split(":")[0] for text in finished] == ["Legacy script", "Package"]
    (warning,) = helpers.warnings(at)
    assert "encoded the title as 'rare'" in warning and "as 'Master'" in warning
    outputs = helpers.code_blocks(at, "text")
    assert any("encoded title: rare" in text for text in outputs)
    assert any("encoded title: Master" in text for text in outputs)


def test_check_yourself_gives_instant_feedback():
    at = _open()
    at.radio(key="tech_debt.q1").set_value(helpers.right_option("tech_debt.q1")).run()
    assert any(s.value.startswith("Right.") for s in at.success)
    at.radio(key="tech_debt.q2").set_value(helpers.wrong_option("tech_debt.q2", 1)).run()
    assert any(e.value.startswith("Not quite.") for e in at.error)
