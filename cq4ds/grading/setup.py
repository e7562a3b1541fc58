"""The setup check a participant runs at 0:00: environment, exercises folder, the grader, and the app.

Each check gives one line: what was found, or what is wrong and how to fix it. `make check-setup`
(or `python -m cq4ds check-setup` with the project's Python) prints them; the Start page shows them.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import sys
import tempfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from cq4ds.domain import Cq4dsError
from cq4ds.extensions import PROJECT, discover, exercises_folder, one_line, shown
from cq4ds.grading.battery import grade_file
from cq4ds.grading.exercises import python_command

APP_URL = "http://localhost:8501"
REFERENCE = PROJECT / "exercises" / "solutions" / "decision_tree.py"
NEEDED = ("pandas", "numpy", "sklearn", "pyarrow", "duckdb")  # imported: the pipeline and the grader run on them
APP_NEEDS = ("streamlit", "plotly")  # only looked up: the package itself never imports the app's libraries
DISTRIBUTIONS = {"sklearn": "scikit-learn"}
MINIMUM_PYTHON = (3, 11)


@dataclass(frozen=True)
class SetupCheck:
    """One line of the setup check: its name, whether it passed, and what was found or how to fix it."""

    name: str
    passed: bool
    line: str


class SetupProblem(Cq4dsError):
    """One part of the setup does not work: the message says what, and how to fix it."""


def _version(module: str) -> str:
    try:
        return importlib.metadata.version(DISTRIBUTIONS.get(module, module))
    except importlib.metadata.PackageNotFoundError:
        return "?"


def environment() -> str:
    """Python is recent enough and every library the pipeline, the grader and the app need is installed."""
    fix = f"run `make setup` (Windows: see README) and use {python_command()}, not the system Python"
    if sys.version_info < MINIMUM_PYTHON:
        raise SetupProblem(f"Python {sys.version.split()[0]} is older than 3.11", fix)
    missing = []
    for module in NEEDED:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    missing += [module for module in APP_NEEDS if importlib.util.find_spec(module) is None]
    if missing:
        raise SetupProblem(f"this Python ({sys.executable}) lacks {', '.join(missing)}", fix)
    versions = ", ".join(f"{module} {_version(module)}" for module in (*NEEDED, *APP_NEEDS))
    return f"Python {sys.version.split()[0]} with {versions}"


def extension_folder() -> str:
    """The exercises folder exists, a file can be written in it, and what it holds loads."""
    folder = exercises_folder()
    if not folder.is_dir():
        raise SetupProblem(
            f"the exercises folder {folder} does not exist",
            "run from the project root, or point CQ4DS_EXERCISES at an existing folder",
        )
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix="_setup_check_", suffix=".tmp"):
            pass
    except OSError as error:
        raise SetupProblem(
            f"the exercises folder {folder} is not writable ({type(error).__name__})",
            "make it writable by you (or copy the project to a folder you own)",
        ) from None
    discovery = discover(folder)
    yours = f"{len(discovery.found)} component(s) of yours load"
    if discovery.problems:
        yours += f"; {len(discovery.problems)} file(s) do not: {discovery.problems[0].message}"
    return f"exercises folder {shown(folder).as_posix()}/ found and writable; {yours}"


def grader() -> str:
    """The reference decision tree passes every check, so the grader and the pipeline work here."""
    graded = grade_file(REFERENCE)
    failed = [check for g in graded for check in g.checks if not check.passed]
    if failed:
        raise SetupProblem(
            f"the reference solution fails '{failed[0].name}': {failed[0].reason}",
            "run `make setup` again; if it persists, tell your instructor this line",
        )
    checks = sum(len(g.checks) for g in graded)
    return f"the reference solution {shown(REFERENCE).as_posix()} passes {checks} of {checks} checks"


def app(url: str = APP_URL, timeout: float = 3.0) -> str:
    """The app answers at `url` (its health endpoint says ok)."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=timeout) as answer:
            body = answer.read(16)
    except (OSError, ValueError) as error:
        raise SetupProblem(
            f"the app does not answer at {url} ({type(error).__name__})",
            "start it with `make run` in another terminal (Windows: .venv\\Scripts\\streamlit run app.py), "
            "then run this check again",
        ) from None
    if body.strip() != b"ok":
        raise SetupProblem(f"something else answers at {url}", "stop it, or start the app with `make run PORT=8502`")
    return f"the app answers at {url}"


def run_checks(url: str | None = APP_URL) -> tuple[SetupCheck, ...]:
    """Every setup check in order, each on its own; `url=None` skips the app check (the app is running it)."""
    checks: list[tuple[str, Callable[[], str]]] = [
        ("environment", environment),
        ("exercises folder", extension_folder),
        ("grader", grader),
    ]
    if url is not None:
        checks.append(("app", lambda: app(url)))
    results = []
    for name, check in checks:
        try:
            results.append(SetupCheck(name, True, check()))
        except Cq4dsError as problem:
            results.append(SetupCheck(name, False, str(problem)))
        except Exception as error:  # one line, never a traceback: the check itself broke
            results.append(SetupCheck(name, False, f"{one_line(error)}. Fix: tell your instructor this line"))
    return tuple(results)


def report(checks: tuple[SetupCheck, ...]) -> str:
    """The checks as lines: `ok    name: what was found` or `FAIL  name: what is wrong. Fix: ...`."""
    return "\n".join(f"{'ok  ' if c.passed else 'FAIL'}  {c.name}: {c.line}" for c in checks)
