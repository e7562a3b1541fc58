"""What the laptops' posts do to the participants' swaps: swaps in quiet blocks against swaps while laptops post.

Starts the server as `make room` does (serve.py), with a room open, and runs `--turns` turns at each rate of
`--rates` (posts a second; the rates taking turns to go first). In a turn, `--sessions` wire sessions
(tests/e2e/wire.py) each train the four models for a seed of their own and then swap among them (results the
session kept, as most of a room's swaps are), `--think` seconds after each result, in blocks of `--swaps` swaps:
a quiet block, then one while laptops post at the rate (from `--names` participants, none past the route's
limit), `--blocks` times, so the machine's drift over minutes falls on both kinds of block alike. Rate 0 is the
control: its "posting" blocks post nothing, so any ratio it shows comes from the blocks' order. Reports for each
rate the swaps' p50 and p95 in quiet and posting blocks, their ratio (posting / quiet) overall and per turn, the
cores the server kept busy in each kind of block, and the posts' round trip.

60 laptops posting every 5 s, as bench/room.py's room phases have them, post 12 times a second; a real room's
laptops post once per check run.

Run from the repository root (needs `make setup`):
    .venv/bin/python bench/posting.py [--turns 4] [--rates 0 12 40] [--sessions 4] [--swaps 12] [--blocks 3]
        [--think 0.3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench.parts import WARM_SWAPS  # noqa: E402
from bench.served import emit, room_server  # noqa: E402
from course.room.route import POSTS_PER_MINUTE  # noqa: E402
from cq4ds.grading import Graded, grade_file  # noqa: E402
from cq4ds.grading.report import ROUTE, Target, payload, post  # noqa: E402
from cq4ds.grading.setup import REFERENCE  # noqa: E402
from tests.e2e.harness import Server  # noqa: E402
from tests.e2e.room import CARDS, LAB_PAGE, MODEL_BOX, MODELS, percentile, spread  # noqa: E402
from tests.e2e.wire import WireSession  # noqa: E402

BLOCKS = ("quiet", "posting")


@contextmanager
def posting(server: Server, code: str, graded: tuple[Graded, ...], rate: float, names: int) -> Iterator[dict]:
    """Laptops posting to `server`'s room at `rate` posts a second (none at 0) while the block runs: what they saw."""
    bodies = [
        (where, payload(where, graded))
        for where in (Target(f"{server.url}{ROUTE}", code, f"laptop {n:03d}") for n in range(names))
    ]
    seen: dict = {"sent": 0, "failed": 0, "round_trip_s": []}
    stop = threading.Event()

    def laptops() -> None:
        due = time.perf_counter()
        while not stop.is_set():
            where, body = bodies[seen["sent"] % names]
            started = time.perf_counter()
            ok = post(where, body)[0]
            seen["round_trip_s"].append(time.perf_counter() - started)
            seen["sent"] += 1
            seen["failed"] += not ok
            due += 1 / rate
            stop.wait(max(0.0, due - time.perf_counter()))

    sender = threading.Thread(target=laptops, daemon=True)
    if rate > 0:
        sender.start()
    try:
        yield seen
    finally:
        stop.set()
        if rate > 0:
            sender.join()


async def swapper(server: Server, seed: int, args: argparse.Namespace, phases: list[str], out: dict) -> None:
    """One session: trains the four models for `seed`, then quiet and posting blocks of swaps (`args`), each
    block begun when `phases` says so and each swap `args.think` seconds after the last one's result; its swaps'
    seconds by block."""
    async with WireSession(server.url, LAB_PAGE, f"split.random_state={seed}", CARDS) as session:
        await session.open()
        for number in range(WARM_SWAPS):
            await session.choose(MODEL_BOX, MODELS[number % len(MODELS)])
        out["warm"] += 1
        for block in range(2 * args.blocks):
            while len(phases) <= block:
                await asyncio.sleep(0.01)
            for number in range(args.swaps):
                await asyncio.sleep(args.think)
                run = await session.choose(MODEL_BOX, MODELS[number % len(MODELS)])
                if run.errors:
                    raise SystemExit(f"a swap showed an error: {run.errors[0]}")
                out[phases[block]].append((run.finished_at or time.perf_counter()) - run.started)
            out["done"][block] += 1


async def turn(
    server: Server, code: str, seed: int, rate: float, args: argparse.Namespace, graded: tuple[Graded, ...]
) -> dict:
    """One turn on `server` with posts at `rate` in the posting blocks: the swaps by block, the posts, and the
    server's CPU in each kind of block."""
    out: dict = {"quiet": [], "posting": [], "done": [0] * (2 * args.blocks), "warm": 0}
    phases: list[str] = []
    tasks = [asyncio.create_task(swapper(server, seed * 10 + n, args, phases, out)) for n in range(args.sessions)]
    while out["warm"] < args.sessions:  # the blocks begin once every session has trained its models
        await asyncio.sleep(0.02)
    posts: dict = {"sent": 0, "failed": 0, "round_trip_s": []}
    used = {kind: {"server": 0.0, "wall": 0.0} for kind in BLOCKS}
    for block in range(2 * args.blocks):
        kind = BLOCKS[block % 2]
        before = server.cpu_seconds(), time.perf_counter()
        with posting(server, code, graded, rate if kind == "posting" else 0, args.names) as seen:
            phases.append(kind)
            while out["done"][block] < args.sessions:
                await asyncio.sleep(0.02)
        used[kind]["server"] += server.cpu_seconds() - before[0]
        used[kind]["wall"] += time.perf_counter() - before[1]
        for key in ("sent", "failed"):
            posts[key] += seen[key]
        posts["round_trip_s"] += seen["round_trip_s"]
    await asyncio.gather(*tasks)
    return {
        "quiet_s": out["quiet"],
        "posting_s": out["posting"],
        "posts": posts["sent"],
        "failed_posts": posts["failed"],
        "post_round_trip_s": posts["round_trip_s"],
        "used": used,
    }


def summarize(turns: list[dict]) -> dict[str, object]:
    quiet = [s for t in turns for s in t["quiet_s"]]
    loaded = [s for t in turns for s in t["posting_s"]]
    posts = sum(t["posts"] for t in turns)
    return {
        "swap_s": {"quiet": spread(quiet), "posting": spread(loaded)},
        "p50_posting_over_quiet": round(statistics.median(loaded) / statistics.median(quiet), 2),
        "p95_posting_over_quiet": round(percentile(loaded, 0.95) / percentile(quiet, 0.95), 2),
        "p95_per_turn_posting_over_quiet": [
            round(percentile(t["posting_s"], 0.95) / percentile(t["quiet_s"], 0.95), 2) for t in turns
        ],
        "posts": posts,
        "failed_posts": sum(t["failed_posts"] for t in turns),
        "post_round_trip_s": spread([s for t in turns for s in t["post_round_trip_s"]]),
        "posts_per_second": round(posts / sum(t["used"]["posting"]["wall"] for t in turns), 1),
        "server_cores_busy": {kind: busy(turns, kind) for kind in BLOCKS},
    }


def busy(turns: list[dict], kind: str) -> float:
    """How many cores the server kept busy in the blocks of `kind`."""
    return round(sum(t["used"][kind]["server"] for t in turns) / sum(t["used"][kind]["wall"] for t in turns), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=4, help="turns at each rate, the rates taking turns to go first")
    parser.add_argument(
        "--rates",
        type=float,
        nargs="+",
        default=[0.0, 12.0, 40.0],
        help="posts a second while posting (0: the control)",
    )
    parser.add_argument("--sessions", type=int, default=4, help="wire sessions swapping at once")
    parser.add_argument("--swaps", type=int, default=12, help="swaps per session in each block")
    parser.add_argument("--blocks", type=int, default=3, help="quiet and posting blocks per turn")
    parser.add_argument("--think", type=float, default=0.3, help="seconds each session waits before a swap")
    parser.add_argument("--names", type=int, default=120, help="participants the posts come from")
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()
    if max(args.rates) > args.names * POSTS_PER_MINUTE / 60:
        raise SystemExit(f"--names {args.names} can post at most {args.names * POSTS_PER_MINUTE / 60:g} times a second")

    graded = grade_file(REFERENCE)
    load = os.getloadavg()
    turns: dict[float, list[dict]] = {rate: [] for rate in args.rates}
    with room_server("posting") as (server, room):
        for number in range(args.turns):
            order = args.rates if number % 2 == 0 else args.rates[::-1]
            for rate in order:
                turns[rate].append(asyncio.run(turn(server, room.code, 900 + number, rate, args, graded)))
                print(f"{rate:g}/s", number, summarize(turns[rate][-1:])["swap_s"], flush=True)
    summary = {f"{rate:g} posts a second": summarize(found) for rate, found in turns.items()} | {
        "settings": {k: v for k, v in vars(args).items() if k != "json"}
    }
    emit(summary, args.json, load)


if __name__ == "__main__":
    main()
