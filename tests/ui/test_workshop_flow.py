"""A participant's way through an exercise in the app, without raising a hand: the lesson link's task, the
Reload button, one line for a component that raises, a component that comes back after a broken save,
locked ports that stay locked, train and test side by side, and the same metrics outside the app.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from cq4ds.config_file import load_config
from cq4ds.grading.exercises import exercise, new_exercise
from tests.ui import helpers
from tests.ui.helpers import ROOT
from tests.ui.test_workshop import empty_exercises, grader_page

TREE = (ROOT / "exercises" / "solutions" / "decision_tree.py").read_text()
LESSON = {"model": "decision_tree", "exercise": "3", "lock": "source,cleaning,features,split,sink"}


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """An empty exercises folder the app discovers instead of the checkout's own."""
    return empty_exercises(tmp_path, monkeypatch)


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def reload(at):
    at.button(key="lab.reload").click().run()
    helpers.assert_no_exception(at)
    return at


# --- 2. Reload my files ----------------------------------------------------------------------------------------------


def test_reload_my_files_on_the_grading_page_picks_up_a_file_saved_after_opening(folder):
    at = helpers.open_page(grader_page())
    assert at.button(key="grader.reload").label == "Reload my files" and not at.dataframe
    (folder / "decision_tree.py").write_text(TREE)
    at.button(key="grader.reload").click().run()
    helpers.assert_no_exception(at)
    assert at.dataframe[0].value["kind"].tolist() == ["decision_tree"]
    assert at.subheader[0].value == "8 of 8 checks passed: every check passed"


def test_reload_my_files_beside_the_labs_pickers_adds_the_component_to_its_picker(folder):
    at = helpers.open_lab()
    assert "decision_tree" not in at.selectbox(key="lab.model.kind").options
    (folder / "decision_tree.py").write_text(TREE)
    assert "decision_tree" in reload(at).selectbox(key="lab.model.kind").options


# --- 3. The grading page's commands -------------------------------------------------------------------------------


def test_the_grading_page_prints_commands_that_work_from_the_project_root(folder):
    (folder / "decision_tree.py").write_text(TREE)
    at = helpers.open_page(grader_page())
    (command,) = [block.value for block in at.code]
    assert command == f".venv/bin/python -m cq4ds check {folder / 'decision_tree.py'}"
    caption = " ".join(helpers.captions(at))
    assert rf".venv\Scripts\python -m cq4ds check {folder / 'decision_tree.py'}".replace("/", "\\") in caption
    assert f"make check FILE={folder / 'decision_tree.py'}" in caption
    done = subprocess.run(command.split(), cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0 and "8 of 8 passed" in done.stdout, done.stdout + done.stderr


def test_a_link_to_the_grading_page_with_an_exercise_picks_its_component(folder):
    (folder / "a_tree.py").write_text(TREE)
    new_exercise(2, folder)
    at = helpers.open_page(grader_page(), {"exercise": "3"})
    assert at.selectbox(key="grader.component").value.kind == "decision_tree"


# --- 5. A component that raises -------------------------------------------------------------------------------------


def test_a_component_that_raises_in_the_lab_is_one_line_naming_its_file_and_line(folder):
    written = new_exercise(3, folder)  # the starter: every method raises its TODO
    at = helpers.open_lab()
    helpers.choose(at, "model", "decision_tree")
    helpers.assert_no_exception(at)
    (error,) = helpers.errors(at)
    line = next(n for n, text in enumerate(written.read_text().splitlines(), 1) if "TODO: fit" in text)
    assert error.startswith("your component raised NotImplementedError: TODO: fit grows self.tree_")
    assert f"decision_tree.py, line {line} (in fit). Fix: change that line" in error
    assert error.endswith("press Reload my files") and "Traceback" not in error
    assert helpers.showing_last(at) and helpers.metrics(at)


def test_a_value_the_estimator_refuses_is_one_line_too(folder):
    (folder / "decision_tree.py").write_text(TREE.replace("param(4, minimum=1,", "param(4, minimum=0,"))
    at = helpers.choose(helpers.open_lab(), "model", "decision_tree")
    helpers.set_param(at, "model", "decision_tree", "max_depth", 0)
    helpers.assert_no_exception(at)
    (error,) = helpers.errors(at)
    assert "The 'max_depth' parameter of DecisionTreeClassifier must be an int in the range [1, inf)" in error
    assert "decision_tree.py, line 27 (in fit)" in error


# --- 6. My model vanished -------------------------------------------------------------------------------------------


def test_a_component_whose_file_breaks_comes_back_with_its_settings_once_the_file_loads(folder):
    (folder / "decision_tree.py").write_text(TREE)
    at = helpers.choose(helpers.open_lab(), "model", "decision_tree")
    helpers.set_param(at, "model", "decision_tree", "max_depth", 7)
    assert helpers.shown(at).config.model.options["max_depth"] == 7

    (folder / "decision_tree.py").write_text(TREE + "\ndef broken(:\n")
    reload(at)
    waiting = [w for w in helpers.warnings(at) if w.startswith("Your model `decision_tree` is not loaded")]
    assert waiting and "does not load now" in waiting[0] and "runs `logistic_regression` in its place" in waiting[0]
    assert helpers.shown(at).config.model.kind == "logistic_regression"
    assert at.query_params["model"] == "decision_tree" and at.query_params["model.max_depth"] == "7"

    (folder / "decision_tree.py").write_text(TREE)
    reload(at)
    assert at.selectbox(key="lab.model.kind").value == "decision_tree"
    assert helpers.shown(at).config.model.options["max_depth"] == 7 and not helpers.warnings(at)
    assert [t.value for t in at.toast] == ["Your model `decision_tree` loads again: the Lab uses it once more."]


def test_a_participant_who_picks_another_model_meanwhile_keeps_it(folder):
    (folder / "decision_tree.py").write_text(TREE)
    at = helpers.choose(helpers.open_lab(), "model", "decision_tree")
    (folder / "decision_tree.py").write_text("def broken(:\n")
    helpers.choose(reload(at), "model", "knn")
    (folder / "decision_tree.py").write_text(TREE)
    reload(at)
    assert at.selectbox(key="lab.model.kind").value == "knn" and helpers.shown(at).config.model.kind == "knn"


# --- 9. A lesson link for an exercise -------------------------------------------------------------------------------


def test_a_lesson_link_for_an_exercise_shows_its_task_and_says_which_file_to_write_first(folder):
    at = helpers.open_lab(LESSON)
    text = markdown(at)
    assert "Exercise 3 · A model strategy: a decision tree with a depth limit" in text
    assert exercise(3).task in text and f"`{folder / 'decision_tree.py'}` does not exist yet" in text
    assert next(b.value for b in at.code if b.language == "bash").splitlines() == [
        ".venv/bin/python -m cq4ds new-exercise 3",
        f".venv/bin/python -m cq4ds check {folder / 'decision_tree.py'}",
    ]
    (waiting,) = helpers.warnings(at)
    assert "you have not written it yet" in waiting and f"write {folder / 'decision_tree.py'} first" in waiting
    assert "could not be restored" not in " ".join(helpers.warnings(at) + helpers.errors(at))
    assert helpers.shown(at).config.model.kind == "logistic_regression"

    (folder / "decision_tree.py").write_text(TREE)
    reload(at)
    assert helpers.shown(at).config.model.kind == "decision_tree" and not helpers.warnings(at)
    assert "✅ Your `decision_tree` is loaded" in markdown(at)


def test_the_instructor_builds_a_link_for_an_exercise(folder):
    at = helpers.open_app()
    at.switch_page("pages/workshop_links.py").run()
    at.multiselect(key="lessons.lock").set_value(["source", "split"]).run()
    at.selectbox(key="lessons.exercise").set_value(3).run()
    helpers.assert_no_exception(at)
    query = dict(parse_qsl(urlsplit(at.code[0].value).query))
    assert query == {"model": "decision_tree", "lock": "source,split", "exercise": "3"}


# --- 10. Locked ports stay locked -----------------------------------------------------------------------------------


def test_loading_a_shipped_config_leaves_the_locked_ports_as_the_lesson_link_set_them(folder):
    at = helpers.open_lab({"model": "knn", "lock": "model,features"})
    locked = helpers.shown(at).config
    at.selectbox(key="lab.preset").set_value("kaggle_csv.toml").run()
    at.button(key="lab.load").click().run()
    helpers.assert_no_exception(at)
    config = helpers.shown(at).config
    assert config.model == locked.model and config.features == locked.features
    preset = load_config(ROOT / "configs" / "kaggle_csv.toml")
    assert (config.source.kind, config.source.options["path"]) == ("csv", preset.source.options["path"])
    assert at.query_params["model"] == "knn" and at.query_params["lock"] == "features,model"
    toml = [b for b in at.code if b.language == "toml"]
    assert toml and all(block.proto.wrap_lines for block in toml)  # the locked boxes show their whole TOML


# --- 4. Train and test side by side ---------------------------------------------------------------------------------


def test_the_metric_cards_show_train_and_test_accuracy_and_the_gap(folder):
    (folder / "decision_tree.py").write_text(TREE)
    at = helpers.choose(helpers.open_lab(), "model", "decision_tree")
    helpers.set_param(at, "model", "decision_tree", "max_depth", 12)
    result = helpers.shown(at).result
    cards = {card.label: card for card in at.metric}
    train, test = result.train.metrics.accuracy, result.test.metrics.accuracy
    assert cards["Train"].value == f"{train:.3f}" and cards["Test"].value == f"{test:.3f}"
    assert cards["Gap (train − test)"].value == f"{train - test:+.3f}" and train - test > 0.05
    assert cards["Gap (train − test)"].delta.startswith("+")  # deeper than 4: the gap grew


# --- 7. Take-home: the same metrics outside the app -------------------------------------------------------------------


def test_the_wiring_tab_reruns_a_participants_composition_outside_the_app_with_the_same_metrics(
    folder, tmp_path, capsys
):
    (folder / "decision_tree.py").write_text(TREE)
    at = helpers.choose(helpers.open_lab(), "model", "decision_tree")
    helpers.set_param(at, "model", "decision_tree", "max_depth", 6)
    in_lab = helpers.shown(at).result.metrics
    helpers.open_view(at, "Wiring")
    (toml,) = helpers.code_blocks(at, "toml")
    (command,) = helpers.code_blocks(at, "bash")
    assert command == ".venv/bin/python -m cq4ds run --config lab.toml"
    (tmp_path / "lab.toml").write_text(toml)
    done = subprocess.run(
        [*command.split()[:-1], str(tmp_path / "lab.toml"), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    from_cli = json.loads(done.stdout)["metrics"]
    assert from_cli == {name: getattr(in_lab, name) for name in from_cli}

    (code,) = [block for block in helpers.code_blocks(at, "python") if "build_pipeline" in block]
    assert "registry=with_exercises().registry" in code
    namespace: dict = {}
    exec(code, namespace)  # as a participant pastes it into a notebook
    assert namespace["trained"].result.metrics == in_lab


# --- The first minutes: the setup check on Start --------------------------------------------------------------------


def _setup_panel() -> None:
    from course.ui import setup_check

    setup_check.panel()


def _clicked_setup_check() -> AppTest:
    """The Start page's setup panel, its button pressed (the page itself is driven in a browser: test_workshop_path)."""
    at = AppTest.from_function(_setup_panel, default_timeout=helpers.TIMEOUT).run()
    assert not at.success
    at.button(key="start.setup_check").click().run()
    helpers.assert_no_exception(at)
    return at


def test_the_start_page_has_the_setup_check(folder):
    at = helpers.open_page(helpers.start_page())
    assert at.button(key="start.setup_check").label == "Check my setup"
    assert "`make check-setup`" in markdown(at)


def test_the_setup_check_gives_one_green_line_per_check(folder):
    at = _clicked_setup_check()
    lines = [helpers.as_read(s.value).replace("**", "") for s in at.success]
    assert [line.split(":")[0] for line in lines] == ["environment", "exercises folder", "grader", "app"]
    assert f"exercises folder {folder}/ found and writable" in lines[1] and "passes 8 of 8 checks" in lines[2]
    assert not at.error


def test_the_setup_check_names_the_fix_for_a_missing_folder(folder, monkeypatch):
    monkeypatch.setenv("CQ4DS_EXERCISES", str(folder / "missing"))
    (error,) = helpers.errors(_clicked_setup_check())
    error = error.replace("**", "")
    assert error.startswith("exercises folder: the exercises folder") and "does not exist. Fix:" in error
