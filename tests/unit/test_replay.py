"""The replay's catalogue, diffs, breaks and checks, tested without running any state."""

from __future__ import annotations

import ast
import re
import sqlite3

import numpy as np
import pandas as pd
import pytest

from course.explain import replay
from course.explain.lessons import LEGACY_SCRIPT, LESSONS
from course.explain.replay import NO_BREAK, ReplayError
from course.explain.replay_checks import (
    ARTEFACTS,
    ArrayCheck,
    ConfusionCheck,
    accuracy,
    check_array,
    column_kind,
    compare,
    correct_change,
)

STATES = replay.states()
NUMBERS = [state.number for state in STATES]
KEYS = [variant.key for variant in replay.variants()]


def _defined_functions(text: str) -> set[str]:
    return {node.name for node in ast.parse(text).body if isinstance(node, ast.FunctionDef)}


def test_there_are_at_least_eight_states_numbered_in_order_with_their_files():
    assert len(STATES) >= 9  # the legacy script and at least eight moves
    for index, state in enumerate(STATES):
        assert state.number == index
        assert re.fullmatch(rf"step_{index:02d}_[a-z_]+\.py", state.file), state.file
        assert (replay.FOLDER / state.file).is_file()
        assert state.evidence in {"R", "I"}  # read in a source, or inferred
        assert state.title and state.changed and state.concept and state.exercise
    assert len({state.title for state in STATES}) == len(STATES)


@pytest.mark.parametrize("number", NUMBERS)
def test_every_state_has_a_header_comment_and_the_artefacts_hook(number):
    text = replay.source(number)
    assert text.startswith("# Refactoring replay")
    assert "artefacts" in _defined_functions(text)
    compile(text, STATES[number].file, "exec")


def test_state_00_is_the_legacy_script_byte_for_byte_after_its_header_plus_the_hook():
    legacy = (LESSONS / LEGACY_SCRIPT).read_text(encoding="utf-8")
    body = legacy[legacy.index("# %%") :]
    state = replay.source(0)
    copied = state[state.index("# %%") :]
    assert copied.startswith(body.rstrip("\n"))
    added = copied[len(body.rstrip("\n")) :]
    assert _defined_functions(added) == {"artefacts"}


def test_the_problem_excerpt_highlights_the_checks_and_the_test_copies_of_the_transforms():
    quoted = replay.legacy_excerpt()
    marked = [quoted.lines[number - quoted.first_line] for number in sorted(quoted.highlighted)]
    assert sum(line.startswith("do_test(") for line in marked) == 4
    assert sum(line.startswith("X_test_") for line in marked) == 3
    assert all(line.startswith(("do_test(", "X_test_")) for line in marked)


def test_from_state_01_on_every_state_runs_its_test_context_or_main_under_the_main_guard():
    for number in NUMBERS[1:]:
        text = replay.source(number)
        assert re.search(r'^if __name__ == "__main__":\n    (test_)?main\(\)', text, re.MULTILINE), number


def test_a_diff_shows_exactly_what_changed():
    assert replay.unified_diff("a\nb\n", "a\nb\n", "x", "y") == ""
    diff = replay.unified_diff("a\nb\nc\n", "a\nB\nc\n", "old.py", "new.py")
    assert diff.splitlines() == ["--- old.py", "+++ new.py", "@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"]


@pytest.mark.parametrize("number", NUMBERS)
def test_every_state_differs_from_the_one_before(number):
    diff = replay.diff_to_previous(number)
    previous = f"lessons/{LEGACY_SCRIPT}" if number == 0 else STATES[number - 1].file
    assert diff.startswith(f"--- {previous}\n+++ {STATES[number].file}\n")
    assert any(line.startswith(("+", "-")) for line in diff.splitlines()[2:])


def test_the_diff_of_the_injection_step_shows_the_constructor_argument_and_main_building_the_loader():
    added = [line for line in replay.diff_to_previous(3).splitlines() if line.startswith("+")]
    assert "+    def __init__(self, loader):" in added
    assert '+    loader = SqlLoader("sample_data/titanic.db")' in added


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("number", NUMBERS)
def test_every_break_applies_to_every_state_and_leaves_runnable_code(number, key):
    text = replay.source(number)
    broken = replay.apply_variant(text, key)
    assert broken != text
    compile(broken, f"{STATES[number].file} ({key})", "exec")
    diff = replay.variant_diff(number, key).splitlines()
    assert [line for line in diff[2:] if line.startswith("-")], diff


def test_no_break_leaves_the_text_alone_and_unknown_breaks_are_refused():
    assert replay.apply_variant("x = 1\n", NO_BREAK) == "x = 1\n"
    assert replay.variant_diff(4, NO_BREAK) == ""
    with pytest.raises(LookupError, match="finds nothing to change"):
        replay.apply_variant("x = 1\n", "is_alone")
    with pytest.raises(ReplayError, match="no break called 'typo'"):
        replay.variant("typo")


def test_a_run_hands_back_the_artefacts_of_a_fresh_process_from_the_repository_root():
    text = (
        "import os\n"
        "def artefacts():\n"
        f"    names = {list(ARTEFACTS)!r}\n"
        "    return {name: [len(os.listdir('lessons')), index] for index, name in enumerate(names)}\n"
    )
    found = replay.run_text(text)
    assert list(found) == list(ARTEFACTS)
    assert found["cm_test"].tolist() == [len(list(LESSONS.iterdir())), 5]


def test_a_state_that_fails_is_reported_with_its_exception_not_a_traceback():
    with pytest.raises(ReplayError, match=r"the state failed: ValueError: no such column \(in the lesson\)"):
        replay.run_text("raise ValueError('no such column (in the lesson)')\n")


def _title_counts() -> pd.Series:
    with sqlite3.connect(replay.REPO / "sample_data" / "titanic.db") as con:
        names = pd.read_sql("SELECT name FROM tbl_passengers", con)["name"]
    return names.map(lambda name: name.split(",", 1)[1].split(".", 1)[0].strip()).value_counts()


def _rare_titles(text: str) -> set[str]:
    (line,) = [line for line in text.splitlines() if line.startswith("RARE_TITLES = ")]
    return ast.literal_eval(line.split("=", 1)[1].split("#")[0].strip())


def test_the_rare_titles_constant_and_its_break_are_the_titles_below_10_and_below_5():
    counts = _title_counts()
    last = replay.source(NUMBERS[-1])
    assert _rare_titles(last) == set(counts[counts < 10].index)
    assert _rare_titles(replay.apply_variant(last, "rare_threshold")) == set(counts[counts < 5].index)


def test_an_identical_array_passes_and_a_tiny_float_error_is_tolerated():
    matrix = np.arange(12.0).reshape(3, 4)
    assert check_array("m", matrix, matrix.copy()).passed
    nudged = check_array("m", matrix, matrix + 1e-12)
    assert nudged.passed and nudged.differing == 0
    assert "identical" in nudged.summary()


def test_a_changed_cell_is_reported_with_its_row_column_passenger_and_size():
    expected = np.zeros((3, 5))
    actual = expected.copy()
    actual[1, 3], actual[2, 4] = 0.5, -2.0
    check = check_array("X_train_processed", expected, actual, row_ids=np.array([11, 22, 33]))
    assert not check.passed
    assert (check.differing, check.first_difference, check.first_pid, check.max_abs_diff) == (2, (1, 3), 22, 2.0)
    assert check.summary() == "2 of 15 differ, max |Δ| 2; first at row 1 (passenger 22), column 3 (fare, scaled)"


def test_a_different_shape_fails_and_names_both_shapes():
    check = check_array("X_test_processed", np.zeros((262, 19)), np.zeros((262, 21)))
    assert not check.passed
    assert check.summary() == "shape 262 × 19 → 262 × 21"


def test_passenger_ids_in_another_order_fail_at_the_first_position_that_differs():
    check = check_array("train_pids", np.array([1, 2, 3, 4]), np.array([1, 3, 2, 4]))
    assert (check.passed, check.differing, check.first_difference) == (False, 2, (1,))
    assert check.summary().endswith("first at position 1")


def test_confusion_matrices_must_be_equal_count_for_count_and_both_are_shown():
    assert ConfusionCheck("cm_test", ((1, 2), (3, 4)), ((1, 2), (3, 4))).passed
    check = ConfusionCheck("cm_test", ((138, 27), (32, 65)), ((138, 27), (31, 66)))
    assert not check.passed
    assert check.summary() == "[[138, 27], [32, 65]] → [[138, 27], [31, 66]]"


def _artefacts(shift: float = 0.0) -> dict[str, np.ndarray]:
    return {
        "X_train_processed": np.ones((4, 5)) + shift,
        "X_test_processed": np.ones((2, 5)),
        "train_pids": np.array([5, 6, 7, 8]),
        "test_pids": np.array([9, 10]),
        "cm_train": np.array([[2, 0], [1, 1]]),
        "cm_test": np.array([[1, 0], [0, 1]]),
    }


def test_compare_checks_every_artefact_in_order_and_finds_the_changed_one():
    checks = compare(_artefacts(), _artefacts(shift=0.25))
    assert [check.name for check in checks] == list(ARTEFACTS)
    assert [check.passed for check in checks] == [False, True, True, True, True, True]
    assert isinstance(checks[0], ArrayCheck) and checks[0].first_pid == 5
    assert isinstance(checks[-1], ConfusionCheck)


def test_accuracy_and_the_change_in_correctly_classified_passengers():
    assert accuracy(np.array([[575, 83], [143, 246]])) == pytest.approx(821 / 1047)
    assert correct_change(np.array([[138, 27], [32, 65]]), np.array([[138, 27], [31, 66]])) == (1, 262)
    assert correct_change(np.array([[575, 83], [143, 246]]), np.array([[574, 84], [142, 247]])) == (0, 1047)


def test_the_last_three_columns_of_a_processed_matrix_are_the_scaled_numbers():
    assert [column_kind(column, 19) for column in (0, 15, 16, 17, 18)] == [
        "one-hot",
        "one-hot",
        "age, scaled",
        "fare, scaled",
        "family_size, scaled",
    ]
