"""One use case, four hosts: the command line, a scheduled job, a notebook cell and the web app.

Each host is real outer code (in the package or in lessons/hosts/); each runs the same use case,
`train_and_evaluate`, on the same composition, so each must report the same metrics. Hosts are
run from the repository root, like the app and the CLI, since configs name their files relative to it.
"""

from __future__ import annotations

import ast
import json
import re
import runpy
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from course.explain.lessons import LESSONS, Excerpt, excerpt, lesson_lines
from course.explain.source import SourceView
from course.explain.syntax import parse
from cq4ds import contexts
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ConfigError, Metrics
from cq4ds.usecases import publish_predictions

REPO = Path(__file__).resolve().parents[2]
RECIPE = NOTEBOOK_RECIPE.relative_to(REPO).as_posix()  # as a person types it, from the repository root
CORE_CALLS = (r"train_and_evaluate\(", r"build_pipeline\(", r"contexts\.\w+\(")
CLI_SECONDS = 300
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True, slots=True)
class Host:
    """A piece of outer code that runs the use case, and what starts it."""

    key: str
    title: str
    started_by: str
    code: tuple[str, str]  # (module or lesson file, function name or "" for the whole file)


@dataclass(frozen=True, slots=True)
class HostRun:
    """What one host's run reported."""

    host: str
    metrics: Metrics
    seconds: float
    output: str


HOSTS: dict[str, Host] = {
    "cli": Host(
        "cli",
        "Command line",
        f"a person or a shell script: `python -m cq4ds run --config {RECIPE} --json`",
        ("cq4ds.cli", "cmd_run"),
    ),
    "batch": Host(
        "batch",
        "Scheduled batch job",
        "a scheduler at 02:00 (cron, Airflow): `python lessons/hosts/nightly_batch.py`",
        ("hosts/nightly_batch.py", "nightly_retrain"),
    ),
    "notebook": Host(
        "notebook", "Notebook cell", "a data scientist running a cell in Jupyter", ("hosts/notebook_cell.py", "")
    ),
    "webapp": Host("webapp", "Web app", "a browser session of this app (the Pipeline Lab)", ("course.ui.runs", "run")),
}


def named_source(module: str, qualname: str) -> SourceView:
    """The source of a class or function of a cq4ds module ("Pipeline.load" for a method), read without importing."""
    path = REPO / module.replace(".", "/")
    path = path.with_suffix(".py") if path.with_suffix(".py").is_file() else path / "__init__.py"
    text = path.read_text(encoding="utf-8")
    body: list[ast.stmt] = parse(text).body
    node: ast.stmt | None = None
    for name in qualname.split("."):
        node = next((n for n in body if isinstance(n, DEFINITIONS) and n.name == name), None)
        if node is None:
            raise ConfigError(f"{module} has no {qualname!r}", "update the page to the code's new names")
        body = node.body
    assert node is not None and node.end_lineno is not None
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    lines = text.splitlines()[first - 1 : node.end_lineno]
    return SourceView(
        qualname, module, path.relative_to(REPO).as_posix(), first, textwrap.dedent("\n".join(lines)) + "\n"
    )


def _marked(path: str, first: int, lines: tuple[str, ...]) -> Excerpt:
    """An excerpt of `lines` (the first numbered `first`) with the calls into the shared core marked."""
    marked = {first + i for i, line in enumerate(lines) if any(re.search(call, line) for call in CORE_CALLS)}
    return Excerpt(path, first, lines, frozenset(marked))


def host_code(key: str) -> Excerpt:
    """The host's outer code, with the lines that call the shared core marked."""
    where, name = HOSTS[key].code
    if not where.endswith(".py"):
        view = named_source(where, name)
        return _marked(view.path, view.line, tuple(view.text.splitlines()))
    if name:
        return excerpt(where, rf"^def {name}\(", r"^    return ", highlight=CORE_CALLS)
    lines = lesson_lines(where)
    start = next(i for i, line in enumerate(lines) if line.startswith("# %%"))  # the cell, without its header
    return _marked(f"lessons/{where}", start + 1, lines[start:])


def _metrics(data: dict[str, float]) -> Metrics:
    return Metrics(**{name: float(value) for name, value in data.items()})


def _run_cli(_: Path) -> tuple[Metrics, str]:
    """The CLI as a shell would start it: a new Python process, JSON on stdout."""
    command = [sys.executable, "-m", "cq4ds", "run", "--config", RECIPE, "--json"]
    try:
        run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=CLI_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise ConfigError(f"the CLI took over {CLI_SECONDS} s", "try again when the machine is idle") from None
    if run.returncode != 0:
        raise ConfigError(f"the CLI stopped with status {run.returncode}: {run.stderr.strip()}", "run it in a shell")
    return _metrics(json.loads(run.stdout)["metrics"]), f"$ python -m cq4ds run --config {RECIPE} --json  → exit 0"


def _run_batch(folder: Path) -> tuple[Metrics, str]:
    """The nightly job's function, as its scheduler entry point calls it; it writes into `folder`."""
    job = runpy.run_path(str(LESSONS / HOSTS["batch"].code[0]))  # its `if __name__ == "__main__"` does not fire
    report = job["nightly_retrain"](RECIPE, folder / "nightly")
    saved = sorted(p.name for p in (folder / "nightly" / "models").glob("*.model"))
    data = json.loads(report.read_text(encoding="utf-8"))
    return _metrics(data["metrics"]), f"wrote {report.name} and models/{saved[-1]} in its folder"


def _run_notebook(_: Path) -> tuple[Metrics, str]:
    """The cell's text, executed as a kernel would; the cell leaves `trained` in its namespace."""
    cell = runpy.run_path(str(LESSONS / HOSTS["notebook"].code[0]))
    return cell["trained"].result.metrics, f"the cell built {len(cell['passengers'])} Passenger objects and trained"


def _run_webapp(folder: Path) -> tuple[Metrics, str]:
    """What the Lab's `run` does for the notebook recipe, without its progress display."""
    pipeline = contexts.lab(load_config(RECIPE), folder / "outputs")
    trained = pipeline.train_and_evaluate()
    written = publish_predictions(trained.result.test_predictions, pipeline.sink)
    return trained.result.metrics, f"published {written} test predictions to {pipeline.sink.describe()}"


_RUNNERS = {"cli": _run_cli, "batch": _run_batch, "notebook": _run_notebook, "webapp": _run_webapp}


def run_host(key: str, folder: Path) -> HostRun:
    """Run the use case from host `key`, timed; files it writes go into `folder` (a session's own folder)."""
    start = time.perf_counter()
    metrics, output = _RUNNERS[key](folder)
    return HostRun(key, metrics, time.perf_counter() - start, output)
