"""AppTest: the many-features page composes parts and every control moves the result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from course.explain.audience import MANY_FEATURES
from tests.ui.answers_first import assert_answers_first

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
    page.radio(key="features.q1").set_value("The training use case, so that it passes the new column on").run()
    assert page.error and page.error[0].value.startswith("Not quite")
    page.radio(key="features.q1").set_value("One part class, one parts-table line, one config entry").run()
    assert page.success and page.success[0].value.startswith("Right")


# The question, the short answer, and the storage half


def text(at: AppTest) -> str:
    return "\n".join(md.value for md in at.markdown)


def test_the_page_opens_with_the_question_and_a_short_answer_each_point_shown_below(page):
    assert_answers_first(page, MANY_FEATURES)


def test_stored_tables_are_parquet_read_through_the_adapter_and_checked(page):
    shown = text(page)
    assert "`sample_data/recorded_200.parquet`" in shown
    assert "200 of 200 kept" in shown and "DuckDB's `read_parquet` counts 200 rows" in shown


def test_a_pickled_list_names_its_classes_and_smuggles_a_bad_record_that_parquet_refuses(page):
    shown = text(page)
    assert "`cq4ds.domain.passengers.Passengers`, `cq4ds.domain.passenger.Passenger`" in shown
    code = [c.value for c in page.code]
    assert any(c.startswith("Passenger(pid=1,") and "sex='M'" in c for c in code)
    assert any("Parquet file smuggled.parquet: row 1 (pid 1): column 'sex' is 'M'" in c for c in code)


def test_the_model_is_the_one_pickle_signed_and_a_changed_or_foreign_file_is_refused(page):
    refusals = [c.value for c in page.code if c.value.startswith("notebook.model is not a model this store signed")]
    assert len(refusals) == 2 and all("Fix: unpickling a file this store did not write" in r for r in refusals)
    assert "the largest difference from the model that was trained: **0**" in text(page)
    (learned,) = [f.value for f in page.dataframe if "learned in training" in f.value.columns]
    assert "features.common_titles_" in list(learned["learned in training"])


def test_the_title_try_this_says_what_the_data_shows(page):
    (tried,) = [md.value for md in page.markdown if "Remove **title**" in md.value]
    assert "the strongest signal" not in tried
    assert "Title alone reaches an accuracy of 0.775, sex alone 0.775" in tried
    # the claim in numbers: without title the metrics barely move (sex stands in), without both they fall. The
    # ROC AUC change without title sits near half a thousandth: the last digit follows the machine's arithmetic
    moves = [float(value) for value in re.findall(r"moves by ([+-]\d\.\d{3})", tried)]
    aucs = [float(value) for value in re.findall(r"ROC AUC by ([+-]\d\.\d{3})", tried)]
    assert moves[0] == 0.0 and abs(aucs[0]) <= 0.002 and "-0.000" not in tried
    assert moves[1] < -0.05 and aucs[1] < -0.05
