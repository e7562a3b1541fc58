"""One use case, four hosts: each host's real outer code runs and reports the same metrics as the composition root."""

from __future__ import annotations

import json
import runpy
from datetime import UTC, datetime
from pathlib import Path

import pytest

from course.explain import hosts
from cq4ds.bootstrap import build_pipeline
from cq4ds.domain import ConfigError, Metrics

ROOT = Path(__file__).resolve().parents[2]
NIGHTLY = ROOT / "lessons" / "hosts" / "nightly_batch.py"


@pytest.fixture(autouse=True)
def at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # hosts run from the repository root, where the configs' paths start


@pytest.fixture(scope="module")
def expected() -> Metrics:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return build_pipeline(hosts.RECIPE).train_and_evaluate().result.metrics


@pytest.mark.parametrize("key", list(hosts.HOSTS))
def test_every_host_shows_real_code_with_the_core_call_marked(key):
    code = hosts.host_code(key)
    assert (ROOT / code.path).is_file()
    marked = [code.lines[n - code.first_line] for n in sorted(code.highlighted)]
    assert any("train_and_evaluate(" in line for line in marked), code.text
    assert (ROOT / code.path).read_text(encoding="utf-8").splitlines()[code.first_line - 1] == code.lines[0]


def test_named_source_reads_functions_and_methods_without_importing():
    assert hosts.named_source("cq4ds.cli", "cmd_run").text.startswith("def cmd_run(")
    method = hosts.named_source("cq4ds.bootstrap", "Pipeline.train_and_evaluate")
    assert method.text.startswith("def train_and_evaluate(")  # dedented
    assert method.path == "cq4ds/bootstrap.py"
    with pytest.raises(ConfigError, match="no 'nothing_here'"):
        hosts.named_source("cq4ds.cli", "nothing_here")


@pytest.mark.slow
def test_all_four_hosts_report_identical_metrics(tmp_path, expected):
    runs = {key: hosts.run_host(key, tmp_path) for key in hosts.HOSTS}
    assert {run.metrics for run in runs.values()} == {expected}
    assert all(run.seconds > 0 and run.output for run in runs.values())
    assert list((tmp_path / "nightly").glob("metrics-*.json"))  # the batch job wrote into the given folder only


def test_the_nightly_job_writes_a_dated_report_and_a_signed_model(tmp_path, expected):
    job = runpy.run_path(str(NIGHTLY))
    report = job["nightly_retrain"](hosts.RECIPE, tmp_path, now=datetime(2026, 1, 2, tzinfo=UTC))
    assert report == tmp_path / "metrics-2026-01-02.json"
    assert json.loads(report.read_text())["metrics"] == pytest.approx(vars_of(expected))
    assert (tmp_path / "models" / "nightly-2026-01-02.model").is_file()
    assert not list(tmp_path.glob("*.tmp"))


def test_the_nightly_job_reports_user_errors_in_one_line(tmp_path, capsys):
    job = runpy.run_path(str(NIGHTLY))
    assert job["main"](["--config", "configs/missing.toml", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_the_notebook_cell_runs_as_a_kernel_would(expected):
    cell = runpy.run_path(str(ROOT / "lessons" / "hosts" / "notebook_cell.py"))
    assert len(cell["passengers"]) == 1309
    assert cell["trained"].result.metrics == expected


def vars_of(metrics: Metrics) -> dict[str, float]:
    return {name: getattr(metrics, name) for name in metrics.__slots__}
