"""The wiring code shown to learners runs, and builds exactly the composition on screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from course.explain.wiring import cli_command, config_code, wiring_code
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import default_config, dump_config, load_config, parse_config
from cq4ds.domain import ComponentSpec, PipelineConfig

CONFIGS = ["configs/notebook.toml", "configs/random_forest.toml"]


@pytest.mark.parametrize("path", CONFIGS)
def test_the_generated_code_runs_and_gives_the_same_metrics(path, capsys):
    config = load_config(path)
    namespace: dict = {}
    exec(wiring_code(config), namespace)  # a fresh namespace: the code brings its own imports
    assert namespace["config"] == config
    expected = build_pipeline(config).train_and_evaluate().result.metrics
    assert namespace["trained"].result.metrics == expected
    assert capsys.readouterr().out.strip() == str(expected)


@pytest.mark.parametrize("path", CONFIGS)
def test_the_config_file_round_trips(path):
    config = load_config(path)
    assert parse_config(dump_config(config)) == config


def test_awkward_parameter_values_round_trip_exactly():
    """Any spec is rendered exactly (whether its component exists is the registry's business)."""
    config = default_config(
        ComponentSpec("csv", {"path": 'it\'s a "quoted" \\ path, é\n'}),
        features=ComponentSpec("notebook", {"n_neighbors": 7, "fix_is_alone": True}),
        sink=ComponentSpec("unchecked", {"weights": (0.5, float("inf"), ("a",)), "nothing": None}),
        on_invalid="quarantine",
    )
    rebuilt = eval(config_code(config), {"ComponentSpec": ComponentSpec, "PipelineConfig": PipelineConfig})
    assert rebuilt == config


def test_the_code_is_shown_as_the_project_writes_it(tmp_path):
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.skip("ruff is not installed")
    config = load_config("configs/notebook.toml")
    code = wiring_code(config)
    assert 'ComponentSpec("keep"),' in code  # no empty params dict
    assert max(len(line) for line in code.splitlines()) <= 120
    script = tmp_path / "wiring.py"
    script.write_text(code, encoding="utf-8")
    for command in (["check"], ["format", "--check"]):
        run = subprocess.run([ruff, *command, "--isolated", "--line-length", "120", script], capture_output=True)
        assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()


def test_cli_command():
    assert cli_command() == "python -m cq4ds run --config lab.toml"
    assert cli_command("my lab.toml") == "python -m cq4ds run --config 'my lab.toml'"
