"""The refactoring replay: the lesson's code states, their diffs, their breaks and their runs.

Each state in lessons/refactoring/ is a complete script with an `artefacts()` function returning the same
six results. A run happens in a fresh Python process (lessons/refactoring/run_state.py), so states never
share globals, environment or library state. A "break" is a real edit of a state's text, made before it runs.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from course.explain.lessons import LEGACY_SCRIPT, LESSONS, Excerpt, excerpt
from course.explain.replay_checks import ARTEFACTS, Artefacts
from cq4ds.domain import Cq4dsError

REPO = LESSONS.parent
FOLDER = LESSONS / "refactoring"
RUNNER = FOLDER / "run_state.py"
CACHE_VARIABLE = "CQ4DS_LEGACY_CACHE"  # where the states' own do_test pickles and the test loader's recording go
RUN_SECONDS = 300
NO_BREAK = "none"


class ReplayError(Cq4dsError):
    """A state of the replay could not be run."""


@dataclass(frozen=True, slots=True)
class State:
    """One runnable code state of the refactoring, and what it teaches."""

    number: int
    file: str
    title: str
    changed: str
    concept: str
    evidence: str  # "R": read in the talk's exercise repository; "I": our inference
    exercise: str  # the exercise's own step numbers that this state merges

    @property
    def label(self) -> str:
        """The state as a picker shows it: "03 · Inject the loader"."""
        return f"{self.number:02d} · {self.title}"


@functools.cache
def states() -> tuple[State, ...]:
    """Every state, in order, as lessons/refactoring/states.toml describes them."""
    entries = tomllib.loads((FOLDER / "states.toml").read_text(encoding="utf-8"))["state"]
    return tuple(State(number, **entry) for number, entry in enumerate(entries))


def legacy_excerpt() -> Excerpt:
    """The legacy script's transforms, written for train and again for test, with its checks in between."""
    return excerpt(
        LEGACY_SCRIPT, r"^one_hot_encoder = ", r'^do_test\("X_test_numerical', (r"^do_test\(", r"^X_test_\w+ = ")
    )


@functools.cache
def source(number: int) -> str:
    """The full text of state `number`'s file."""
    return (FOLDER / states()[number].file).read_text(encoding="utf-8")


def unified_diff(before: str, after: str, before_name: str, after_name: str) -> str:
    """A unified diff of two texts (3 lines of context), or "" when they are equal."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), before_name, after_name, lineterm="")
    return "\n".join(lines)


def diff_to_previous(number: int) -> str:
    """What state `number` changed; state 0 is compared with the legacy script it copies."""
    if number == 0:
        before, name = (LESSONS / LEGACY_SCRIPT).read_text(encoding="utf-8"), f"lessons/{LEGACY_SCRIPT}"
    else:
        before, name = source(number - 1), states()[number - 1].file
    return unified_diff(before, source(number), name, states()[number].file)


@dataclass(frozen=True, slots=True)
class Edit:
    """A regex substitution (multiline mode): one form a break takes in the states' code."""

    pattern: str
    replacement: str


@dataclass(frozen=True, slots=True)
class Variant:
    """A behaviour change made on purpose, as edits; in every state at least one of them applies."""

    key: str
    label: str
    what: str
    edits: tuple[Edit, ...]


@functools.cache
def variants() -> tuple[Variant, ...]:
    """Every break, as lessons/refactoring/breaks.toml defines them."""
    entries = tomllib.loads((FOLDER / "breaks.toml").read_text(encoding="utf-8"))["break"]
    return tuple(
        Variant(entry["key"], entry["label"], entry["what"], tuple(Edit(**edit) for edit in entry["edit"]))
        for entry in entries
    )


def variant(key: str) -> Variant:
    """The break called `key`."""
    for found in variants():
        if found.key == key:
            return found
    raise ReplayError(f"no break called {key!r}", f"use one of {', '.join(v.key for v in variants())}")


def apply_variant(text: str, key: str) -> str:
    """`text` with the break `key` made; raises LookupError when none of its edits applies."""
    if key == NO_BREAK:
        return text
    changed, count = text, 0
    for edit in variant(key).edits:
        changed, found = re.subn(edit.pattern, edit.replacement, changed, flags=re.MULTILINE)
        count += found
    if not count:
        raise LookupError(f"the break {key!r} finds nothing to change in this text")
    return changed


def variant_diff(number: int, key: str) -> str:
    """What the break `key` changes in state `number` ("" for no break)."""
    name = states()[number].file
    return unified_diff(source(number), apply_variant(source(number), key), name, f"{name} (broken: {key})")


def run_text(text: str, cache: Path | None = None) -> Artefacts:
    """Run a state's text in a fresh Python process from the repository root; return its artefacts.

    `cache` is the folder for the state's own pickles (do_test, the test loader's recording); a new
    empty one by default, so the state's own checks only record.
    """
    with tempfile.TemporaryDirectory(prefix="cq4ds-replay-") as folder:
        script, out = Path(folder) / "state.py", Path(folder) / "artefacts.npz"
        script.write_text(text, encoding="utf-8")
        environment = {**os.environ, CACHE_VARIABLE: str(cache or Path(folder) / "cache")}
        command = [sys.executable, str(RUNNER), str(script), str(out)]
        try:
            done = subprocess.run(
                command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=RUN_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise ReplayError(f"the state ran longer than {RUN_SECONDS} s", "run it by hand to see why") from error
        if done.returncode != 0:
            raise ReplayError(
                f"the state failed: {_error_of(done.stderr)}", "run it by hand from the repo root to see why"
            )
        with np.load(out, allow_pickle=False) as saved:
            return {name: saved[name] for name in ARTEFACTS}


def _error_of(stderr: str) -> str:
    """The exception a traceback ends with, its first lines joined; the last line when there is none."""
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()] or ["no error output"]
    starts = [i for i, line in enumerate(lines) if re.match(r"[\w.]+(Error|Exception)\b", line)]
    return " ".join(lines[starts[-1] : starts[-1] + 3]) if starts else lines[-1]


def run_state(number: int, key: str = NO_BREAK, cache: Path | None = None) -> Artefacts:
    """Run state `number`, with the break `key` made first."""
    return run_text(apply_variant(source(number), key), cache)


def reference(cache: Path | None = None) -> Artefacts:
    """The legacy script's artefacts: state 0 is the legacy script plus the hook that hands them over."""
    return run_state(0, NO_BREAK, cache)
