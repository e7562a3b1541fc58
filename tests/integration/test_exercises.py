"""The workshop exercises end to end: `python -m cq4ds check`, and each reference solution doing its job."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cq4ds.adapters.sqlite_source import SqliteSource
from cq4ds.columnar import conform
from cq4ds.extensions import load_components
from cq4ds.grading import check_names

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "exercises" / "solutions"
WRONG = ROOT / "tests" / "fixtures" / "wrong_solutions"


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cq4ds", "check", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def component(name: str) -> type:
    """The one class a reference solution declares."""
    (kinds,) = load_components(SOLUTIONS / name).values()
    (cls,) = kinds.values()
    return cls


def read_all(source) -> pd.DataFrame:
    return conform(pd.concat(source.read_batches(500), ignore_index=True), source.describe()).frame


# --- The grader on the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SOLUTIONS.glob("*.py")), ids=lambda path: path.stem)
def test_check_passes_every_reference_solution(path):
    run = check(str(path.relative_to(ROOT)))
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].endswith("passed") and "FAIL" not in run.stdout
    assert sum(line.startswith("  PASS  ") for line in lines) == len(lines) - 1


def test_check_fails_a_wrong_solution_with_exit_1_naming_the_check_and_the_fix():
    run = check("tests/fixtures/wrong_solutions/mutating_cleaner.py")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "  FAIL  leaves its input unchanged: it changed the frame it was given (columns: fare)" in run.stdout
    assert "  PASS  keeps the schema:" in run.stdout and "Traceback" not in run.stdout + run.stderr


def test_check_json_reports_every_check():
    run = check("tests/fixtures/wrong_solutions/label_model.py", "--json")
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["passed"] is False
    (graded,) = report["components"]
    assert (graded["port"], graded["kind"], graded["class"]) == ("model", "labelling_tree", "LabellingTree")
    assert [c["name"] for c in graded["checks"]] == list(check_names("model"))
    verdicts = {c["name"]: c["passed"] for c in graded["checks"]}
    assert verdicts["predicts probabilities"] is False and verdicts["keyword-only dataclass"] is True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("X = 1\n", "has no COMPONENTS table"),
        ("import no_such_module_anywhere\n", "cannot be imported (ModuleNotFoundError"),
        ("from cq4ds.strategies.cleaning import KeepAsIs\nCOMPONENTS = {'cleaning': {'keep': KeepAsIs}}\n", "taken"),
    ],
    ids=["missing file", "no COMPONENTS", "import error", "clash"],
)
def test_check_user_errors_print_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "exercise.py"
    if content is not None:
        path.write_text(content)
    run = check(str(path))
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.startswith("error: ") and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert message in run.stderr and "Fix:" in run.stderr


# --- The reference solutions at work ----------------------------------------------------------------------------


def test_the_jsonl_source_reads_the_same_passengers_as_every_other_sample_file():
    jsonl = read_all(component("jsonl_source.py")())
    pd.testing.assert_frame_equal(jsonl, read_all(SqliteSource()), check_exact=True)


def test_the_jsonl_sink_publishes_readable_json_lines(tmp_path):
    sink = component("jsonl_sink.py")(path=str(tmp_path / "out" / "predictions.jsonl"))
    batch = pd.DataFrame({"pid": [1, 2], "probability": [0.25, 0.75], "label": [0, 1]})
    assert sink.write([batch, batch.assign(pid=[3, 4])]) == 4
    rows = [json.loads(line) for line in (tmp_path / "out" / "predictions.jsonl").read_text().splitlines()]
    assert rows[-1] == {"pid": 4, "probability": 0.75, "label": 1}
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["predictions.jsonl"]  # no temporary file left


def test_the_recording_double_sees_every_batch_a_scoring_run_writes():
    module = sys.modules[component("recording_sink.py").__module__]
    pipeline = module.testing_context(rows=300)
    trained = pipeline.train_and_evaluate()
    result = pipeline.score(trained.predictor, chunk_rows=100)
    assert [len(batch) for batch in pipeline.sink.batches_] == [100, 100, 100]
    assert pipeline.sink.recorded()["pid"].tolist() == list(range(1, 301)) and result.rows_scored == 300
