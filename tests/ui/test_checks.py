"""Check-yourself questions that teach, and predict-then-run questions, as a learner meets them.

Each option of a check question carries its own feedback, in this session's order; a predict-then-run question
shows its result only once the learner has committed, beside the prediction.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from course.explain import questions
from course.explain.checks import shuffled
from course.explain.lifecycle import PHASES, pasted_feature_steps
from course.ui import concept, predict, site, state
from tests.ui import helpers

LIFECYCLE = "pages/lifecycle.py"
PREDICTION = "lifecycle.predict"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


def _open(script: str) -> AppTest:
    at = helpers.open_app()
    at.switch_page(script).run()
    helpers.assert_no_exception(at)
    return at


def _markdown(at: AppTest) -> list[str]:
    return [block.value for block in at.markdown]


def test_a_wrong_option_shows_its_own_feedback_and_the_right_one_its_own():
    at = _open(LIFECYCLE)
    question = helpers.check_question("lifecycle.q1")
    for wrong in question.wrong:
        at.radio(key="lifecycle.q1").set_value(wrong.text).run()
        assert [e.value for e in at.error] == [f"Not quite. {wrong.why}"]
        assert not any(s.value.startswith("Right.") for s in at.success)
    at.radio(key="lifecycle.q1").set_value(question.right.text).run()
    assert f"Right. {question.right.why}" in [s.value for s in at.success]
    assert not at.error


def test_options_come_in_this_sessions_order_which_stays_put_across_reruns():
    at = _open(LIFECYCLE)
    token = at.session_state[state.PREFIX + concept.SESSION_TOKEN]
    checks = questions.of("lifecycle")
    for widget_key, question in zip(checks.widget_keys(), checks.questions, strict=True):
        expected = [option.text for option in shuffled(question, token, widget_key)]
        assert list(at.radio(key=widget_key).options) == expected
    before = list(at.radio(key="lifecycle.q2").options)
    at.radio(key="lifecycle.q1").set_value(helpers.right_option("lifecycle.q1")).run()
    assert list(at.radio(key="lifecycle.q2").options) == before


def test_predict_then_run_shows_the_result_only_after_a_prediction_and_beside_it():
    at = _open(LIFECYCLE)
    radio = at.radio(key=PREDICTION)
    assert radio.value is None and predict.SKIP in radio.options
    assert "**You predicted**" not in _markdown(at)
    assert not any(text.startswith("**What happened**") for text in _markdown(at))

    choice = radio.options[0]
    radio.set_value(choice).run()
    helpers.assert_no_exception(at)
    assert PREDICTION not in [r.key for r in at.radio], "a committed prediction cannot be changed silently"
    copies = pasted_feature_steps(PHASES[-1])  # what the demo computes from the lesson files
    blocks = [block for block in at.columns if "**You predicted**" in _texts(block)]
    assert len(blocks) == 1
    mine = _texts(blocks[0])
    beside = _texts(_next_column(at, blocks[0]))
    assert mine == ["**You predicted**", choice]
    assert beside[0] == "**What happened**, computed just now"
    assert f"**{copies['legacy']}** pasted copies" in beside[1] and f"package **{copies['package']}**" in beside[1]
    happened = "Some in the legacy script, none in the package"
    verdict = [s.value for s in at.success] + [i.value for i in at.info]
    assert ("Your prediction held." if choice == happened else f"It went otherwise: **{happened}**.") in verdict


def test_skipping_shows_the_result_alone_and_predicting_again_asks_again():
    at = _open(LIFECYCLE)
    at.radio(key=PREDICTION).set_value(predict.SKIP).run()
    texts = _markdown(at)
    assert "Nothing: you skipped." in texts
    assert any("pasted copies" in text for text in texts)
    assert not any(s.value == "Your prediction held." for s in at.success)
    at.button(key="lifecycle.predict_again").click().run()
    assert at.radio(key=PREDICTION).value is None
    assert "**You predicted**" not in _markdown(at)


PREDICTING = (*site.SECTIONS["The talk"], *site.SECTIONS["Questions from the audience"])


@pytest.mark.parametrize("entry", PREDICTING, ids=lambda entry: entry.url_path)
def test_every_talk_and_question_page_runs_its_prediction_and_reveals_a_result(entry):
    at = _open(entry.script)
    keys = [r.key for r in at.radio if (r.key or "").endswith(".predict")]
    assert len(keys) == 1, keys
    assert not any(text.startswith("**What happened**") for text in _markdown(at))
    at.radio(key=keys[0]).set_value(at.radio(key=keys[0]).options[0]).run()
    helpers.assert_no_exception(at)
    assert not helpers.errors(at), helpers.errors(at)
    texts = _markdown(at)
    result = texts[texts.index("**What happened**, computed just now") + 1]
    assert re.search(r"\d", result), result
    verdicts = [s.value for s in at.success] + [i.value for i in at.info]
    assert "Your prediction held." in verdicts or any(v.startswith("It went otherwise") for v in verdicts), verdicts


def _texts(node) -> list[str]:
    """The markdown inside an element tree, in order."""
    found = []
    if getattr(node, "type", None) == "markdown":
        found.append(node.value)
    for child in getattr(node, "children", {}).values():
        found += _texts(child)
    return found


def _next_column(at: AppTest, column):
    columns = list(at.columns)
    return columns[columns.index(column) + 1]
