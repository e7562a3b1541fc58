"""The five workshop exercises: what each asks, the file a participant writes, and the starter it begins from.

The starters are `exercises/_starter_<file>` in the project (a leading `_` keeps them out of discovery);
`new_exercise` copies one into the exercises folder under the exercise's file name, never over a file.
Commands shown to participants name the project's own Python (`python_command`), so they work copied
from the project root without an activated environment, on Linux, macOS and Windows alike.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from cq4ds.domain import ConfigError
from cq4ds.extensions import PROJECT, exercises_folder, shown

STARTERS = PROJECT / "exercises"
POSIX_PYTHON = ".venv/bin/python"
WINDOWS_PYTHON = r".venv\Scripts\python"


@dataclass(frozen=True)
class Exercise:
    """One exercise: its number, title, the port and kind it adds, the file to write, the task and a stretch goal."""

    number: int
    title: str
    port: str
    kind: str
    file: str
    task: str
    stretch: str

    @property
    def starter(self) -> Path:
        """The starter file this exercise begins from, in the project."""
        return STARTERS / f"_starter_{self.file}"

    def path(self, folder: Path | None = None) -> Path:
        """Where the participant's file goes: `folder` (by default the exercises folder discovered) / the file name."""
        return (folder or exercises_folder()) / self.file


EXERCISES = (
    Exercise(
        1,
        "An adapter for new data: a JSON-lines source",
        "source",
        "jsonl",
        "jsonl_source.py",
        "read sample_data/passengers.jsonl (one passenger object per line) in batches of at most `rows` passengers",
        "check each line as you read it and name the line number of the first bad one (a line that is not JSON, "
        "or misses a required field: pandas.read_json cannot say which line), then try it on a copy with a broken line",
    ),
    Exercise(
        2,
        "A cleaning strategy: cap extreme fares",
        "cleaning",
        "cap_fares",
        "fare_cap.py",
        "learn a percentile of the training fares in fit, and lower every fare above it in transform",
        "cap the lowest fares too, with a `lower` percentile (winsorise both ends), and compare the Lab's ROC AUC "
        "with and without the caps",
    ),
    Exercise(
        3,
        "A model strategy: a decision tree with a depth limit",
        "model",
        "decision_tree",
        "decision_tree.py",
        "wrap scikit-learn's DecisionTreeClassifier: probabilities of survival, feature importances as weights",
        "add `criterion` as a Literal parameter (gini, entropy, log_loss), then find in the Lab the depth where "
        "test accuracy peaks while train accuracy keeps rising",
    ),
    Exercise(
        4,
        "A test double: a recording sink and a testing context",
        "sink",
        "recording",
        "recording_sink.py",
        "keep a copy of every batch (all or nothing), and write testing_context() that injects it",
        "write a pytest test with testing_context() that scores in chunks of 100 and checks one batch per chunk "
        "and no duplicate pid",
    ),
    Exercise(
        5,
        "An adapter for results: JSON-lines predictions, written atomically",
        "sink",
        "jsonl",
        "jsonl_sink.py",
        "write one {pid, probability, label} object per line into a temporary file, then os.replace it",
        "check each batch with cq4ds.adapters.predictions.check_predictions before writing it, and fsync the "
        "file before the rename",
    ),
)
"""The exercises, in the order of exercises/README.md."""


def exercise(number: int | str) -> Exercise:
    """The exercise numbered `number` (1 to 5).

    Raises:
        ConfigError: there is no such exercise.
    """
    for candidate in EXERCISES:
        if str(candidate.number) == str(number).strip():
            return candidate
    raise ConfigError(f"there is no exercise {str(number)!r}", f"choose 1 to {len(EXERCISES)}")


def for_kind(port: str, kind: str) -> Exercise | None:
    """The exercise whose component fills `port` as `kind`, if one does."""
    return next((e for e in EXERCISES if (e.port, e.kind) == (port, kind)), None)


def python_command(windows: bool | None = None) -> str:
    """The project's own Python, as typed at the project root: `.venv/bin/python`, or `.venv\\Scripts\\python`."""
    return WINDOWS_PYTHON if (os.name == "nt" if windows is None else windows) else POSIX_PYTHON


def file_argument(path: Path, windows: bool | None = None) -> str:
    """`path` as typed on the command line of that system (forward or back slashes)."""
    windows = os.name == "nt" if windows is None else windows
    return str(PureWindowsPath(path)) if windows else str(PurePosixPath(Path(path).as_posix()))


def check_command(path: Path, windows: bool | None = None) -> str:
    """The command that grades the file at `path`, from the project root."""
    argument = file_argument(shown(Path(path)), windows)
    if " " in argument:
        argument = f'"{argument}"'
    return f"{python_command(windows)} -m cq4ds check {argument}"


def new_command(number: int, windows: bool | None = None) -> str:
    """The command that copies exercise `number`'s starter into place, from the project root."""
    return f"{python_command(windows)} -m cq4ds new-exercise {number}"


def new_exercise(number: int | str, folder: Path | None = None) -> Path:
    """Copy exercise `number`'s starter into the exercises folder under its file name; return the new file.

    Raises:
        ConfigError: no such exercise, the starter is missing, or the file exists already (it is never replaced).
    """
    chosen = exercise(number)
    target = chosen.path(folder)
    if target.exists():
        raise ConfigError(
            f"{shown(target)} already exists, so the starter was not copied over it",
            "edit that file, or rename it to start again from the starter",
        )
    if not chosen.starter.is_file():
        raise ConfigError(f"the starter {shown(chosen.starter)} is missing", "restore it from the repository")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(chosen.starter, target)
    except OSError as error:
        raise ConfigError(
            f"{shown(target)} cannot be written ({type(error).__name__})", "make the exercises folder writable"
        ) from None
    return target


def missing_fix(port: str, kind: str, folder: Path | None = None) -> str | None:
    """How to get `kind` at `port` when it is not registered: the exercise file to write (None: no exercise adds it)."""
    chosen = for_kind(port, kind)
    if chosen is None:
        return None
    target = file_argument(shown(chosen.path(folder)))
    return f"write {target} first (exercise {chosen.number}; `{new_command(chosen.number)}` copies its starter)"
