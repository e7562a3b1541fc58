"""Run the change-request variants for real: each side's commands in a fresh folder, timed, with peak memory.

The legacy variants and the package-side files in lessons/changes/ are real programs; this runs them
as a developer would (`python ...` from the repository root) in child processes, so a crash or a
memory-hungry run cannot take the caller down with it.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from subprocess import PIPE

from course.explain.changes import BY_KEY, ROOT

WORK, ROWS = "{work}", "{rows}"
SHOWN_WORK = "$WORK"  # how the run's fresh temporary folder is written in the commands on show
LEGACY_ENV = {"CQ4DS_LEGACY_CACHE": f"{WORK}/cache", "CQ4DS_LEGACY_OUT": WORK}
TIMEOUT_SECONDS = 600
OUTPUT_CHARS = 3000
ROW_CHOICES = (10_000, 100_000, 1_000_000)


def _legacy(key: str) -> tuple[tuple[str, ...], ...]:
    return ((f"lessons/changes/{key}/titanic_notebook.py",),)


def _cli_run(config: str) -> tuple[tuple[str, ...], ...]:
    return (("-m", "cq4ds", "run", "--config", config),)


BIG_FILE = f"{WORK}/big_passengers.parquet"
STORE = f"{WORK}/models"
COMMANDS: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {
    "csv_source": {"legacy": _legacy("csv_source"), "package": _cli_run("lessons/changes/csv_source/notebook.toml")},
    "add_feature": {"legacy": _legacy("add_feature"), "package": (("lessons/changes/add_feature/deck_feature.py",),)},
    "random_forest": {
        "legacy": _legacy("random_forest"),
        "package": _cli_run("lessons/changes/random_forest/notebook.toml"),
    },
    "score_one": {"legacy": _legacy("score_one"), "package": (("lessons/changes/score_one/score_one.py",),)},
    "one_million": {
        "setup": (("-m", "cq4ds", "generate", "--rows", ROWS, "--out", BIG_FILE),),
        "legacy": _legacy("one_million"),
        "package": (
            ("-m", "cq4ds", "run", "--config", "configs/notebook.toml", "--save", "notebook", "--store", STORE),
            (
                *("-m", "cq4ds", "score", "--model", "notebook", "--store", STORE),
                *("--config", "lessons/changes/one_million/score_big.toml"),
                *("--set", f"source.params.path={BIG_FILE}", "--set", f"sink.params.path={WORK}/predictions.parquet"),
            ),
        ),
    },
}


def scales(key: str) -> bool:
    """True when request `key`'s runs read a generated file whose row count the caller chooses."""
    return any(ROWS in arg for commands in COMMANDS[key].values() for command in commands for arg in command)


def shown(key: str, part: str, rows: int) -> list[str]:
    """The commands of one part of a run ("setup", "legacy" or "package") as a developer would type them."""
    return [_text(command, SHOWN_WORK, rows) for command in COMMANDS[key].get(part, ())]


def _text(command: tuple[str, ...], work: str, rows: int) -> str:
    """The command line, quoting only what a shell would split ($WORK stays expandable)."""
    return "python " + " ".join(_quoted(_fill(arg, work, rows)) for arg in command)


def _quoted(arg: str) -> str:
    return arg if re.fullmatch(r"[\w$@%+=:,./-]+", arg) else shlex.quote(arg)


def _fill(arg: str, work: str, rows: int) -> str:
    return arg.replace(WORK, work).replace(ROWS, str(rows))


@dataclass(frozen=True, slots=True)
class CommandRun:
    """One command's outcome: exit code, what it printed, how long it took and its peak memory."""

    command: str
    exit_code: int
    output: str
    error: str  # the last line of what it printed to stderr when it failed: the exception
    seconds: float
    peak_mib: float


@dataclass(frozen=True, slots=True)
class SideRun:
    """A side's commands, run in order until one fails."""

    runs: tuple[CommandRun, ...]

    @property
    def ok(self) -> bool:
        """Every command succeeded."""
        return all(run.exit_code == 0 for run in self.runs)

    @property
    def seconds(self) -> float:
        """Wall-clock seconds of all its commands."""
        return sum(run.seconds for run in self.runs)

    @property
    def peak_mib(self) -> float:
        """The largest peak memory of its commands, in MiB."""
        return max((run.peak_mib for run in self.runs), default=0.0)

    @property
    def output(self) -> str:
        """What its commands printed, one after the other."""
        return "\n".join(run.output.rstrip("\n") for run in self.runs)


def run_request(key: str, rows: int = ROW_CHOICES[0]) -> dict[str, SideRun]:
    """Run request `key`'s setup, then the legacy side, then the package side, in one fresh folder.

    The sides run one after the other, not together, so their times and memory are comparable.
    """
    if key not in BY_KEY:
        raise ValueError(f"unknown change request {key!r}: choose one of {', '.join(BY_KEY)}")
    with tempfile.TemporaryDirectory(prefix="cq4ds-change-") as work:
        return {part: _run_side(commands, work, rows) for part, commands in COMMANDS[key].items()}


def _run_side(commands: tuple[tuple[str, ...], ...], work: str, rows: int) -> SideRun:
    runs: list[CommandRun] = []
    for command in commands:
        runs.append(run_command(command, work, rows))
        if runs[-1].exit_code != 0:
            break
    return SideRun(tuple(runs))


# A child's peak memory counts the memory of the process that started it (Linux keeps the larger of the two),
# so a big caller such as the app's server would hide small runs. This small launcher starts the command and
# reports the command's own peak (ru_maxrss, KiB) in a file.
LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_command(command: tuple[str, ...], work: str, rows: int) -> CommandRun:
    """Run `python <command>` from the repository root, with {work} and {rows} filled in; never raises for it."""
    env = {**os.environ, **{name: _fill(value, work, rows) for name, value in LEGACY_ENV.items()}}
    peak_file = Path(work) / "peak_kib"
    peak_file.unlink(missing_ok=True)
    args = [sys.executable, "-c", LAUNCHER, str(peak_file), sys.executable, *(_fill(a, work, rows) for a in command)]
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=PIPE, stderr=PIPE, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=TIMEOUT_SECONDS)
        error = _last_line(err) if process.returncode else ""
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the launcher and the command it started
        out, err = process.communicate()
        error = f"stopped after {TIMEOUT_SECONDS} s"
    seconds = time.perf_counter() - start
    peak_mib = int(peak_file.read_text()) / 1024 if peak_file.exists() else 0.0
    shown_as = _text(command, SHOWN_WORK, rows)
    return CommandRun(shown_as, process.returncode, _tail(out), error, seconds, peak_mib)


def _last_line(err: bytes) -> str:
    """The last line a failed command printed to stderr: the exception, for Python programs."""
    lines = [line for line in err.decode("utf-8", errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


def _tail(out: bytes) -> str:
    """What a command printed, keeping only the end of a long text."""
    text = out.decode("utf-8", errors="replace")
    return text if len(text) <= OUTPUT_CHARS else "…\n" + text[-OUTPUT_CHARS:]
