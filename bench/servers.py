"""What the server's compiled event loop and HTTP parser save: the same requests to two servers side by side.

requirements.txt installs uvloop and httptools: Streamlit then runs its server's event loop on uvloop, and
uvicorn parses HTTP with httptools. This starts two servers as `make room` does (serve.py), each with a room
open: one as installed, one whose Python cannot import either (a folder first on its PYTHONPATH holds a
`uvloop` and an `httptools` that raise ModuleNotFoundError, so Streamlit and uvicorn fall back to asyncio's own
loop and to h11, as they do where neither is installed). Then `--turns` turns of the same work on each server,
the two taking turns to go first: one wire session (tests/e2e/wire.py) that trains the four models for a seed of
its own and then swaps among them `--swaps` times (results the session kept, as most of a room's swaps are),
`--posts` laptop reports to the room's route, and as many health checks. Each server's CPU time per request is
its own process's; a turn takes seconds, so the machine's drift over minutes falls on both servers alike.
Reports every turn's figures, their medians, and the medians' ratio (compiled / Python).

Run from the repository root (needs `make setup`):
    .venv/bin/python bench/servers.py [--turns 4] [--swaps 40] [--posts 400]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench.parts import WARM_SWAPS, swapping  # noqa: E402
from bench.posts import batch, health  # noqa: E402
from bench.served import emit, room_server  # noqa: E402
from cq4ds.grading import Graded, grade_file  # noqa: E402
from cq4ds.grading.report import ROUTE, Target, payload, post  # noqa: E402
from cq4ds.grading.setup import REFERENCE  # noqa: E402
from tests.e2e.harness import Server  # noqa: E402

BLOCKED = ("uvloop", "httptools")
KINDS = ("compiled", "python")
MEASURES = ("swap", "post", "health check")


def blocker() -> Path:
    """A folder of modules named after BLOCKED whose import fails as if they were not installed."""
    folder = Path(tempfile.mkdtemp(prefix="cq4ds-blocked-"))
    for name in BLOCKED:
        (folder / f"{name}.py").write_text(f"raise ModuleNotFoundError('{name} is blocked here', name='{name}')\n")
    return folder


def loaded(server: Server, name: str) -> bool:
    """Whether the compiled module of `name` is mapped into the server's process."""
    return f"/{name}/" in Path(f"/proc/{server.pid}/maps").read_text()


def turn(server: Server, code: str, seed: int, swaps: int, posts: int, graded: tuple[Graded, ...]) -> dict[str, float]:
    """One turn of the work on `server`: its CPU ms per cached swap, per post and per health check."""
    query = f"split.random_state={seed}"
    asyncio.run(swapping(server, query, WARM_SWAPS))
    cpu = server.cpu_seconds()
    asyncio.run(swapping(server, query, swaps))
    swap_ms = 1000 * (server.cpu_seconds() - cpu) / swaps
    bodies = [
        (where, payload(where, graded))
        for where in (Target(f"{server.url}{ROUTE}", code, f"t{seed} {n:03d}") for n in range(40))
    ]
    sent = batch(
        server, [lambda w=w, b=b: post(w, b)[0] for w, b in (bodies[n % len(bodies)] for n in range(posts))], 4
    )
    checks = batch(server, [lambda: health(server.url)] * posts, 4)
    if sent["failed"] or checks["failed"]:
        raise SystemExit(f"{sent['failed']} posts and {checks['failed']} health checks failed")
    return {
        "swap": round(swap_ms, 1),
        "post": sent["server_cpu_ms_per_request"],
        "health check": checks["server_cpu_ms_per_request"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=4, help="turns on each server, taking turns to go first")
    parser.add_argument("--swaps", type=int, default=40, help="measured swaps per turn")
    parser.add_argument("--posts", type=int, default=400, help="posts (and health checks) per turn")
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()

    graded = grade_file(REFERENCE)
    blocked = blocker()
    python_path = os.pathsep.join(filter(None, [str(blocked), os.environ.get("PYTHONPATH")]))
    load = os.getloadavg()
    figures: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    with (
        room_server("compiled") as (compiled, compiled_room),
        room_server("python", {"PYTHONPATH": python_path}) as (
            python,
            python_room,
        ),
    ):
        servers = {"compiled": (compiled, compiled_room.code), "python": (python, python_room.code)}
        found = {kind: {name: loaded(server, name) for name in BLOCKED} for kind, (server, _) in servers.items()}
        if not all(found["compiled"].values()) or any(found["python"].values()):
            raise SystemExit(f"the servers do not run as meant: compiled modules loaded {found}")
        for number in range(args.turns):
            order = KINDS if number % 2 == 0 else KINDS[::-1]
            for kind in order:
                server, code = servers[kind]
                figures[kind].append(turn(server, code, 900 + number, args.swaps, args.posts, graded))
    medians = {kind: {m: statistics.median(t[m] for t in figures[kind]) for m in MEASURES} for kind in KINDS}
    summary = {
        "turns": figures,
        "median_server_cpu_ms": medians,
        "compiled_over_python": {m: round(medians["compiled"][m] / medians["python"][m], 2) for m in MEASURES},
        "swaps_per_turn": args.swaps,
        "posts_per_turn": args.posts,
    }
    emit(summary, args.json, load)


if __name__ == "__main__":
    main()
