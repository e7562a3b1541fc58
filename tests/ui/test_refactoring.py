"""The refactoring replay page, driven like a user: pick a state, break it, answer the questions."""

from __future__ import annotations

import pytest

from course.explain import replay
from course.explain.replay_checks import accuracy
from tests.ui import helpers

pytestmark = pytest.mark.slow  # every new (state, break) pair runs a lesson script in a fresh process
LAST = len(replay.states()) - 1


@pytest.fixture(scope="module")
def page() -> helpers.Page:
    (found,) = [page for page in helpers.pages() if page.url_path == "refactoring"]
    return found


def _open(page: helpers.Page):
    at = helpers.open_page(page)
    helpers.assert_no_exception(at)
    return at


def _table(at) -> str:
    (table,) = [block.value for block in at.markdown if block.value.startswith("| artefact |")]
    return table


def _diffs(at) -> list[str]:
    return helpers.code_blocks(at, "diff")


def test_the_page_opens_on_the_legacy_script_with_every_check_green(page):
    at = _open(page)
    assert at.title[0].value == "Refactoring: the replay"
    assert at.select_slider(key="refactoring.step").value == 0
    assert at.radio(key="refactoring.break").value == "none"
    assert _table(at).count(":green-badge[pass]") == 6
    assert any("All 6 artefacts match" in box.value for box in at.success)
    assert not helpers.errors(at)


def test_the_accuracy_shown_is_computed_from_the_legacy_run(page):
    at = _open(page)
    legacy = replay.reference()
    values = helpers.metrics(at)
    assert values == [f"{accuracy(legacy['cm_test']):.1%}", f"{accuracy(legacy['cm_train']):.1%}"]


def test_moving_the_slider_shows_that_state_s_diff_and_it_still_matches(page):
    at = _open(page)
    first = _diffs(at)
    assert first[0].startswith("--- lessons/legacy/titanic_notebook.py\n+++ step_00_legacy.py")

    at.select_slider(key="refactoring.step").set_value(3).run()
    helpers.assert_no_exception(at)
    (diff,) = _diffs(at)
    assert diff == replay.diff_to_previous(3)
    assert diff != first[0]
    assert any(block.value.startswith("#### 03 · ") for block in at.markdown)
    assert _table(at).count(":green-badge[pass]") == 6


def test_a_break_turns_the_panel_red_and_shows_the_exact_difference_and_the_break_itself(page):
    at = _open(page)
    at.select_slider(key="refactoring.step").set_value(LAST).run()
    at.radio(key="refactoring.break").set_value("is_alone").run()
    helpers.assert_no_exception(at)

    table = _table(at)
    assert table.count(":red-badge[fail]") == 4
    assert "first at row 0 (passenger" in table
    (verdict,) = helpers.errors(at)
    assert verdict.startswith("4 of 6 checks fail.")
    assert "test accuracy changed by" in verdict
    assert replay.variant_diff(LAST, "is_alone") in _diffs(at)

    at.radio(key="refactoring.break").set_value("none").run()
    assert _table(at).count(":green-badge[pass]") == 6
    assert not helpers.errors(at)


def test_check_yourself_gives_instant_feedback(page):
    at = _open(page)
    at.radio(key="refactoring.q1").set_value(helpers.right_option("refactoring.q1")).run()
    assert any(box.value.startswith("Right.") for box in at.success)

    at.radio(key="refactoring.q2").set_value(helpers.wrong_option("refactoring.q2")).run()
    assert any(text.startswith("Not quite.") for text in helpers.errors(at))
