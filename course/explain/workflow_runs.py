"""Run the system as it stands at each workflow step: real package code, computed live, from the repository root."""

from __future__ import annotations

import difflib
import json
import shlex
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from course.explain.diff import composition_diff, describe, effective_params
from course.explain.wiring import wiring_code
from cq4ds import contexts
from cq4ds.bootstrap import build_pipeline
from cq4ds.columnar import LABEL, labelled, to_passengers
from cq4ds.config_file import NOTEBOOK_RECIPE, apply_overrides, load_config
from cq4ds.domain import PORTS, ComponentSpec, ConfigError, Metrics, Passengers, PipelineConfig, RunResult
from cq4ds.registry import Registry
from cq4ds.usecases import Predictor, load_passengers, publish_predictions

REPO = Path(__file__).resolve().parents[2]
RECIPE = NOTEBOOK_RECIPE.relative_to(REPO).as_posix()  # as the configs menu names it
SUBPROCESS_SECONDS = 300
_MISSING = object()


@dataclass(frozen=True, slots=True)
class CliRun:
    """What `python -m cq4ds ...` printed and returned."""

    command: str
    exit_code: int
    stdout: str
    stderr: str
    seconds: float


def sample_passengers() -> Passengers:
    """Step 1: the sample file's records as validated `Passenger` objects."""
    return to_passengers(contexts.production().load().frame)


def cli_overrides(text: str) -> tuple[str, ...]:
    """Step 2: the `--set` assignments typed in `text`, split as a shell would (quotes keep spaces together).

    Raises:
        ConfigError: the text cannot be split (an unclosed quote).
    """
    try:
        return tuple(shlex.split(text))
    except ValueError as error:
        raise ConfigError(f"the --set text cannot be split into assignments ({error})", "close the quote") from None


def cli_config(config_file: str, overrides: tuple[str, ...]) -> PipelineConfig:
    """Step 2: the composition `run --config config_file --set ...` describes, read as the CLI reads it.

    Raises:
        ConfigError: the config cannot be read, or an assignment is not PORT.kind=NAME, PORT.params.KEY=VALUE
            or on_invalid=... (whether kinds and values exist is left to the CLI, which says so itself).
    """
    return apply_overrides(load_config(REPO / config_file), overrides)


def _toml_value(value: object) -> str:
    """`value` as the CLI reads it back in PORT.params.KEY=VALUE (a JSON string is a TOML basic string)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value))


def added_overrides(typed: PipelineConfig, run: PipelineConfig) -> tuple[str, ...]:
    """The `PORT.params.KEY=VALUE` assignments that turn the composition `typed` into `run` (same kinds)."""
    return tuple(
        f"{port}.params.{name}={_toml_value(value)}"
        for port in PORTS
        for name, value in run.spec(port).params
        if typed.spec(port).options.get(name, _MISSING) != value
    )


def cli_line(config_file: str, overrides: tuple[str, ...]) -> str:
    """Step 2: the shell command that runs `config_file` with `overrides`, each quoted as a shell needs."""
    sets = [f"--set {shlex.quote(override)}" for override in overrides]
    return " ".join(["python -m cq4ds run --config", shlex.quote(config_file), *sets])


def run_cli(*args: str) -> CliRun:
    """Step 2: the CLI's `main()` in a new process, as a shell would start it."""
    command = [sys.executable, "-m", "cq4ds", *args]
    start = time.perf_counter()
    try:
        run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=SUBPROCESS_SECONDS)
    except subprocess.TimeoutExpired:
        raise ConfigError(f"the CLI took over {SUBPROCESS_SECONDS} s", "try again when the machine is idle") from None
    shown = "python -m cq4ds " + " ".join(args)
    return CliRun(shown, run.returncode, run.stdout, run.stderr, time.perf_counter() - start)


def read_through(kind: str) -> tuple[str, Passengers]:
    """Step 3: the bundled sample read through the `kind` source adapter (default parameters), as passengers."""
    source = Registry().create("source", ComponentSpec(kind))
    return source.describe(), to_passengers(load_passengers(source).frame)


def test_context_run(rows: int, seed: int) -> RunResult:
    """Step 4: the notebook recipe in the test context: generated passengers in, predictions to memory."""
    return contexts.testing(rows=rows, seed=seed).train_and_evaluate().result


def train_model(features: str, model: str) -> tuple[Predictor, pd.DataFrame, pd.DataFrame]:
    """Step 6: a `Predictor` of two strategies, trained on its own; with its test rows and their predictions."""
    registry = Registry()
    frame = contexts.production().load().frame
    rows = labelled(frame)
    train_at, test_at = registry.create("split", ComponentSpec("stratified_holdout")).split(rows[LABEL].tolist())
    survival = Predictor(
        registry.create("cleaning", ComponentSpec("keep")),
        registry.create("features", ComponentSpec(features)),
        registry.create("model", ComponentSpec(model)),
    )
    survival.fit(rows.iloc[train_at], frame.drop(columns=LABEL))
    test = rows.iloc[test_at]
    return survival, test, survival.predictions(test)


SINK_FILES = {
    "csv": "predictions.csv",
    "parquet": "predictions.parquet",
    "sqlite": "predictions.sqlite",
    "duckdb": "predictions.duckdb",
}


def write_through(kind: str, folder: Path) -> tuple[str, int, Path]:
    """Step 7: train the notebook recipe and publish its test predictions through the `kind` sink into `folder`."""
    config = load_config(RECIPE)
    path = folder / SINK_FILES[kind]
    pipeline = build_pipeline(config.with_spec("sink", ComponentSpec(kind, {"path": str(path)})))
    written = publish_predictions(pipeline.train_and_evaluate().result.test_predictions, pipeline.sink)
    return pipeline.sink.describe(), written, path


def read_back(kind: str, path: Path, rows: int = 5) -> pd.DataFrame:
    """Step 7: the first rows of what a sink wrote, read with the format's own library."""
    if kind == "csv":
        return pd.read_csv(path, nrows=rows)
    if kind == "parquet":
        return pd.read_parquet(path).head(rows)
    if kind == "sqlite":
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            return pd.read_sql(f"SELECT * FROM predictions LIMIT {rows}", connection)
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.sql(f"SELECT * FROM predictions LIMIT {rows}").df()


def config_metrics(config_file: str) -> Metrics:
    """Step 8: the test metrics of a config file's composition."""
    return build_pipeline(load_config(config_file)).train_and_evaluate().result.metrics


def _written_out(config: PipelineConfig, registry: Registry) -> PipelineConfig:
    """`config` with every parameter written out, defaults included, so a diff shows only real differences."""
    for port in PORTS:
        spec = config.spec(port)
        config = config.with_spec(port, ComponentSpec(spec.kind, effective_params(registry, port, spec)))
    return config


def wiring_diff(before: PipelineConfig, after: PipelineConfig) -> tuple[tuple[str, ...], str]:
    """Step 8: what changed between two compositions, in words and as a unified diff of their wiring code."""
    registry = Registry()
    old, new = (wiring_code(_written_out(config, registry)).splitlines() for config in (before, after))
    lines = difflib.unified_diff(old, new, "before", "after", lineterm="")
    return tuple(describe(change) for change in composition_diff(before, after, registry)), "\n".join(lines)
