"""AppTest: the chained-cleaning page reorders, toggles and tunes steps and shows what changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from course.explain.audience import CHAINED_CLEANING
from tests.ui import helpers
from tests.ui.answers_first import assert_answers_first

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/q_chained_cleaning.py").run()
    assert not at.exception and not at.error
    return at


def test_the_page_opens_with_the_question_and_a_short_answer_each_point_shown_below(page):
    assert_answers_first(page, CHAINED_CLEANING)


def rows_chart(at: AppTest) -> list[int]:
    chart = next(c for c in at.get("plotly_chart") if "Rows after each step" in c.proto.spec)
    return json.loads(chart.proto.spec)["data"][0]["y"]


def test_default_chain_removes_duplicates_and_trains(page):
    assert rows_chart(page) == [1349, 1309, 1309]
    assert page.metric[2].value == "1047"


def test_without_dedupe_the_run_names_the_repeated_pid(page):
    page.multiselect(key="chain.steps").set_value(["impute"]).run()
    assert not page.exception
    assert any("appears more than once" in e and "Fix:" in e for e in helpers.errors(page))


def test_a_row_rule_after_a_learned_step_is_refused_and_parameters_change_the_outcome(page):
    page.multiselect(key="chain.steps").set_value(["dedupe", "drop_incomplete", "impute"]).run()
    dropped_first = rows_chart(page)
    accuracy = page.metric[0].value
    page.multiselect(key="chain.steps").set_value(["dedupe", "impute", "drop_incomplete"]).run()
    assert not page.exception
    assert any("comes after the learned step 'impute'" in e and "Fix:" in e for e in helpers.errors(page))
    page.multiselect(key="chain.steps").set_value(["dedupe", "drop_incomplete", "impute"]).run()
    page.selectbox(key="chain.drop_incomplete.subset").set_value("embarked").run()
    assert page.metric[0].value != accuracy or rows_chart(page)[-1] != dropped_first[-1]


def test_the_page_measures_the_skew_the_one_path_prevents(page):
    (table,) = [t for t in page.dataframe if "labels flipped" in t.value.columns]
    before, now = table.value["labels flipped"].tolist()
    assert before > 0 and now == 0
    assert any("Now: none, to 1e-12" in s.value for s in page.success)


def test_the_duplicates_toggle_changes_the_data(page):
    page.toggle(key="chain.problems").set_value(False).run()
    assert rows_chart(page)[0] == 1309


def test_check_yourself(page):
    page.radio(key="chain.q2").set_value("Only for speed: row rules make the learned steps cheaper").run()
    assert page.error[0].value.startswith("Not quite")
    page.radio(key="chain.q2").set_value("Row rules run before the split; learned steps inside the model").run()
    assert any(s.value.startswith("Right") for s in page.success)
