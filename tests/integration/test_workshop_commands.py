"""The workshop from the command line, as a participant types it at the project root: starters, the grader,
the setup check, and a composition that holds their component run outside the app.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from cq4ds.extensions import EXERCISES_VARIABLE, component_failure, load_components
from cq4ds.grading import check_names, grade_file
from cq4ds.grading.exercises import EXERCISES, check_command, new_command, new_exercise
from cq4ds.grading.setup import run_checks

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "exercises" / "solutions"
HANDOUTS = ROOT / "docs" / "facilitator" / "handouts"


def typed(command: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    """Run `command` as typed in a shell at `cwd`, with no virtual environment activated."""
    clean = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    clean["PATH"] = os.pathsep.join(p for p in clean.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return subprocess.run(
        shlex.split(command), cwd=cwd, env={**clean, **env}, capture_output=True, text=True, timeout=300, check=False
    )


# --- Starters -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("chosen", EXERCISES, ids=lambda e: e.file)
def test_every_exercise_has_a_starter_that_loads_and_fails_its_behaviour_checks_with_its_todo(chosen, tmp_path):
    assert chosen.starter.name.startswith("_starter_")  # a leading _ keeps it out of discovery
    written = new_exercise(chosen.number, tmp_path)
    assert written == tmp_path / chosen.file and written.read_text() == chosen.starter.read_text()
    (table,) = load_components(written).items()
    assert table[0] == chosen.port and list(table[1]) == [chosen.kind]
    (graded,) = grade_file(written)
    reasons = {check.name: check.reason for check in graded.checks if not check.passed}
    shape = set(check_names(chosen.port)[:6])
    assert not shape & set(reasons), reasons  # the skeleton's shape is right: only the TODOs are left
    assert reasons and all("TODO" in reason and chosen.file in reason for reason in reasons.values()), reasons


@pytest.mark.parametrize("chosen", EXERCISES, ids=lambda e: e.file)
def test_the_handout_and_the_starter_agree(chosen):
    handout = (HANDOUTS / f"exercise-{chosen.number}.md").read_text(encoding="utf-8")
    assert new_command(chosen.number) in handout and check_command(Path("exercises") / chosen.file) in handout
    assert f"**Stretch** (finished early?). {chosen.stretch[0].upper()}{chosen.stretch[1:]}." in handout
    starter = chosen.starter.read_text(encoding="utf-8")
    assert f"```python\n{starter[starter.index('from __future__') :]}```" in handout  # the skeleton, as shipped
    starter = chosen.starter.read_text(encoding="utf-8")
    methods = [line.strip() for line in starter.splitlines() if line.strip().startswith("def ")]
    assert methods and all(method.split("(")[0] in handout for method in methods), methods


def test_new_exercise_never_overwrites_and_bad_numbers_are_one_line(tmp_path):
    first = typed(f"{new_command(3)}", **{EXERCISES_VARIABLE: str(tmp_path)})
    assert first.returncode == 0, first.stderr
    assert f"{tmp_path / 'decision_tree.py'}" in first.stdout and "-m cq4ds check" in first.stdout
    (tmp_path / "decision_tree.py").write_text("# mine\n")
    again = typed(f"{new_command(3)}", **{EXERCISES_VARIABLE: str(tmp_path)})
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "already exists" in again.stderr
    assert (tmp_path / "decision_tree.py").read_text() == "# mine\n"
    wrong = typed(".venv/bin/python -m cq4ds new-exercise 7", **{EXERCISES_VARIABLE: str(tmp_path)})
    assert wrong.returncode == 2 and "there is no exercise '7'. Fix: choose 1 to 5" in wrong.stderr


# --- The grader, typed as printed -----------------------------------------------------------------------------------


def test_the_printed_grading_command_works_from_the_project_root_without_an_activated_environment(tmp_path):
    (tmp_path / "decision_tree.py").write_text((SOLUTIONS / "decision_tree.py").read_text())
    done = typed(check_command(tmp_path / "decision_tree.py"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == "[model] decision_tree (DecisionTreeModel): 8 of 8 passed"


def test_make_check_grades_a_file():
    done = typed("make check FILE=exercises/solutions/fare_cap.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[cleaning] cap_fares (CapExtremeFares): 12 of 12 passed" in done.stdout


def test_grading_from_inside_the_exercises_folder_reads_the_sample_files_of_the_project():
    done = typed("../.venv/bin/python -m cq4ds check solutions/jsonl_source.py --json", cwd=ROOT / "exercises")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["passed"] is True


# --- A composition with the participant's component, outside the app -----------------------------------------------


def test_run_loads_the_exercises_folder_and_explains_a_component_not_written_yet(tmp_path):
    config = "--config configs/notebook.toml --set model.kind=decision_tree --json"
    missing = typed(f".venv/bin/python -m cq4ds run {config}", **{EXERCISES_VARIABLE: str(tmp_path)})
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1, missing.stderr
    assert "unknown kind 'decision_tree'. Fix: write" in missing.stderr and "new-exercise 3" in missing.stderr
    (tmp_path / "decision_tree.py").write_text((SOLUTIONS / "decision_tree.py").read_text())
    found = typed(f".venv/bin/python -m cq4ds run {config}", **{EXERCISES_VARIABLE: str(tmp_path)})
    assert found.returncode == 0, found.stderr
    assert set(json.loads(found.stdout)["metrics"]) == {"accuracy", "precision", "recall", "f1", "roc_auc"}


def test_a_component_that_raises_is_one_line_naming_its_file_and_line(tmp_path):
    new_exercise(3, tmp_path)  # the starter: fit raises its TODO
    done = typed(
        ".venv/bin/python -m cq4ds run --config configs/notebook.toml --set model.kind=decision_tree",
        **{EXERCISES_VARIABLE: str(tmp_path)},
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    lines = (tmp_path / "decision_tree.py").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if "TODO: fit" in text)
    assert f"decision_tree.py, line {line} (in fit). Fix: change that line" in done.stderr


def test_component_failure_is_none_for_errors_from_elsewhere(tmp_path):
    try:
        raise ValueError("not theirs")
    except ValueError as error:
        assert component_failure(error, tmp_path) is None


# --- The setup check ----------------------------------------------------------------------------------------------


def test_the_setup_check_gives_one_line_each_and_names_the_fix_when_the_app_is_not_running(tmp_path):
    closed = "http://127.0.0.1:9"  # the discard port: nothing answers there
    done = typed(f".venv/bin/python -m cq4ds check-setup --url {closed}", **{EXERCISES_VARIABLE: str(tmp_path)})
    lines = done.stdout.splitlines()
    assert done.returncode == 1 and len(lines) == 4, done.stdout + done.stderr
    assert lines[0].startswith("ok    environment: Python 3.")
    assert lines[1].startswith("ok    exercises folder: ") and "found and writable" in lines[1]
    assert lines[2] == "ok    grader: the reference solution exercises/solutions/decision_tree.py passes 8 of 8 checks"
    assert lines[3].startswith(f"FAIL  app: the app does not answer at {closed}") and "Fix: start it with" in lines[3]


def test_the_setup_check_says_when_the_exercises_folder_is_missing_or_read_only(tmp_path, monkeypatch):
    monkeypatch.setenv(EXERCISES_VARIABLE, str(tmp_path / "nowhere"))
    (folder,) = [c for c in run_checks(None) if c.name == "exercises folder"]
    assert not folder.passed and "does not exist. Fix:" in folder.line
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    monkeypatch.setenv(EXERCISES_VARIABLE, str(locked))
    try:
        (folder,) = [c for c in run_checks(None) if c.name == "exercises folder"]
    finally:
        locked.chmod(0o700)
    if os.geteuid() != 0:  # root writes anywhere
        assert not folder.passed and "is not writable" in folder.line


def test_make_check_setup_runs_the_same_checks():
    done = typed("make check-setup PORT=9")
    assert "ok    grader:" in done.stdout and "FAIL  app: the app does not answer at http://localhost:9" in done.stdout
