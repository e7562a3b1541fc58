"""Pages tell the story the code tells: frames on the batch paths, `Passenger` objects for single passengers.

Every page of the app is checked where it is already rendered: `tests/ui/test_pages.py` calls
`story_check.assert_tells_the_code` on each page's first render (and, for the pages that tell the story,
checks that they show the sentences generated from the code), so the app is not run twice. Here: the check
itself, every string of the pages and the course package and every prose file, checked without running
anything, and the one story panel a first render does not show (the workflow's step 3).
"""

from __future__ import annotations

import ast
import json

import pytest
from streamlit.testing.v1 import AppTest

from course.explain import story
from course.ui.site import SECTIONS
from tests.ui import helpers, story_check
from tests.ui.helpers import ROOT

PROSE = ("README.md", "docs/**/*.md", "lessons/*/README.md", "exercises/README.md")
CODE = ("app.py", "pages/*.py", "course/**/*.py")
STEP_3 = (story.sources, story.training_checks, story.single_passenger)


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "sentence",
    [
        "The adapters return domain objects, whichever store they read.",
        "`score_batch` scores a list of `Passenger` objects.",
        "Raw frames differ; the core only sees domain objects.",
        "- **Sources** yield `Passenger` objects across the ports.",
    ],
)
def test_the_check_flags_objects_claimed_on_the_batch_path(sentence):
    assert story_check.false_claims([sentence]) == [story_check.plain(story_check.BULLET.sub("", sentence))]


def test_the_check_lets_the_generated_sentences_and_unrelated_objects_pass():
    assert not story_check.false_claims(story.everything())
    assert not story_check.false_claims(["The form builds a `Passenger` object.", "A batch of 5,000 rows."])


def test_every_page_is_checked_where_it_is_rendered():
    tree = ast.parse((ROOT / "tests/ui/test_pages.py").read_text(encoding="utf-8"))
    (test,) = [
        n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "test_every_page_runs_without_an_exception"
    ]
    called = {n.func.attr for n in ast.walk(test) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    assert "assert_tells_the_code" in called


def test_no_string_of_the_pages_or_the_course_claims_objects_on_the_batch_path():
    files = sorted({path for pattern in CODE for path in ROOT.glob(pattern)})
    assert any(path.name == "decoupling.py" for path in files)
    claims = [
        f"{path.relative_to(ROOT)}: {c}" for path in files for c in story_check.false_claims(story_check.literals(path))
    ]
    assert not claims, "\n".join(claims)  # check-yourself answers and branches a first render does not show


def test_no_prose_file_or_notebook_claims_objects_on_the_batch_path():
    texts = {path: path.read_text(encoding="utf-8") for pattern in PROSE for path in ROOT.glob(pattern)}
    for notebook in ROOT.glob("notebooks/*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texts[notebook] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    claims = [
        f"{path.relative_to(ROOT)}: {c}" for path, text in texts.items() for c in story_check.false_claims([text])
    ]
    assert not claims, "\n".join(claims)


def test_the_pages_that_tell_the_story_are_app_pages():
    scripts = {entry.script for entries in SECTIONS.values() for entry in entries}
    assert set(story_check.TOLD_ON) <= scripts


def test_the_workflow_step_3_shows_what_crosses_the_port_generated_from_the_code():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/workflow.py").run()
    at.radio(key="workflow.step").set_value(3).run()
    helpers.assert_no_exception(at)
    story_check.assert_tells_the_code(at, told=STEP_3)
