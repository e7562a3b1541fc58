"""What a room's read and write cost a participant's page when the server is busy training.

In the server, every participant's page runs in a thread of its own, beside other sessions' trainings. Each
SQLite call gives the interpreter's lock away while SQLite works and must get it back afterwards, behind the
threads that are computing; so in a busy server a room call costs in waits what it makes in lock handovers.
This bench times, in one process, the calls a page makes (the pacing read every run does, rejoining's read,
a visit's write) by `--callers` threads, each every 50 ms: alone, then beside `--trainers` threads training
the notebook recipe's model again and again (`python -m cq4ds train`'s path). As a baseline it times the read
as the store made it before (a connection with the writers' settings: two more statements).

Run from the repository root (needs `make setup`):
    .venv/bin/python bench/contention.py [--callers 5] [--trainers 3] [--seconds 8]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench.served import emit  # noqa: E402
from course.room import store  # noqa: E402
from cq4ds import bootstrap  # noqa: E402
from cq4ds.config_file import load_config  # noqa: E402
from tests.e2e.room import spread  # noqa: E402

CONFIG = ROOT / "configs" / "notebook.toml"
STUCK = frozenset({"stuck", "unstuck", "handled"})


def read_as_before(room: store.Room) -> str | None:
    """The pacing read through a writer's connection (its two settings first), as the store read before."""
    with room._connected() as connection:
        return connection.execute("SELECT released_up_to FROM room").fetchone()[0]


def timed(call: Callable[[str], object], people: list[str], seconds: float, trainers: int) -> dict[str, object]:
    """`call(participant)` by one thread per participant every 50 ms for `seconds`, beside `trainers` trainings."""
    until = time.monotonic() + seconds
    times: list[float] = []
    trained = [0]
    pipeline = bootstrap.build_pipeline(load_config(CONFIG))

    def train() -> None:
        while time.monotonic() < until:
            pipeline.train_and_evaluate()
            trained[0] += 1

    def caller(participant: str) -> None:
        while time.monotonic() < until:
            started = time.perf_counter()
            call(participant)
            times.append(time.perf_counter() - started)
            time.sleep(0.05)

    threads = [threading.Thread(target=train) for _ in range(trainers)]
    threads += [threading.Thread(target=caller, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "ms": {key: round(value * 1000, 1) if key != "n" else value for key, value in spread(times).items()},
        "trainings": trained[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callers", type=int, default=5, help="participants' threads calling the room at once")
    parser.add_argument("--trainers", type=int, default=3, help="threads training beside them")
    parser.add_argument("--seconds", type=float, default=8.0, help="how long each measurement runs")
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()

    room = store.open_new(Path(tempfile.mkdtemp(prefix="cq4ds-contention-")))
    people = [room.join(f"p{number:02d}") for number in range(args.callers)]
    calls: dict[str, Callable[[str], object]] = {
        "pacing read, as before (writer's connection)": lambda _: read_as_before(room),
        "pacing read": lambda _: room.released_up_to(),
        "rejoin read (nickname and stuck flag)": lambda person: room.standing(person, STUCK),
        "visit write": lambda person: room.record(person, "visit", "pages/lab.py"),
    }
    load = os.getloadavg()
    summary: dict[str, object] = {}
    for name, call in calls.items():
        summary[name] = {
            "alone": timed(call, people, args.seconds, 0),
            f"beside {args.trainers} trainings": timed(call, people, args.seconds, args.trainers),
        }
    summary["callers"] = args.callers
    emit(summary, args.json, load)


if __name__ == "__main__":
    main()
