"""The CLI, run as a user would: a subprocess, one-line errors and no tracebacks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from cq4ds import cli
from cq4ds.domain import InvalidParameterError

ROOT = Path(__file__).resolve().parents[2]


def cq4ds(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cq4ds", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def assert_user_error(run: subprocess.CompletedProcess, *fragments: str) -> None:
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("error: ") and run.stderr.count("\n") == 1, run.stderr
    for fragment in fragments:
        assert fragment in run.stderr


def test_components_lists_every_port_as_json():
    run = cq4ds("components", "--json")
    assert run.returncode == 0, run.stderr
    listing = json.loads(run.stdout)
    assert list(listing) == ["source", "cleaning", "features", "model", "split", "sink", "engine"]
    assert listing["model"]["random_forest"]["params"]["n_estimators"]["default"] == 200
    assert "Logistic regression" in listing["model"]["logistic_regression"]["summary"]


def test_components_list_the_engines_and_their_parameters_like_every_other_port():
    listing = json.loads(cq4ds("components", "--json").stdout)["engine"]
    assert list(listing) == ["in_process", "dask"]
    assert listing["in_process"]["params"] == {}
    dask = listing["dask"]["params"]
    assert list(dask) == ["address", "workers", "timeout"]  # the injected client is code's business, not a setting
    assert dask["workers"] == {
        "type": "int",
        "default": 2,
        "choices": None,
        "minimum": 1,
        "maximum": 256,
        "help": "worker processes of the local cluster (not used with an address)",
    }
    assert "Scores on Dask" in listing["dask"]["summary"]


def test_components_text():
    run = cq4ds("components")
    assert run.returncode == 0 and "[model]" in run.stdout and "n_estimators = 200" in run.stdout
    engines = run.stdout[run.stdout.index("[engine]") :]
    assert "in_process" in engines and "dask" in engines and "workers = 2 (int)" in engines


def test_run_prints_metrics_and_both_confusion_matrices():
    run = cq4ds("run", "--config", "configs/notebook.toml", "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert set(report["metrics"]) == {"accuracy", "precision", "recall", "f1", "roc_auc"}
    assert sum(map(sum, report["confusion_test"])) == report["n_test"]
    assert sum(map(sum, report["confusion_train"])) == report["n_train"]


def test_set_overrides_change_the_run():
    base = json.loads(cq4ds("run", "--config", "configs/notebook.toml", "--json").stdout)
    forest = cq4ds(
        "run",
        "--config",
        "configs/notebook.toml",
        "--json",
        "--set",
        "model.kind=random_forest",
        "--set",
        "model.params.n_estimators=50",
    )
    assert forest.returncode == 0, forest.stderr
    assert json.loads(forest.stdout)["metrics"] != base["metrics"]


def test_save_then_score_writes_predictions(tmp_path):
    store = tmp_path / "models"
    saved = cq4ds("run", "--config", "configs/notebook.toml", "--save", "nb", "--store", str(store))
    assert saved.returncode == 0, saved.stderr
    out = tmp_path / "predictions.parquet"
    scored = cq4ds(
        "score",
        "--model",
        "nb",
        "--store",
        str(store),
        "--config",
        "configs/score_kaggle_test.toml",
        "--set",
        f"sink.params.path={json.dumps(str(out))}",
        "--json",
        "--chunk-rows",
        "100",
    )
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout)
    predictions = pd.read_parquet(out)
    assert report["rows_scored"] == len(predictions) == len(pd.read_csv(ROOT / "sample_data/kaggle_test.csv"))
    assert report["chunks"] == -(-len(predictions) // 100)


def test_generate_writes_n_rows(tmp_path):
    out = tmp_path / "gen.csv"
    run = cq4ds("generate", "--rows", "150", "--out", str(out), "--seed", "3")
    assert run.returncode == 0, run.stderr
    assert len(pd.read_csv(out)) == 150


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["run", "--config", "missing.toml"], ["missing.toml does not exist"]),
        (
            ["run", "--config", "configs/notebook.toml", "--set", "model.kind=xgboost"],
            ["unknown kind 'xgboost'", "random_forest"],
        ),
        (["run", "--config", "configs/notebook.toml", "--set", "model.params.C=-1"], ["parameter 'C'", "below"]),
        (["run", "--config", "configs/notebook.toml", "--set", "model.params.Cc=1"], ["unknown parameter 'Cc'"]),
        (
            ["run", "--config", "configs/notebook.toml", "--set", "model.params.C=nan"],
            ["parameter 'C' is nan, not a finite number", "use a value from 0.001 to 1000"],
        ),
        (
            ["run", "--config", "configs/notebook.toml", "--set", "model.params.C=inf"],
            ["parameter 'C' is inf, not a finite number", "use a value from 0.001 to 1000"],
        ),
        (
            ["run", "--config", "configs/notebook.toml", "--set", "split.params.test_size=-inf"],
            ["parameter 'test_size' is -inf, not a finite number"],
        ),
        (["run", "--json"], ["the following arguments are required: --config", "--help"]),
        (["frob"], ["invalid choice: 'frob'"]),
        (["generate", "--rows", "many", "--out", "x.csv"], ["invalid int value: 'many'"]),
        (["run", "--config", "configs/notebook.toml", "--set", "source.params.path='nope.db'"], ["nope.db"]),
        (
            ["score", "--model", "absent", "--store", "/nonexistent-store", "--config", "configs/notebook.toml"],
            ["absent"],
        ),
        (["generate", "--rows", "5", "--out", "x.csv"], ["rows"]),
        (["generate", "--rows", "500", "--out", "x.txt"], ["cannot tell the layout"]),
    ],
)
def test_user_errors_are_one_line_without_traceback(args, fragments, tmp_path):
    assert_user_error(cq4ds(*args), *fragments)


def test_bad_data_file_is_named(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "pclass,survived,name,sex,age,sibsp,parch,ticket,fare,cabin,embarked,boat,body,home.dest\n"
        '1,1,"A, Mr. B",male,-3,0,0,T1,10,,S,,,\n'
    )
    run = cq4ds(
        "run",
        "--config",
        "configs/notebook.toml",
        "--set",
        "source.kind=csv",
        "--set",
        f"source.params.path={json.dumps(str(bad))}",
    )
    assert_user_error(run, "bad.csv", "age", "row 1")


def test_a_config_file_with_nan_is_a_user_error(tmp_path):
    config = tmp_path / "nan.toml"
    notebook = (ROOT / "configs/notebook.toml").read_text()
    config.write_text(notebook.replace("test_size = 0.2", "test_size = nan"))
    assert_user_error(cq4ds("run", "--config", str(config)), "parameter 'test_size' is nan, not a finite number")


# --- A bug: one line naming the log, the traceback in the log, exit status 1 --------------------------------------

BUGGY_COMPONENTS = """
import sys
import cq4ds.cli as cli

def broken(args):
    raise ValueError("secret detail from /srv/private/path")

cli.cmd_components = broken
sys.exit(cli.main(["components"]))
"""


def assert_bug_reported(stderr: str, log: Path) -> None:
    assert stderr == f"error: unexpected failure (ValueError); details in {log}\n", stderr
    assert "Traceback" not in stderr and "secret detail" not in stderr


def test_a_bug_prints_one_line_naming_the_log_and_exits_1(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", BUGGY_COMPONENTS], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env
    )
    log = tmp_path / "cq4ds-cli.log"
    assert run.returncode == 1, run.stdout + run.stderr
    assert_bug_reported(run.stderr, log)
    written = log.read_text()
    assert "Traceback (most recent call last)" in written
    assert "ValueError: secret detail from /srv/private/path" in written
    assert "python -m cq4ds components" in written
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_the_crash_log_is_appended_to(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken(args):
        raise ValueError(f"bug number {args.json}")

    monkeypatch.setattr(cli, "cmd_components", broken)
    assert cli.main(["components"]) == 1
    assert cli.main(["components", "--json"]) == 1
    log = tmp_path / "cq4ds-cli.log"
    assert capsys.readouterr().err.splitlines() == [f"error: unexpected failure (ValueError); details in {log}"] * 2
    written = log.read_text()
    assert written.count("Traceback") == 2 and "bug number False" in written and "bug number True" in written


def test_an_unwritable_crash_log_still_gives_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing-folder"))
    monkeypatch.setattr(cli, "cmd_components", lambda args: 1 / 0)
    assert cli.main(["components"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    log = tmp_path / "missing-folder" / "cq4ds-cli.log"
    assert line == (
        f"error: unexpected failure (ZeroDivisionError); its details could not be written to {log} (FileNotFoundError)"
    )


def test_a_user_error_raised_by_a_handler_still_exits_2(monkeypatch, capsys):
    def refused(args):
        raise InvalidParameterError("parameter 'C' is nan, not a finite number", "use a value from 0.001 to 1000")

    monkeypatch.setattr(cli, "cmd_components", refused)
    assert cli.main(["components"]) == 2
    assert capsys.readouterr().err == (
        "error: parameter 'C' is nan, not a finite number. Fix: use a value from 0.001 to 1000\n"
    )


def test_a_crash_log_planted_as_a_symlink_is_not_followed(tmp_path, monkeypatch, capsys):
    target = tmp_path / "someone-elses-file"
    target.write_text("kept\n")
    (tmp_path / "cq4ds-cli.log").symlink_to(target)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(cli, "cmd_components", lambda args: 1 / 0)
    assert cli.main(["components"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert "its details could not be written to" in line and target.read_text() == "kept\n"
