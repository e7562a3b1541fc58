"""Benchmark the clean pipeline against the legacy script it replaces: wall time of a whole run, per database size.

Both sides train and evaluate the notebook recipe on the same generated SQLite database (the exercise layout,
`python -m cq4ds generate --rows N --out passengers_N.db`, seed 0):
  legacy: `python lessons/legacy/titanic_notebook.py`, the file as it is, not edited;
  clean:  `python -m cq4ds run --config configs/notebook.toml --set source.params.path=<db>`.
Each run is a subprocess of its own, timed with time.perf_counter around subprocess.run, so interpreter start,
imports, reading the database, training and evaluation all count: what a user waits for. Both get the same
environment, with one native thread per computation as `make run` sets it (OMP/OPENBLAS/MKL_NUM_THREADS=1) and
without PYTHONDONTWRITEBYTECODE, so the warm-up leaves bytecode as an ordinary install does (with it set, every
clean run recompiles the package's modules: about 0.2 s per run on a 2-core AMD EPYC).
Per size: one untimed warm-up run of each side (disk cache, bytecode, the legacy answer cache), which also checks
that both sides print the same train and test confusion matrices; then `--repeats` timed rounds, each running
legacy and clean once, alternating which goes first, so drift in the machine's load hits both sides equally.
Reported: the median of each side, the ratio clean / legacy of the medians (target: at most 1.05), the machine.

How the legacy script finds the database: it opens the relative path sample_data/titanic.db, hard-coded (no
variable or constant to set). So it runs, by absolute path, in a working folder of its own whose
sample_data/titanic.db is a symlink to the generated database; the clean side runs from the repository root.
Nothing else in the script depends on the working folder (it imports installed packages only).

The legacy regression cache (CQ4DS_LEGACY_CACHE), `--legacy-cache`:
  warm (default): one cache folder per size, filled by the untimed warm-up run; every timed run loads the saved
      answers and compares them. This is the script in its steady state (only its first run ever saves), and
      every timed run does the same work. Never the repository's lessons/legacy/.cache (built from the sample data).
  fresh: an empty folder for every timed run, so each one saves its answers and reads them back.
Either way the legacy side pays for its home-made regression tests, which the clean side does not run.

Run from the repository root: .venv/bin/python bench/clean_vs_legacy.py [--rows 10000 50000] [--repeats 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.room import machine  # noqa: E402

LEGACY = ROOT / "lessons" / "legacy" / "titanic_notebook.py"
CONFIG = "configs/notebook.toml"
TARGET_RATIO = 1.05
ONE_THREAD = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")
MATRIX = re.compile(r"\[\[\s*(\d+)\s+(\d+)\]\s*\[\s*(\d+)\s+(\d+)\]\]")  # numpy's print of a 2x2 int array


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Wall seconds and stdout of one subprocess; exits with its stderr when it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"failed (exit code {done.returncode}) in {cwd}: {' '.join(command)}\n--- stderr ---\n{done.stderr}"
        )
    return seconds, done.stdout


class Sides:
    """The two commands for one generated database, and how each is run."""

    def __init__(self, db: Path, scratch: Path, env: dict[str, str], cache: str) -> None:
        self.db, self.scratch, self.env, self.cache = db, scratch, env, cache
        self.legacy_cwd = scratch / f"legacy_{db.stem}"
        (self.legacy_cwd / "sample_data").mkdir(parents=True)
        (self.legacy_cwd / "sample_data" / "titanic.db").symlink_to(db)
        self.warm_cache = scratch / f"cache_{db.stem}"

    def legacy(self, warm_up: bool = False) -> tuple[float, str]:
        if self.cache == "warm" or warm_up:
            folder = self.warm_cache
        else:
            folder = Path(tempfile.mkdtemp(prefix="cache_", dir=self.scratch))
        env = {**self.env, "CQ4DS_LEGACY_CACHE": str(folder)}
        return run([sys.executable, str(LEGACY)], self.legacy_cwd, env)

    def clean(self, json_out: bool = False) -> tuple[float, str]:
        command = [sys.executable, "-m", "cq4ds", "run", "--config", CONFIG, "--set", f"source.params.path={self.db}"]
        return run([*command, "--json"] if json_out else command, ROOT, self.env)

    def check_same_results(self) -> None:
        """Warm up both sides once (untimed) and check they print the same confusion matrices."""
        _, legacy_out = self.legacy(warm_up=True)
        _, clean_out = self.clean(json_out=True)
        matrices = [[[int(a), int(b)], [int(c), int(d)]] for a, b, c, d in MATRIX.findall(legacy_out)][-2:]
        clean = json.loads(clean_out)
        if matrices != [clean["confusion_train"], clean["confusion_test"]]:
            raise SystemExit(
                f"the two sides disagree on {self.db.name}, so their times are not comparable:\n"
                f"legacy train, test: {matrices}\n"
                f"clean train, test:  {[clean['confusion_train'], clean['confusion_test']]}"
            )


def measure(rows: int, repeats: int, scratch: Path, env: dict[str, str], cache: str) -> dict:
    db = scratch / f"passengers_{rows}.db"
    run([sys.executable, "-m", "cq4ds", "generate", "--rows", str(rows), "--out", str(db)], ROOT, env)
    sides = Sides(db, scratch, env, cache)
    sides.check_same_results()
    times: dict[str, list[float]] = {"legacy": [], "clean": []}
    for i in range(repeats):
        order = ("legacy", "clean") if i % 2 == 0 else ("clean", "legacy")
        for side in order:
            seconds, _ = getattr(sides, side)()
            times[side].append(seconds)
            print(f"{rows:,} rows, round {i + 1}/{repeats}: {side} {seconds:.2f} s", file=sys.stderr, flush=True)
    legacy, clean = statistics.median(times["legacy"]), statistics.median(times["clean"])
    return {
        "rows": rows,
        "legacy_median_s": round(legacy, 3),
        "clean_median_s": round(clean, 3),
        "ratio": round(clean / legacy, 3),
        "target_met": clean / legacy <= TARGET_RATIO,
        "legacy_s": [round(s, 3) for s in times["legacy"]],
        "clean_s": [round(s, 3) for s in times["clean"]],
    }


def code_state() -> str:
    """The commit measured, and whether the code the two sides run has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "cq4ds", "configs", "lessons/legacy"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    changed = ", ".join(line[3:] for line in dirty if line.strip())
    return f"commit {head}, uncommitted changes in cq4ds/, configs/, lessons/legacy/: {changed or 'none'}"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000], help="generated database sizes")
    parser.add_argument("--repeats", type=int, default=5, help="timed rounds per size (each runs both sides once)")
    parser.add_argument("--legacy-cache", choices=("warm", "fresh"), default="warm", help="see above")
    parser.add_argument("--json", action="store_true", help="print JSON too")
    args = parser.parse_args()

    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"} | ONE_THREAD
    load_before, began = load(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cq4ds-bench-") as folder:
        results = [measure(rows, args.repeats, Path(folder), env, args.legacy_cache) for rows in args.rows]
    total = time.perf_counter() - began
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    about = {
        "machine": machine(),
        "usable_cores": usable,
        "code": code_state(),
        "legacy_cache": args.legacy_cache,
        "repeats": args.repeats,
        "target_ratio": TARGET_RATIO,
        "load_before": load_before,
        "load_after": load(),
        "total_s": round(total),
    }

    print("## The clean pipeline against the legacy script (wall time of one whole run)\n")
    print("| rows | legacy median s | clean median s | clean / legacy | legacy min–max s | clean min–max s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['rows']:,} | {r['legacy_median_s']:.2f} | {r['clean_median_s']:.2f} | {r['ratio']:.2f} | "
            f"{min(r['legacy_s']):.2f}–{max(r['legacy_s']):.2f} | {min(r['clean_s']):.2f}–{max(r['clean_s']):.2f} |"
        )
    print()
    missed = [f"{r['rows']:,} rows ({r['ratio']:.2f})" for r in results if not r["target_met"]]
    print(f"- target: clean / legacy <= {TARGET_RATIO}: " + (f"not met at {', '.join(missed)}" if missed else "met"))
    print(f"- machine: {about['machine']}, {usable} usable cores; one native thread per computation")
    print(f"- code: {about['code']}")
    print(
        f"- {args.repeats} timed rounds per size after one warm-up of each side; legacy cache: {args.legacy_cache}; "
        f"same confusion matrices on both sides: yes; total {about['total_s']} s"
    )
    print(f"- load average before: {load_before}; after: {about['load_after']}")
    if args.json:
        print(json.dumps({**about, "sizes": results}, indent=2))


if __name__ == "__main__":
    main()
