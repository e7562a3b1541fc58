"""Benchmark the Pipeline Lab's reruns on the server side with Streamlit's AppTest (no browser).

Measures, on the bundled sample data (the notebook recipe: SQLite titanic.db):
  (a) a rerun right after swapping the model: the first time this session sees the composition (it trains)
      and a composition the session ran before (its result is reused);
  (b) a rerun with nothing changed;
  (c) a page switch Start -> Lab and Lab -> Start.
AppTest time is the script run plus AppTest's own reading of the elements; the browser's rendering is not
included. Targets: swap-to-result under 300 ms, a rerun with nothing to recompute under 50 ms.

Run from the repository root: .venv/bin/python bench/lab_rerun.py [--sessions 3] [--swaps 12] [--profile]
    [--native-threads 1]   (caps the OpenMP/BLAS thread pools sklearn uses, as OMP_NUM_THREADS=1 would)
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import io
import logging
import os
import platform
import pstats
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)  # configs/ and sample_data/ are relative to the repository root

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from cq4ds.registry import Registry  # noqa: E402

APP = str(ROOT / "app.py")
LAB, START = "pages/lab.py", "pages/start.py"
MODEL = "lab.model.kind"
TIMEOUT = 300
SWAP_TARGET_MS, IDLE_TARGET_MS = 300, 50


def timed(action: Callable[[], AppTest]) -> tuple[float, AppTest]:
    """Milliseconds `action` takes, and its AppTest; fails on an exception shown in the app."""
    start = time.perf_counter()
    at = action()
    ms = (time.perf_counter() - start) * 1000
    if at.exception:
        raise SystemExit(f"the app showed an exception: {[e.value for e in at.exception]}")
    return ms, at


def open_lab() -> AppTest:
    """A new session on the Lab, after its first run (the notebook recipe)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    return at.switch_page(LAB).run()


def swap(at: AppTest, kind: str) -> AppTest:
    return at.selectbox(key=MODEL).select(kind).run()


NATIVE_POOLS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def cap_native_threads(threads: int) -> None:
    """Restart this script with the native thread pools capped: they read these variables when they load."""
    wanted = str(threads)
    if all(os.environ.get(name) == wanted for name in NATIVE_POOLS):
        return
    env = {**os.environ, **dict.fromkeys(NATIVE_POOLS, wanted)}
    os.execve(sys.executable, [sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]], env)


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def row(name: str, values: list[float]) -> str:
    if not values:
        return f"| {name} | 0 | | | | |"
    return (
        f"| {name} | {len(values)} | {statistics.median(values):.0f} | {p90(values):.0f} | "
        f"{min(values):.0f} | {max(values):.0f} |"
    )


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"cpu: {cpu}, {os.cpu_count()} cores ({usable} usable)",
        f"python {platform.python_version()}, streamlit {st.__version__}, {platform.platform()}",
        f"native thread pools: {thread_pools()} threads",
    ]


def thread_pools() -> str:
    """The native thread pools sklearn's fits use (OpenMP, BLAS) and their sizes."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown"
    return ", ".join(f"{pool['internal_api']} {pool['num_threads']}" for pool in threadpool_info()) or "none"


def quiet_streamlit() -> None:
    """Silence the bare-mode warnings AppTest triggers (no ScriptRunContext, session state outside `streamlit run`)."""
    for name in [name for name in logging.root.manager.loggerDict if name.startswith("streamlit")]:
        logging.getLogger(name).setLevel(logging.ERROR)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def profile(title: str, action: Callable[[], object], top: int = 22) -> None:
    """Print the functions with the largest cumulative time in one call of `action`.

    AppTest runs the page script in a thread of its own, so each new thread gets its own profiler.
    """
    profilers: list[cProfile.Profile] = []

    def start_profiler(*_: object) -> None:
        sys.setprofile(None)
        profiler = cProfile.Profile()
        profilers.append(profiler)
        profiler.enable()

    threading.setprofile(start_profiler)
    try:
        action()
    finally:
        threading.setprofile(None)
    out = io.StringIO()
    stats = pstats.Stats(*profilers, stream=out).sort_stats("cumulative")
    stats.print_stats(top)
    print(f"\n### Profile: {title} (script thread, top {top} by cumulative time)\n")
    lines = out.getvalue().replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "").splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    print("\n".join(line for line in lines[start:] if line.strip()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=3, help="new sessions, each cycling through the models")
    parser.add_argument("--swaps", type=int, default=12, help="model swaps per session")
    parser.add_argument("--idle", type=int, default=50, help="reruns with nothing changed")
    parser.add_argument("--switches", type=int, default=20, help="page switches each way")
    parser.add_argument("--profile", action="store_true", help="profile a cached swap and an idle rerun")
    parser.add_argument(
        "--native-threads", type=int, help="cap OpenMP/BLAS threads (set before sklearn loads: the script restarts)"
    )
    args = parser.parse_args()
    if args.native_threads:
        cap_native_threads(args.native_threads)

    scratch = tempfile.mkdtemp(prefix="cq4ds-bench-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    tempfile.tempdir = scratch  # the Lab's session folders land here and go away at exit
    quiet_streamlit()
    kinds = list(Registry().kinds("model"))
    load_before = load()
    began = time.perf_counter()

    cold_ms, _ = timed(open_lab)  # the process's first Lab run: imports, data load, first training
    quiet_streamlit()  # again: some loggers only exist once the app has run

    opens, fresh, cached = [], [], []
    fresh_by_kind: dict[str, list[float]] = defaultdict(list)
    for session in range(args.sessions):
        open_ms, at = timed(open_lab)
        opens.append(open_ms)
        seen = {at.selectbox(key=MODEL).value}
        # Cycle through the other kinds and back: the first pass trains each, later passes reuse the results.
        order = kinds[1:] + kinds[:1]
        for i in range(args.swaps):
            kind = order[(i + session) % len(order)] if i >= len(order) else order[i]
            if kind == at.selectbox(key=MODEL).value:
                kind = order[(order.index(kind) + 1) % len(order)]
            ms, at = timed(lambda at=at, kind=kind: swap(at, kind))
            if kind in seen:
                cached.append(ms)
            else:
                fresh.append(ms)
                fresh_by_kind[kind].append(ms)
                seen.add(kind)

    idle = [timed(at.run)[0] for _ in range(args.idle)]

    to_lab, to_start = [], []
    for _ in range(args.switches):
        ms, at = timed(lambda at=at: at.switch_page(START).run())
        to_start.append(ms)
        ms, at = timed(lambda at=at: at.switch_page(LAB).run())
        to_lab.append(ms)
    total = time.perf_counter() - began

    print("## Pipeline Lab reruns, server side (streamlit.testing AppTest, no browser)\n")
    print("Data: sample_data/titanic.db through the notebook recipe (1309 passengers, 1047 train / 262 test).\n")
    print("| measurement | n | median ms | p90 ms | min ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print(row("first Lab run in a fresh process (imports, first load, first training)", [cold_ms]))
    print(row("open the Lab in a new session (trains the notebook recipe)", opens))
    print(row("swap the model, first time this composition (trains)", fresh))
    for kind in kinds:
        if fresh_by_kind.get(kind):
            print(row(f"  … of which {kind}", fresh_by_kind[kind]))
    print(row("swap the model, composition seen before in this session (cached result)", cached))
    print(row("rerun with nothing changed", idle))
    print(row("page switch Lab → Start", to_start))
    print(row("page switch Start → Lab", to_lab))
    print()
    for line in machine():
        print(f"- {line}")
    print(f"- load average before: {load_before}; after: {load()}")
    print(f"- {args.sessions} sessions × {args.swaps} swaps over {len(kinds)} model kinds; total {total:.0f} s")
    over = []
    if cached and statistics.median(cached) > SWAP_TARGET_MS:
        over.append(f"cached swap median {statistics.median(cached):.0f} ms > {SWAP_TARGET_MS} ms")
    if statistics.median(idle) > IDLE_TARGET_MS:
        over.append(f"idle rerun median {statistics.median(idle):.0f} ms > {IDLE_TARGET_MS} ms")
    print(f"- targets: swap-to-result < {SWAP_TARGET_MS} ms, nothing-to-recompute rerun < {IDLE_TARGET_MS} ms: "
          + ("; ".join(over) if over else "met"))

    if args.profile:
        at = open_lab()
        swap(at, kinds[1])
        swap(at, kinds[0])
        profile("rerun with nothing changed", at.run)
        profile(f"swap to {kinds[1]}, seen before", lambda: swap(at, kinds[1]))
        fresh_kind = kinds[2] if len(kinds) > 2 else kinds[0]
        profile(f"swap to {fresh_kind}, first time (trains)", lambda: swap(at, fresh_kind))


if __name__ == "__main__":
    main()
