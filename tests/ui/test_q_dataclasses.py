"""AppTest: the dataclasses-or-DataFrames page measures both paths live and judges a bad record three ways."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from course.explain.audience import DATACLASSES
from tests.ui import helpers
from tests.ui.answers_first import assert_answers_first
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
    page.radio(key="q_dataclasses.q1").set_value(helpers.wrong_option("q_dataclasses.q1")).run()
    assert helpers.errors(page)[0].startswith("Not quite")
    page.radio(key="q_dataclasses.q1").set_value(helpers.right_option("q_dataclasses.q1")).run()
    assert any(s.value.startswith("Right") for s in page.success)
    for key in ("q_dataclasses.q2", "q_dataclasses.q3"):
        page.radio(key=key).set_value(helpers.right_option(key)).run()
    assert sum(s.value.startswith("Right") for s in page.success) == 3


# The question and its short answer, and the domain objects beyond the flat Passenger (lessons/domain/)


def markdown(at: AppTest) -> str:
    return "\n".join(md.value for md in at.markdown)


def test_the_page_opens_with_the_question_and_a_short_answer_each_point_shown_below(page):
    assert_answers_first(page, DATACLASSES)
    assert "ubiquitous language" in markdown(page).lower()


def outcome(at: AppTest, start: str) -> str:
    (found,) = [s.value for s in at.success if s.value.startswith(start)]
    return found


RULES = {  # per example: the input to change, the breaking value, the error it must show (defaults keep the rules)
    "Fare": [
        ("amount1", "-1", "a fare of -1 GBP is negative. Fix: a fare is 0 or more"),
        ("amount2", "7.123456", "has more than four decimal places"),
        ("currency2", "USD", "cannot add 71.2833 USD to 7.2500 GBP: the currencies differ. Fix: convert one fare"),
        ("ways", 0, "cannot share a fare 0 ways"),
    ],
    "Traveller": [
        ("sex", "female", "traveller 7: sex is known to be 'male', a later record says 'female'. Fix:"),
        ("pid", 8, "a record of traveller 8 cannot update traveller 7"),
        ("age", "-2", "traveller 7: age is -2.0, not an age of 0 or more"),
    ],
    "TravelGroup": [
        ("join_class", 3, "traveller 2 travels in class 3, but ticket PC 17599 is a class 1 ticket"),
        ("join_fare", "7.25", "traveller 2's row says ticket PC 17599 cost 7.2500 GBP, the group's rows say 71.2833"),
        ("join_pid", 1, "traveller 1 is already in the group on ticket PC 17599"),
    ],
}


def set_input(at: AppTest, key: str, value: object) -> None:
    full = f"q_dataclasses.domain.{key}"
    widget = next(w for kind in (at.text_input, at.number_input, at.selectbox) for w in kind if w.key == full)
    (widget.select(value) if hasattr(widget, "select") else widget.set_value(value)).run()
    helpers.assert_no_exception(at)


@pytest.mark.parametrize("example", list(RULES))
def test_each_rule_fires_on_what_the_learner_types(page, example):
    assert not helpers.errors(page)  # the defaults keep every rule
    for key, value, error in RULES[example]:
        default = page.session_state[f"q_dataclasses.domain.{key}"]
        set_input(page, key, value)
        (shown,) = helpers.errors(page)
        assert error in shown, shown
        set_input(page, key, default)
        assert not helpers.errors(page), key


def test_the_defaults_show_each_rule_kept(page):
    assert "which add up to 78.5333 GBP" in outcome(page, "7.2500 GBP + 71.2833 GBP")
    assert "learned age, cabin" in outcome(page, "The same traveller (pid 7)")
    assert "pid 1 35.6417, pid 2 35.6416, which add up to 71.2833 GBP" in outcome(page, "Ticket PC 17599")


def test_each_example_shows_its_rules_code_and_test_from_the_files(page):
    shown = markdown(page)
    for path in ("lessons/domain/fare.py", "lessons/domain/traveller.py", "lessons/domain/travel_group.py"):
        assert f"**The rules it protects** (read from `{path}`)" in shown
    labels = [e.label for e in page.expander]
    assert sum(label.startswith("The code · lessons/domain/") for label in labels) == 3
    assert (
        sum(label == "The unit test that fires the rule · tests/unit/test_lessons_domain.py" for label in labels) == 3
    )
    python = "\n".join(helpers.code_blocks(page, "python"))
    assert "class TravelGroup" in python and "def test_the_group_refuses_a_member_who_breaks_its_rules" in python


def test_the_aggregate_groups_the_bundled_passengers_and_says_what_it_refused(page):
    (text,) = [md.value for md in page.markdown if md.value.startswith("**On the bundled passengers.**")]
    assert "the sample's 1,309 passengers into 1,292 travel groups" in text
    assert "It refused 17 rows: 15 because *a ticket has one fare" in text
