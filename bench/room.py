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

`--hostile-upload`: two rooms back to back on the same server, `--minutes` each, with the same
participants (new sessions): a quiet one, then one with an extra browser participant that, instead of
swapping, uploads the heaviest files the Lab allows one after another (tests/e2e/hostile.py
`heavy_uploads`: 10,000 passengers, trained; 50,000, refused at the cap; 10,000 with names filling the
file to just under the upload limit, trained; SQLite recursive views of a million rows and without end,
refused at the cap or stopped after 10 s). Reports each room's figures (the server's peak memory is
reset between them), the others' p95 in the hostile room against the quiet one (target: at most
HOSTILE_P95_RATIO times), the queue waits of the run gate and what the heavy participant saw.

`--room`: two rooms back to back on a server in room mode (serve.py, as `make room` starts it): the
participants outside any room, then the same participants (new sessions) joined to one room, while each
one's laptop posts a real grade to the room's route every `--post-every` seconds from its participant's
arrival on, and the instructor's dashboard, opened before anyone arrives, stays open in one more browser
(tests/e2e/classroom.py). Reports every event accounted for (target: none lost), the dashboard's refresh p95
(target: bench/verdicts.py) and the swaps' p95 in the room against outside. The first phase meets a cold
server; `--warm-up` runs the participants once outside before both phases (not compared), `--room-first` runs
the room first, `--rounds N` runs the pair N times in turn and compares the swaps pooled over the rounds (the
p95 of one 2-minute phase swings with its arrivals: each phase's p95 is reported beside the pooled one, and how
far apart the rounds of the same phase ran). To see what each part of the room costs: `--post-every 0`
(no laptops), `--no-dashboard`. `--windows S`: no outside phase; in one room phase the laptops post and the
dashboard refreshes only in every other window of S seconds, and the swaps begun and ended in the on windows are
compared with those in the off ones (tests/e2e/windows.py: the machine's drift over minutes falls on both alike).

Run from the repository root (needs `make setup browser`):
    .venv/bin/python bench/room.py [--participants 30] [--browsers 10] [--minutes 3] [--think 20]
    .venv/bin/python bench/room.py --hostile-upload --participants 10 --browsers 3 --minutes 2 --think 10
    .venv/bin/python bench/room.py --room --warm-up --participants 60 --browsers 4 --minutes 2 --think 40
    .venv/bin/python bench/room.py --room --windows 15 --participants 30 --browsers 4 --minutes 8 --think 40
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)  # configs/ and sample_data/ are relative to the repository root

from bench.verdicts import PAIR, ROOM_PHASE, alike, pool, room_verdicts  # noqa: E402
from course.room import place, store  # noqa: E402
from tests.e2e import classroom, hostile, windows  # noqa: E402
from tests.e2e.harness import Server, browsers_cpu_seconds, renice_renderers, serve  # noqa: E402
from tests.e2e.room import (  # noqa: E402
    Participant,
    Report,
    ambiguous,
    cast,
    expected_metrics,
    percentile,
    run_room,
)

SHOTS = ROOT / "artifacts" / "screenshots" / "room"
P95_TARGET_S = 2.0
HOSTILE_P95_RATIO = 1.5  # the others' p95 with a heavy uploader in the room, against the quiet room's
SPEED_WORK = 20_000  # squares summed: a fixed piece of pure-Python work (about 2 ms here), timed twice a second
HEAVY_ROUND_S = 20  # about how long one round of heavy files takes (to make enough of them beforehand)


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), platform.processor())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024**2
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, Python {platform.python_version()}"


def reset_peak_memory(pid: int) -> bool:
    """Reset the process's peak resident memory (VmHWM) to its current one, so a phase measures its own peak."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument(
        "--browsers", type=int, default=10, help="how many participants use a real browser (the rest: wire sessions)"
    )
    parser.add_argument("--minutes", type=float, default=3.0, help="how long the room runs (each room's phase)")
    parser.add_argument("--think", type=float, default=20.0, help="mean pause between a participant's swaps (s)")
    parser.add_argument("--hostile-every", type=int, default=8, help="every n-th participant tries a hostile input")
    parser.add_argument(
        "--hostile-upload",
        action="store_true",
        help="a quiet room, then the same room plus one browser uploading the heaviest allowed files (see above)",
    )
    parser.add_argument(
        "--room", action="store_true", help="outside a room, then in one with laptops and the dashboard (see above)"
    )
    parser.add_argument(
        "--room-first", action="store_true", help="with --room: the room first, then outside (the order's share)"
    )
    parser.add_argument("--warm-up", action="store_true", help="with --room: one phase outside first, not compared")
    parser.add_argument(
        "--rounds", type=int, default=1, help="with --room: both phases this many times, in turn (swaps pooled)"
    )
    parser.add_argument(
        "--post-every",
        type=float,
        default=classroom.POST_EVERY_S,
        help="with --room: mean seconds between one laptop's posts (0: no laptops)",
    )
    parser.add_argument("--no-dashboard", action="store_true", help="with --room: nobody watches the dashboard")
    parser.add_argument(
        "--windows",
        type=float,
        default=0.0,
        help="with --room: only a room phase, its laptops and dashboard on in every other window of this many s",
    )
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

    load_before = os.getloadavg()
    hostile_every = 0 if args.room else args.hostile_every  # the room's events are counted: every swap as it is
    participants = cast(args.participants, hostile_every, min(args.browsers, args.participants))
    heavy = Participant(len(participants), heavy=True) if args.hostile_upload else None
    started = time.monotonic()
    expected = expected_metrics([*participants, *([heavy] if heavy else [])])
    clashes = ambiguous(expected)
    print(f"expected metrics for {len(expected)} compositions in {time.monotonic() - started:.0f} s", flush=True)
    heavy_files: list[hostile.HeavyFile] = []
    folder = Path(tempfile.mkdtemp(prefix="cq4ds-room-"))
    if heavy:
        rounds = math.ceil(args.minutes * 60 / HEAVY_ROUND_S) + 1
        heavy_files = hostile.heavy_files(folder / "heavy", rounds)
        print(f"{len(heavy_files)} heavy files ({rounds} rounds) in {time.monotonic() - started:.0f} s", flush=True)
    # the heavy participant arrives first: the others arrive and swap while it uploads
    phases = [("quiet", participants), ("hostile", [heavy, *participants])] if heavy else [("room", participants)]
    if args.room:  # the server runs a room: its rooms in this run's folder, a key this script knows
        os.environ.update({place.ROOM_MODE: "1", place.ROOMS: str(folder / "rooms"), place.KEY: os.urandom(12).hex()})
        pair = [("outside", participants), ("in a room", participants)]
        if args.windows:  # the room's load on and off within one phase: no phase outside to compare with
            pair = pair[1:]
        if args.room_first:  # the first phase meets a cold server: its first trainings, caches, arrivals
            pair.reverse()
        phases = [
            (f"{name} {turn}" if args.rounds > 1 else name, people)
            for turn in range(1, args.rounds + 1)
            for name, people in pair
        ]
        if args.warm_up:  # the same participants once before, not compared: both phases then meet a warm server
            phases.insert(0, ("warming up", participants))

    script_runs = folder / "script_runs.jsonl"
    server_cpus = {args.server_core} if args.server_core is not None else None
    if server_cpus:  # the browsers, their driver and this script inherit the other cores
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)) - server_cpus)
    summaries: dict[str, dict[str, object]] = {}
    reports: dict[str, Report] = {}
    script = "serve.py" if args.room else "app.py"
    serving = serve(ROOT / ".streamlit-bench.log", script_runs, server_cpus, script) if not args.url else nullcontext()
    try:
        with serving as server:
            url = server.url if server else args.url
            for name, people in phases:
                print(f"{name}: {len(people)} participants for {args.minutes:g} min", flush=True)
                joined = name.startswith(ROOM_PHASE)
                summary = run_phase(args, server, url, people, expected, script_runs, heavy_files, joined)
                reports[name], summaries[name] = summary
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the heavy files take a few hundred MB

    common = {
        "browsers": sum(participant.browser for participant in participants),
        "think_s": args.think,
        "stagger_s": args.stagger,
        "laptops_post_every_s": args.post_every if args.room else None,
        "dashboard_watched": not args.no_dashboard if args.room else None,
        "on_off_window_s": args.windows or None,
        "renderer_niceness": args.renderer_niceness,
        "server_core": args.server_core,
        "indistinguishable_compositions": clashes,
        "machine": machine(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
    }
    if heavy:
        summary = {**summaries, "comparison": comparison(reports["quiet"], reports["hostile"])} | common
    elif args.room and args.windows:
        summary = summaries | common
    elif args.room:
        pooled = {kind: pool([report for name, report in reports.items() if name.startswith(kind)]) for kind in PAIR}
        summary = {**summaries, "comparison": comparison(*pooled.values()), "alike": alike(reports)} | common
    else:
        summary = summaries["room"] | common
    print(json.dumps(summary, indent=2, default=str))
    errors = [error for report in reports.values() for error in report.errors]
    for error in errors[:20]:
        print("ERROR:", error)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str) + "\n")
    for phase, report in reports.items():
        for name, browser in (("every participant", None), ("on screen in the browsers", True)):
            p95 = report.percentile(0.95, browser)
            if math.isnan(p95):  # no participant of this kind
                continue
            verdict = "meets" if p95 < P95_TARGET_S else "misses"
            where = f"{phase} room, " if heavy else f"{phase}, " if args.room else ""
            print(f"p95 swap-to-result, {where}{name}: {p95:.2f} s, {verdict} the {P95_TARGET_S:.0f} s target")
    if heavy:
        for name, ratio in summary["comparison"]["p95_ratio"].items():
            if ratio is not None:
                verdict = "meets" if ratio <= HOSTILE_P95_RATIO else "misses"
                print(f"p95 hostile / quiet, {name}: {ratio:.2f}, {verdict} the {HOSTILE_P95_RATIO}x target")
    if args.room:
        errors += room_verdicts(summary)
    print(f"errors: {len(errors)}")
    sys.exit(1 if errors or not all(report.completed for report in reports.values()) else 0)


def run_phase(
    args: argparse.Namespace,
    server: Server | None,
    url: str,
    people: list[Participant],
    expected: dict,
    script_runs: Path,
    heavy_files: list[hostile.HeavyFile],
    joined: bool = False,
) -> tuple[Report, dict[str, object]]:
    """One room of `people` for `--minutes` on the running server; its report and its summary.

    `joined`: the people join a room first, their laptops report to it and the instructor watches it.
    """
    samples: list[float] = []
    speed: list[float] = []
    timed = windows.Samples()  # the server's and browsers' CPU and the machine's speed in time: on/off windows
    browsers: dict[int, float] = {}  # the most CPU time seen for each Chromium process (they exit as rooms close)
    runs_before = len(script_runs.read_text().splitlines()) if script_runs.exists() else 0
    load_before = os.getloadavg()
    peak_reset = reset_peak_memory(server.pid) if server else False
    baseline = server.memory_mib() if server else None
    server_cpu = server.cpu_seconds() if server else 0.0

    def tick() -> None:
        if args.renderer_niceness:
            renice_renderers(args.renderer_niceness)
        browsers.update(browsers_cpu_seconds())
        speed.append(fixed_work_ms())
        now = time.perf_counter()
        timed.work.append((now, speed[-1]))
        timed.browsers.append((now, sum(browsers.values())))
        if server:
            samples.append(server.memory_mib())
            timed.cpu.append((now, server.cpu_seconds()))

    seconds = args.minutes * 60
    extra: dict[str, object] = {}
    if joined:
        room = store.open_new(place.folder())
        members = classroom.members(room, people)
        key = os.environ[place.KEY]
        watched = not args.no_dashboard
        phase = asyncio.run(
            classroom.in_room(
                url,
                room.code,
                key,
                members,
                expected,
                seconds,
                args.think,
                args.stagger,
                tick,
                args.post_every,
                watched,
                args.windows,
            )
        )
        report = phase.report
        extra = classroom.summary(room, phase, members)
        if phase.windows:
            extra["on_off"] = windows.compare(report, phase.windows, timed)
    else:
        room = run_room(url, people, expected, seconds, args.think, SHOTS, args.stagger, tick, heavy_files)
        report = asyncio.run(room)
    peak = server.peak_memory_mib() if server else None
    server_cpu = server.cpu_seconds() - server_cpu if server else None

    lines = script_runs.read_text().splitlines()[runs_before:] if script_runs.exists() else []
    runs = [json.loads(line)["seconds"] for line in lines]  # every script run the server finished in this phase
    summary = (
        report.summary()
        | {
            "server_script_runs": len(runs),
            "server_script_p50_s": round(statistics.median(runs), 3) if runs else None,
            "server_script_p95_s": round(percentile(runs, 0.95), 3) if runs else None,
            "server_script_max_s": round(max(runs), 3) if runs else None,
            "server_memory_mib": {
                "at_start": baseline,
                "peak": peak,  # VmHWM: this phase's own when reset, else the process's since it started
                "peak_is_this_phases": peak_reset,
                "peak_sampled": max(samples, default=None),
                "last": samples[-1] if samples else None,
            },
            "cpu_seconds": {"server": server_cpu, "browsers": round(sum(browsers.values()), 1)},
            "fixed_work_ms_p50": round(statistics.median(speed), 3) if speed else None,
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        }
        | extra
    )
    return report, summary


def fixed_work_ms() -> float:
    """The CPU time a fixed piece of pure-Python work takes this thread (never time spent waiting): how fast the
    machine runs at the moment. On a shared host (a VM) the same work can take a third more CPU time from one
    phase to the next; a phase whose figure is higher ran on a slower machine, its own work included."""
    started = time.thread_time()
    sum(number * number for number in range(SPEED_WORK))
    return (time.thread_time() - started) * 1000


def comparison(quiet: Report, loud: Report) -> dict[str, object]:
    """The others' p50/p95 in the quiet room and in the one with the heavy participant, and the ratios."""
    kinds = {"every participant": None, "on screen in the browsers": True, "wire sessions": False}
    p95 = {name: (quiet.percentile(0.95, kind), loud.percentile(0.95, kind)) for name, kind in kinds.items()}
    p50 = {name: (spread_p50(quiet, kind), spread_p50(loud, kind)) for name, kind in kinds.items()}
    return {
        "p95_s": {name: [round(q, 3), round(h, 3)] for name, (q, h) in p95.items() if not math.isnan(q)},
        "p50_s": {name: [round(q, 3), round(h, 3)] for name, (q, h) in p50.items() if not math.isnan(q)},
        "p95_ratio": {name: round(h / q, 2) if q > 0 else None for name, (q, h) in p95.items() if not math.isnan(q)},
        "target_ratio": HOSTILE_P95_RATIO,
    }


def spread_p50(report: Report, browser: bool | None) -> float:
    """The median swap-to-result (nan when there are none)."""
    values = [swap.seconds for swap in report.completed if browser in (None, swap.browser)]
    return statistics.median(values) if values else float("nan")


if __name__ == "__main__":
    main()
