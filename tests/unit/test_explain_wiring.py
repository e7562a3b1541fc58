"""The wiring code shown to learners runs, and builds exactly the composition on screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from course.explain.wiring import cli_command, config_code, renamed_values, shown_config, shown_spec, wiring_code
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import default_config, dump_config, load_config, parse_config
from cq4ds.domain import ComponentSpec, PipelineConfig
from cq4ds.extensions import discover

ROOT = Path(__file__).resolve().parents[2]
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


def test_cli_command_names_the_projects_own_python():
    assert cli_command() == ".venv/bin/python -m cq4ds run --config lab.toml"
    assert cli_command("my lab.toml") == ".venv/bin/python -m cq4ds run --config 'my lab.toml'"
    assert cli_command(python=r".venv\Scripts\python") == r".venv\Scripts\python -m cq4ds run --config lab.toml"


def test_the_generated_code_with_exercises_looks_components_up_in_the_exercises_folder(tmp_path, monkeypatch, capsys):
    (tmp_path / "tree.py").write_text((ROOT / "exercises" / "solutions" / "decision_tree.py").read_text())
    monkeypatch.setenv("CQ4DS_EXERCISES", str(tmp_path))
    config = load_config("configs/notebook.toml").with_spec("model", ComponentSpec("decision_tree", {"max_depth": 3}))
    code = wiring_code(config, exercises=True)
    assert "registry=with_exercises().registry" in code and "with_exercises" not in wiring_code(config)
    namespace: dict = {}
    exec(code, namespace)  # the participant's tree is found in the exercises folder, as the app finds it
    assert namespace["config"] == config
    expected = build_pipeline(config, registry=discover(tmp_path).registry).train_and_evaluate().result.metrics
    assert namespace["trained"].result.metrics == expected
    assert capsys.readouterr().out.strip() == str(expected)


PRIVATE = "/tmp/cq4ds-server-abc/session-def/uploads/0123456789abcdef.csv"


def _public(value: str) -> str:
    return {PRIVATE: "my_passengers.csv"}.get(value, value)


def test_a_composition_is_shown_with_private_paths_renamed_and_nothing_else_changed():
    config = default_config(
        ComponentSpec("csv", {"path": PRIVATE}),
        model=ComponentSpec("random_forest", {"n_estimators": 300}),
        sink=ComponentSpec("csv", {"path": "predictions.csv"}),
    )
    shown = shown_config(config, _public)
    assert shown.source == ComponentSpec("csv", {"path": "my_passengers.csv"})
    assert shown.model == config.model and shown.sink == config.sink and shown.on_invalid == config.on_invalid
    for text in (wiring_code(shown), dump_config(shown)):
        assert PRIVATE not in text and "session-def" not in text and '"my_passengers.csv"' in text
    assert renamed_values(config, _public) == ("my_passengers.csv",)
    assert renamed_values(shown, _public) == ()
    assert shown_spec(ComponentSpec("chain", {"steps": ("dedupe",)}), str.upper).options == {"steps": ("dedupe",)}
