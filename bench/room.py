"""A room of 30 on one server: many sessions in the Pipeline Lab at once (load and isolation).

Starts the app on a free local port (or uses --url). `--browsers` participants each get a headless
Chromium context; the others are wire sessions (tests/e2e/wire.py) that send the server the same
WebSocket messages a page sends, without drawing. Each participant opens the Lab by a link with its own
split seed and swaps the model again and again, pausing `--think` seconds (0.5x to 1.5x, at random)
between swaps, for `--minutes`. A swap is timed from choosing the model until the five metrics the
package computes for that participant's composition are on screen (browsers) or have arrived (wire):
a result from another session would not match, so it counts as an error (cross-talk), never as a
completed swap. Every `--hostile-every`-th browser participant first tries one hostile input through
the UI (tests/e2e/hostile.py).

Reports completed swaps, errors (must be 0), p50/p95/max swap-to-result for each kind of participant,
the server's own script-run times, its peak memory, the CPU split and the machine. Everything runs on
this machine and shares its cores; in a real room the pages are drawn on the participants' laptops.

Run from the repository root (needs `make setup browser`):
    .venv/bin/python bench/room.py [--participants 30] [--browsers 10] [--minutes 3] [--think 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)  # configs/ and sample_data/ are relative to the repository root

from tests.e2e.harness import browsers_cpu_seconds, renice_renderers, serve  # noqa: E402
from tests.e2e.room import ambiguous, cast, expected_metrics, percentile, run_room  # noqa: E402

SHOTS = ROOT / "artifacts" / "screenshots" / "room"
P95_TARGET_S = 2.0


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), platform.processor())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024**2
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument(
        "--browsers", type=int, default=10, help="how many participants use a real browser (the rest: wire sessions)"
    )
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--think", type=float, default=20.0, help="mean pause between a participant's swaps (s)")
    parser.add_argument("--hostile-every", type=int, default=8, help="every n-th participant tries a hostile input")
    parser.add_argument("--stagger", type=float, default=0.5, help="seconds between participants' arrivals")
    parser.add_argument("--url", help="an app already running (its memory is then not measured)")
    parser.add_argument(
        "--server-core",
        type=int,
        help="run the server alone on this CPU core and everything else on the others (a server machine of its own)",
    )
    parser.add_argument(
        "--renderer-niceness", type=int, default=19, help="CPU priority of the pages' renderers (0: as the server)"
    )
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()

    participants = cast(args.participants, args.hostile_every, min(args.browsers, args.participants))
    started = time.monotonic()
    expected = expected_metrics(participants)
    clashes = ambiguous(expected)
    print(f"expected metrics for {len(expected)} compositions in {time.monotonic() - started:.0f} s", flush=True)

    samples: list[float] = []
    browsers: dict[int, float] = {}  # the most CPU time seen for each Chromium process (they exit as rooms close)
    script_runs = Path(tempfile.mkdtemp(prefix="cq4ds-room-")) / "script_runs.jsonl"
    server_cpus = {args.server_core} if args.server_core is not None else None
    if server_cpus:  # the browsers, their driver and this script inherit the other cores
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)) - server_cpus)
    with serve(ROOT / ".streamlit-bench.log", script_runs, server_cpus) if not args.url else nullcontext() as server:
        url = server.url if server else args.url
        baseline = server.memory_mib() if server else None
        server_cpu = server.cpu_seconds() if server else 0.0

        def tick() -> None:
            if args.renderer_niceness:
                renice_renderers(args.renderer_niceness)
            browsers.update(browsers_cpu_seconds())
            if server:
                samples.append(server.memory_mib())

        seconds = args.minutes * 60
        report = asyncio.run(run_room(url, participants, expected, seconds, args.think, SHOTS, args.stagger, tick))
        peak = server.peak_memory_mib() if server else None
        server_cpu = server.cpu_seconds() - server_cpu if server else None

    lines = script_runs.read_text().splitlines() if script_runs.exists() else []
    runs = [json.loads(line)["seconds"] for line in lines]  # every script run the server finished
    summary = report.summary() | {
        "server_script_runs": len(runs),
        "server_script_p50_s": round(statistics.median(runs), 3) if runs else None,
        "server_script_p95_s": round(percentile(runs, 0.95), 3) if runs else None,
        "server_script_max_s": round(max(runs), 3) if runs else None,
        "browsers": sum(participant.browser for participant in participants),
        "think_s": args.think,
        "server_memory_mib": {"at_start": baseline, "peak": peak, "last": samples[-1] if samples else None},
        "cpu_seconds": {"server": server_cpu, "browsers": round(sum(browsers.values()), 1)},
        "stagger_s": args.stagger,
        "renderer_niceness": args.renderer_niceness,
        "server_core": args.server_core,
        "indistinguishable_compositions": clashes,
        "machine": machine(),
        "load_average_after": os.getloadavg(),
    }
    print(json.dumps(summary, indent=2, default=str))
    for error in report.errors[:20]:
        print("ERROR:", error)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str) + "\n")
    for name, browser in (("every participant", None), ("on screen in the browsers", True)):
        p95 = report.percentile(0.95, browser)
        if math.isnan(p95):  # no participant of this kind
            continue
        verdict = "meets" if p95 < P95_TARGET_S else "misses"
        print(f"p95 swap-to-result, {name}: {p95:.2f} s, {verdict} the {P95_TARGET_S:.0f} s target")
    print(f"errors: {len(report.errors)}")
    sys.exit(1 if report.errors or not report.completed else 0)


if __name__ == "__main__":
    main()
