"""The "check yourself" questions as a whole cannot be passed without reading them.

All questions are read from course.explain.questions, without running Streamlit. Shuffled over many sessions,
no position holds the right answer more than 40% of the time; the right option is the longest in at most a third
of the questions; every option says why it is right or wrong. And every page asks exactly the set kept for it.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.explain import questions
from course.explain.checks import Option, Question, right_positions, shuffled
from course.explain.syntax import parse
from course.ui import progress, site

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = tuple(f"session-{number}" for number in range(2_000))
MOST_AT_ONE_POSITION = 0.40
MOST_RIGHT_LONGEST = 1 / 3
MOST_LENGTH_RATIO = 2.5  # the longest option of a question against its shortest; 2.17 at most when written
PREDICTING_SECTIONS = ("The talk", "Questions from the audience")  # each of their pages asks one prediction


def _asked() -> list[tuple[str, Question]]:
    """Every question of every page, with the widget key that seeds its order."""
    return [
        (widget_key, question)
        for checks in questions.SETS
        for widget_key, question in zip(checks.widget_keys(), checks.questions, strict=True)
    ]


def test_there_are_questions_on_every_page_that_asks_them():
    assert len(_asked()) >= 40
    assert len({checks.key for checks in questions.SETS}) == len(questions.SETS)


def test_once_shuffled_no_position_holds_the_right_answer_more_than_40_percent_of_the_time():
    shares = right_positions(_asked(), SESSIONS)
    assert abs(sum(shares.values()) - 1) < 1e-9
    assert max(shares.values()) <= MOST_AT_ONE_POSITION, shares


def test_the_right_option_is_the_longest_in_at_most_a_third_of_the_questions():
    longest = [key for key, question in _asked() if question.right_is_longest]
    assert len(longest) <= MOST_RIGHT_LONGEST * len(_asked()), longest


def test_the_options_of_a_question_stay_of_similar_length():
    for key, question in _asked():
        lengths = [len(option.text) for option in question.options]
        assert max(lengths) <= MOST_LENGTH_RATIO * min(lengths), (key, [option.text for option in question.options])


def test_every_option_says_why_it_is_right_or_wrong():
    for key, question in _asked():
        assert question.prompt.strip(), key
        for option in question.options:
            assert option.text.strip() and option.why.strip(), (key, option)
        whys = [option.why for option in question.options]
        assert len(set(whys)) == len(whys), f"{key}: two options share their feedback"


def test_the_order_is_fixed_for_a_session_and_a_question_and_differs_between_them():
    key, question = next((key, q) for key, q in _asked() if len(q.options) >= 3)
    assert shuffled(question, "one session", key) == shuffled(question, "one session", key)
    firsts = {shuffled(question, session, key)[0].text for session in SESSIONS[:60]}
    assert firsts == {option.text for option in question.options}
    other_key, other = next((k, q) for k, q in _asked() if k != key and len(q.options) >= 3)
    orders = {
        (tuple(o.text for o in shuffled(question, s, key)), tuple(o.text for o in shuffled(other, s, other_key)))
        for s in SESSIONS[:60]
    }
    assert len(orders) > 1


def test_the_order_does_not_depend_on_pythons_salted_string_hash():
    key, question = _asked()[0]
    code = (
        "from course.explain import questions; from course.explain.checks import shuffled; "
        f"q = questions.of({key.split('.q')[0]!r}).questions[0]; "
        f"print([o.text for o in shuffled(q, 'a session', {key!r})])"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert seen == {f"{[o.text for o in shuffled(question, 'a session', key)]}\n"}


def test_a_question_refuses_an_option_without_feedback_or_a_repeated_text():
    with pytest.raises(ValueError, match="without text or feedback"):
        Question("Why?", Option("Because", " "), (Option("No", "Not so."),))
    with pytest.raises(ValueError, match="same text"):
        Question("Why?", Option("Because", "It is."), (Option("Because", "It is not."),))
    with pytest.raises(ValueError, match="wrong option"):
        Question("Why?", Option("Because", "It is."), ())


def _check_yourself_keys(script: str) -> list[str]:
    """The keys a page passes to `check_yourself(key)`."""
    tree = parse((ROOT / script).read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "check_yourself"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def test_every_page_asks_exactly_the_set_kept_for_it():
    for entry in site.entries():
        kept = [checks.key for checks in questions.asked_on(entry.script)]
        assert _check_yourself_keys(entry.script) == kept, entry.script
    scripts = {entry.script for entry in site.entries()}
    assert all(checks.script in scripts for checks in questions.SETS)


def test_progress_counts_every_question_of_the_course():
    assert progress.check_questions() == len(_asked())


def test_every_talk_and_question_page_has_a_predict_then_run_question():
    entries = [entry for section in PREDICTING_SECTIONS for entry in site.SECTIONS[section]]
    question_pages = {f"pages/{path.name}" for path in (ROOT / "pages").glob("q_*.py")}
    assert question_pages and question_pages <= {entry.script for entry in entries}
    for entry in entries:
        tree = parse((ROOT / entry.script).read_text(encoding="utf-8"))
        calls = [
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "predictions"
        ]
        assert len(calls) == 1, f"{entry.script} asks {len(calls)} predict-then-run questions"
