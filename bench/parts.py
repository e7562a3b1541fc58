"""What a room's parts cost the server, each alone: a participant's Lab swap in a room and outside, a dashboard refresh.

Starts the server as `make room` does (serve.py) with one room open, and measures its CPU time (user + system):

1. swaps: one wire session (tests/e2e/wire.py) at a time opens the Lab and swaps the model `--swaps` times, first
   outside any room, then joined to the room (its link carries `room` and `me`), `--turns` times in turn, each
   with a split seed of its own; a session of 8 swaps first trains the four models for that seed, so the measured
   swaps reuse them (as most of a room's swaps do). Reports the server's CPU ms per swap, outside and in the room.
2. dashboard: the room holds `--participants` who joined, visited the Lab and ran it once; the instructor's
   dashboard is open in a headless Chromium (tests/e2e/classroom.py) for `--seconds`: the server's CPU ms per
   refresh (its fragments' self-refreshes, nothing else running).

Run from the repository root (needs `make setup browser`):
    .venv/bin/python bench/parts.py [--swaps 40] [--turns 3] [--participants 60] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench.served import KEY, emit, room_server  # noqa: E402
from course.room import store  # noqa: E402
from tests.e2e import classroom  # noqa: E402
from tests.e2e.harness import Server  # noqa: E402
from tests.e2e.room import CARDS, LAB_PAGE, MODEL_BOX, MODELS  # noqa: E402
from tests.e2e.wire import WireSession  # noqa: E402

WARM_SWAPS = 8  # twice through the four models: each trained once for the seed


async def swapping(server: Server, query: str, swaps: int) -> None:
    """One session on the Lab by `query`, swapping the model `swaps` times, each after the last one's result."""
    async with WireSession(server.url, LAB_PAGE, query, CARDS) as session:
        await session.open()
        for number in range(swaps):
            run = await session.choose(MODEL_BOX, MODELS[number % len(MODELS)])
            if run.errors:
                raise SystemExit(f"a swap showed an error: {run.errors[0]}")


async def swaps(server: Server, room: store.Room, count: int, turns: int) -> dict[str, object]:
    per_swap: dict[str, list[float]] = {"outside": [], "in the room": []}
    for turn in range(turns):
        for where in per_swap:
            query = f"split.random_state={900 + turn}"
            if where == "in the room":
                query += f"&room={room.code}&me={room.join(f'swapper {turn}')}"
            await swapping(server, query, WARM_SWAPS)
            cpu = server.cpu_seconds()
            await swapping(server, query, count)
            per_swap[where].append(round(1000 * (server.cpu_seconds() - cpu) / count, 1))
    return {
        "swaps_per_turn": count,
        "server_cpu_ms_per_swap": per_swap,
        "median_ms": {where: statistics.median(values) for where, values in per_swap.items()},
    }


async def dashboard(server: Server, room: store.Room, participants: int, seconds: float) -> dict[str, object]:
    for number in range(participants):
        person = room.join(f"p{number:02d}")
        room.record(person, "visit", "pages/lab.py")
        room.record(person, "lab", "pages/lab.py", {"milestone": "first run"})
    ready, over = asyncio.Event(), asyncio.Event()
    watching = asyncio.create_task(classroom.dashboard(server.url, KEY, ready, over))
    await ready.wait()
    cpu = server.cpu_seconds()
    await asyncio.sleep(seconds)
    used = server.cpu_seconds() - cpu
    over.set()
    refreshes = await watching
    return {
        "participants": participants,
        "seconds": seconds,
        "refreshes": len(refreshes),
        "server_cpu_s": round(used, 2),
        "server_cpu_ms_per_refresh": round(1000 * used / len(refreshes), 1) if refreshes else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--swaps", type=int, default=40, help="measured swaps per session")
    parser.add_argument("--turns", type=int, default=3, help="sessions outside and in the room, in turn")
    parser.add_argument("--participants", type=int, default=60, help="participants the dashboard shows")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the dashboard is watched")
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()

    load = os.getloadavg()
    with room_server("parts") as (server, room):
        summary = {
            "swaps": asyncio.run(swaps(server, room, args.swaps, args.turns)),
            "dashboard": asyncio.run(dashboard(server, room, args.participants, args.seconds)),
        }
    emit(summary, args.json, load)


if __name__ == "__main__":
    main()
