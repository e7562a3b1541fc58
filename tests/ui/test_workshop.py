"""The workshop in the app: your exercise files appear in the Lab's pickers and on the grading page."""

from __future__ import annotations

from pathlib import Path

import pytest

from cq4ds.extensions import EXERCISES_VARIABLE
from cq4ds.grading import check_names
from tests.ui import helpers
from tests.ui.helpers import ROOT

GOOD = (ROOT / "exercises" / "solutions" / "fare_cap.py").read_text()
WRONG = (ROOT / "tests" / "fixtures" / "wrong_solutions" / "mutating_cleaner.py").read_text()


def empty_exercises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty exercises folder the app discovers instead of the checkout's own (and a fresh data cache)."""
    helpers.fresh_process_state(tmp_path, monkeypatch)
    folder = tmp_path / "exercises"
    folder.mkdir()
    monkeypatch.setenv(EXERCISES_VARIABLE, str(folder))
    return folder


@pytest.fixture
def exercises(tmp_path, monkeypatch) -> Path:
    """An empty exercises folder the app discovers instead of the checkout's own."""
    return empty_exercises(tmp_path, monkeypatch)


def grader_page() -> helpers.Page:
    (page,) = [page for page in helpers.pages() if page.url_path == "workshop_grader"]
    return page


def kinds(at, port: str) -> list[str]:
    return list(at.selectbox(key=f"lab.{port}.kind").options)


# --- The Lab ------------------------------------------------------------------------------------------------------


def test_a_file_saved_in_the_exercises_folder_joins_the_labs_picker_on_the_next_rerun(exercises):
    at = helpers.open_lab()
    assert "cap_fares" not in kinds(at, "cleaning")
    (exercises / "fare_cap.py").write_text(GOOD)
    at.run()
    helpers.assert_no_exception(at)
    assert kinds(at, "cleaning")[-1] == "cap_fares" and not helpers.warnings(at)
    helpers.choose(at, "cleaning", "cap_fares")
    helpers.assert_no_exception(at)
    assert at.number_input(key="lab.cleaning.cap_fares.percentile").value == 99.0
    assert "Lower every fare above a percentile" in " ".join(helpers.captions(at))


def test_a_discovered_component_runs_in_the_lab(exercises):
    (exercises / "fare_cap.py").write_text(GOOD)
    at = helpers.open_lab()
    helpers.choose(at, "cleaning", "cap_fares")
    helpers.assert_no_exception(at)
    assert not helpers.errors(at), helpers.errors(at)
    assert helpers.shown(at).config.cleaning.kind == "cap_fares"


def test_a_broken_exercise_file_is_a_warning_and_the_lab_still_runs(exercises):
    (exercises / "broken.py").write_text("def broken(:\n")
    at = helpers.open_lab()
    (warning,) = helpers.warnings(at)
    assert "broken.py cannot be imported (SyntaxError" in warning and "Fix:" in warning
    assert helpers.metrics(at) and not helpers.errors(at)


# --- The grading page ---------------------------------------------------------------------------------------------


def test_the_grading_page_grades_a_good_and_a_wrong_component(exercises):
    (exercises / "fare_cap.py").write_text(GOOD)
    (exercises / "mutating.py").write_text(WRONG)
    (exercises / "no_table.py").write_text("X = 1\n")
    at = helpers.open_page(grader_page())
    helpers.assert_no_exception(at)
    assert at.title[0].value == "Grade your component"
    assert [w for w in helpers.warnings(at) if "no_table.py has no COMPONENTS table" in w]
    assert at.dataframe[0].value["kind"].tolist() == ["cap_fares", "cap_fares_in_place"]

    assert at.selectbox(key="grader.component").value.kind == "cap_fares"
    names = list(check_names("cleaning"))
    assert [s.value.split("**")[1] for s in at.success] == names and not at.error
    assert at.code[0].value == f".venv/bin/python -m cq4ds check {exercises / 'fare_cap.py'}"

    at.selectbox(key="grader.component").select_index(1).run()
    helpers.assert_no_exception(at)
    (failure,) = helpers.errors(at)
    assert failure.startswith("**leaves its input unchanged**: it changed the frame it was given")
    assert len(at.success) == len(names) - 1
    assert at.subheader[0].value == f"{len(names) - 1} of {len(names)} checks passed: 1 check(s) to fix"


def test_the_grading_page_says_how_to_start_when_the_folder_is_empty(exercises):
    at = helpers.open_page(grader_page())
    helpers.assert_no_exception(at)
    assert "exercises/README.md" in at.info[0].value and not at.error
