"""AppTest: the dataclasses-or-DataFrames page measures both paths live and judges a bad record three ways."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui import helpers
from tests.ui.helpers import ROOT

CHART = "Time against rows (log-log)"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.fixture
def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/q_dataclasses.py").run()
    helpers.assert_no_exception(at)
    assert not helpers.errors(at)
    return at


def card(at: AppTest, label: str) -> str:
    (value,) = [m.value for m in at.metric if m.label.startswith(label)]
    return value


def table(at: AppTest, column: str):
    """The one st.dataframe on the page that has `column`."""
    (found,) = [frame.value for frame in at.dataframe if column in frame.value.columns]
    return found


def messages(at: AppTest) -> list[str]:
    return helpers.code_blocks(at, "text")


def test_both_paths_are_measured_and_agree(page):
    figure = helpers.figures(page)[CHART]
    assert [trace["x"] for trace in figure["data"]] == [[1_000, 10_000], [1_000, 10_000]]
    assert figure["layout"]["xaxis"]["type"] == figure["layout"]["yaxis"]["type"] == "log"
    assert card(page, "Identical outputs") == "yes"
    assert card(page, "Objects, 10,000 rows").endswith(" s")
    measured = table(page, "path")
    assert list(measured["path"]) == ["objects", "columns"] * 2
    assert list(measured["rows"]) == [1_000, 1_000, 10_000, 10_000]
    assert set(measured["identical"]) == {"yes"}
    assert any("150,000 values compared" in text for text in helpers.captions(page))


def test_the_size_slider_changes_what_is_measured(page):
    page.select_slider(key="q_dataclasses.rows").set_value(1_000).run()
    helpers.assert_no_exception(page)
    assert [trace["x"] for trace in helpers.figures(page)[CHART]["data"]] == [[1_000], [1_000]]
    assert card(page, "Objects, 1,000 rows")


def test_the_seed_changes_the_data(page):
    def data_caption(at: AppTest) -> str:
        (text,) = [c for c in helpers.captions(at) if "ages missing" in c]
        return text

    before = data_caption(page)
    page.number_input(key="q_dataclasses.seed").set_value(7).run()
    assert data_caption(page) != before and "(seed 7)" in data_caption(page)


def test_pandas_accepts_the_bad_record_and_both_checks_refuse_it(page):
    passenger, columnar = messages(page)
    assert passenger.startswith("passenger 1: field 'pclass' is 4")
    assert "column 'pclass' is 4" in columnar
    assert table(page, "ticket").shape == (1, 12)  # the one-row frame pandas built without complaint
    assert any("Both checks stop at `pclass`: the same rule" in md.value for md in page.markdown)


@pytest.mark.parametrize(
    ("key", "value", "next_field"),
    [("pclass", 3, "sex"), ("sex", "male", "pclass"), ("age", 30.0, "pclass"), ("embarked", "S", "pclass")],
)
def test_each_field_changes_the_verdict(page, key, value, next_field):
    broken = len(table(page, "problem"))
    widget = page.text_input(key=f"q_dataclasses.{key}") if isinstance(value, str) else None
    widget = widget or page.number_input(key=f"q_dataclasses.{key}")
    widget.set_value(value).run()
    helpers.assert_no_exception(page)
    assert len(table(page, "problem")) == broken - 1
    assert f"'{next_field}'" in messages(page)[0]


def test_fixing_every_field_is_accepted_by_both(page):
    for key, value in (("pclass", 3), ("age", 30.0), ("survived", 1)):
        page.number_input(key=f"q_dataclasses.{key}").set_value(value)
    page.text_input(key="q_dataclasses.sex").set_value("female")
    page.text_input(key="q_dataclasses.embarked").set_value("C").run()
    assert messages(page) == []
    assert any("keeps every rule" in s.value for s in page.success)


def test_the_survived_field_alone_changes_the_verdict(page):
    for key, value in (("pclass", 3), ("age", 30.0)):
        page.number_input(key=f"q_dataclasses.{key}").set_value(value)
    page.text_input(key="q_dataclasses.sex").set_value("female")
    page.text_input(key="q_dataclasses.embarked").set_value("C").run()
    assert "'is_survived' is 2" in messages(page)[0]
    page.number_input(key="q_dataclasses.survived").set_value(0).run()
    assert messages(page) == []


def test_check_yourself_gives_feedback(page):
    question = page.radio(key="q_dataclasses.q1")
    question.set_value(question.options[0]).run()
    assert helpers.errors(page)[0].startswith("Not quite")
    question = page.radio(key="q_dataclasses.q1")
    question.set_value(question.options[1]).run()
    assert any(s.value.startswith("Right") for s in page.success)
    for key, right in (("q_dataclasses.q2", 1), ("q_dataclasses.q3", 0)):
        question = page.radio(key=key)
        question.set_value(question.options[right]).run()
    assert sum(s.value.startswith("Right") for s in page.success) == 3
