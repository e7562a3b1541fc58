"""What a laptop's post costs the server: its CPU time per `POST /room/checks`, against a health check's.

Starts the server as `make room` does (serve.py), opens a room, and sends `--posts` real reports (a grade of
the reference solution, as `python -m cq4ds check --room` sends it) from `--clients` threads, spread over
`--names` participants so that none passes the route's limit. Then as many `GET /_stcore/health` requests the
same way: the floor any request costs the server (the connection, the HTTP parsing, the answer). Reports the
server's CPU milliseconds per post and per health check (the server process's user + system time over each
batch, divided by its requests), each request's round trip, and how many reports the room holds (all of them).

Run from the repository root (needs `make setup`):
    .venv/bin/python bench/posts.py [--posts 1200] [--clients 4] [--names 120]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench.served import emit, room_server  # noqa: E402
from cq4ds.grading import grade_file  # noqa: E402
from cq4ds.grading.report import ROUTE, Target, payload, post  # noqa: E402
from cq4ds.grading.setup import REFERENCE  # noqa: E402
from tests.e2e.harness import Server  # noqa: E402
from tests.e2e.room import spread  # noqa: E402

WARM = 20  # requests of each kind before the measured ones
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def batch(server: Server, requests: list[Callable[[], bool]], clients: int) -> dict[str, object]:
    """Send `requests` from `clients` threads: the server's CPU ms per request, round trips, how many failed."""

    def timed(request: Callable[[], bool]) -> tuple[bool, float]:
        started = time.perf_counter()
        ok = request()
        return ok, time.perf_counter() - started

    cpu = server.cpu_seconds()
    with ThreadPoolExecutor(clients) as pool:
        outcomes = list(pool.map(timed, requests))
    used = server.cpu_seconds() - cpu
    return {
        "requests": len(requests),
        "failed": sum(not ok for ok, _ in outcomes),
        "server_cpu_s": round(used, 2),
        "server_cpu_ms_per_request": round(1000 * used / len(requests), 2),
        "round_trip_s": spread([seconds for _, seconds in outcomes]),
    }


def health(url: str) -> bool:
    with NO_PROXY.open(f"{url}/_stcore/health", timeout=10) as response:
        return response.read() == b"ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1200, help="posts (and health checks) to send")
    parser.add_argument("--clients", type=int, default=4, help="threads sending at once")
    parser.add_argument("--names", type=int, default=120, help="participants the posts come from")
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()

    graded = grade_file(REFERENCE)
    load = os.getloadavg()
    with room_server("posts") as (server, room):
        targets = [Target(f"{server.url}{ROUTE}", room.code, f"laptop {n:03d}") for n in range(args.names)]
        bodies = [(where, payload(where, graded)) for where in targets]
        posts = [bodies[n % args.names] for n in range(args.posts)]
        warm = [lambda w=w, b=b: post(w, b)[0] for w, b in bodies[:WARM]]  # both kinds meet a warm server
        batch(server, warm + [lambda: health(server.url)] * WARM, args.clients)
        summary = {
            "posts": batch(server, [lambda w=w, b=b: post(w, b)[0] for w, b in posts], args.clients),
            "health_checks": batch(server, [lambda: health(server.url)] * args.posts, args.clients),
        }
        events = room.snapshot().events
    stored = int((events["kind"] == "exercise").sum())
    per_post = summary["posts"]["server_cpu_ms_per_request"] - summary["health_checks"]["server_cpu_ms_per_request"]
    summary |= {
        "components_per_post": len(graded),
        "exercise_events_stored": stored,
        "server_cpu_ms_per_post_above_a_health_check": round(per_post, 2),
    }
    emit(summary, args.json, load)
    wanted = (args.posts + WARM) * len(graded)
    if stored != wanted or summary["posts"]["failed"]:
        sys.exit(f"the room holds {stored} exercise results of {wanted} posted")


if __name__ == "__main__":
    main()
