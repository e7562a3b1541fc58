"""Pacing's cost: a room waiting on a coming-up page, each page asking the server every few seconds if it opened.

Starts the server as `make room` does (serve.py), opens a room paced up to page 1, and has `--waiting`
participants join it and open page 2, which is coming up. They are wire sessions (tests/e2e/wire.py: the
pages' own protocol, no browser); each does what the page does in a browser: it reruns the page's poll fragment
every POLL_SECONDS (room_pacing.POLL_SECONDS), at its own moment. Three phases:

1. connected: everyone on the coming-up page, nobody polling, for `--seconds`: the server's CPU seconds;
2. waiting: everyone polling, for `--seconds`: the server's CPU seconds, and each poll's round trip;
3. opened: the instructor opens page 2 (as the dashboard's button does); how long until each participant's page
   has opened by itself (from the release to the end of the run that draws the page).

Run from the repository root (needs `make setup`):
    .venv/bin/python bench/pacing.py [--waiting 60] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench.served import emit, room_server  # noqa: E402
from course.room import store  # noqa: E402
from course.ui import room_pacing  # noqa: E402
from tests.e2e.harness import Server  # noqa: E402
from tests.e2e.room import spread  # noqa: E402
from tests.e2e.wire import WireSession  # noqa: E402

OPEN, WAIT = "pages/ml_products.py", "pages/tech_debt.py"  # page 1 is open, page 2 is coming up
COMING_UP = "Coming up"  # the coming-up page's heading (room_pacing.coming_up)
OPENED_WITHIN = 60.0  # s: a page that has not opened by then counts as never opened


def coming_up(texts: list[str]) -> bool:
    return any(COMING_UP in text for text in texts)


async def join(url: str, code: str, participant: str) -> tuple[WireSession, str]:
    """A participant's session on the coming-up page: the session and its poll fragment's id."""
    session = WireSession(url, Path(WAIT).stem, f"room={code}&me={participant}", metric_count=0)
    await session.__aenter__()
    first = await session.open()
    if not coming_up(first.texts) or list(first.timers.values()) != [room_pacing.POLL_SECONDS]:
        raise SystemExit(f"page 2 did not show as coming up with its poll: {first.texts[:1]}, {first.timers}")
    return session, next(iter(first.timers))


async def poll(session: WireSession, fragment: str, until: float, rounds: list[float]) -> float | None:
    """Poll as the page does until `until`; each round trip into `rounds`; when the page opened (or None)."""
    await asyncio.sleep(random.uniform(0, room_pacing.POLL_SECONDS))  # every page has its own moment
    while time.perf_counter() < until:
        asked = time.perf_counter()
        run = await session.poll(fragment)
        done = run.finished_at or time.perf_counter()
        rounds.append(done - asked)
        if run.texts and not coming_up(run.texts):
            return done
        await asyncio.sleep(max(0.0, room_pacing.POLL_SECONDS - (done - asked)))
    return None


async def measure(server: Server, room: store.Room, waiting: int, seconds: float) -> dict[str, object]:
    people = [room.join(f"waiting {number:02d}") for number in range(waiting)]
    joined = [await join(server.url, room.code, person) for person in people]
    sessions = [session for session, _ in joined]
    try:
        cpu = server.cpu_seconds()
        await asyncio.sleep(seconds)
        connected = server.cpu_seconds() - cpu

        rounds: list[float] = []
        cpu = server.cpu_seconds()
        until = time.perf_counter() + seconds
        await asyncio.gather(*(poll(session, fragment, until, rounds) for session, fragment in joined))
        polling = server.cpu_seconds() - cpu
        polls = len(rounds)

        released = time.perf_counter()
        room.release(WAIT)
        until = released + OPENED_WITHIN
        opened = await asyncio.gather(*(poll(session, fragment, until, []) for session, fragment in joined))
        within = [at - released for at in opened if at is not None]
    finally:
        for session in sessions:
            await session.__aexit__(None, None, None)
    extra = polling - connected
    return {
        "waiting": waiting,
        "seconds": seconds,
        "server_cpu_s": {"connected, not polling": round(connected, 2), "polling": round(polling, 2)},
        "polls": polls,
        "cpu_ms_per_poll": round(1000 * extra / polls, 2) if polls else None,
        "share_of_one_core": round(extra / seconds, 3),
        "poll_round_trip_s": spread(rounds),
        "opened_within_s": spread(within),
        "never_opened": waiting - len(within),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiting", type=int, default=60, help="participants waiting on the coming-up page")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each of the first two phases")
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()

    load = os.getloadavg()
    with room_server("pacing") as (server, room):
        room.release(OPEN)
        summary = asyncio.run(measure(server, room, args.waiting, args.seconds))
    emit(summary, args.json, load)


if __name__ == "__main__":
    main()
