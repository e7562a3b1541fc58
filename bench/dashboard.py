"""The instructor's dashboard with a full room: how long one refresh takes with 100 participants who did everything.

Fills a room (a real SQLite file in a temporary rooms folder) with `--participants` participants, each with a
whole course's worth of events, as the app records them: a join, a visit to every course page, an answer to
every check question (a fifth of them wrong first, then right), a prediction on every page that asks one, the
Lab's first run and `--swaps` swaps, two stuck flags (one handled), and every exercise reported from a laptop.
Then opens the dashboard as the instructor does (AppTest: the key, the room) and times `--runs` runs of the
page: each is what both of its fragments compute on a refresh (each reads the events recorded since the last
read and builds its tables) plus the page's header and pacing control, so an upper bound of one refresh. Also
times a whole read of the room (`Room.snapshot` with nothing read before), what a dashboard's first refresh does.

Run from the repository root (needs `make setup`):
    .venv/bin/python bench/dashboard.py [--participants 100] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench.room import machine  # noqa: E402
from course.explain import questions  # noqa: E402
from course.room import place, store  # noqa: E402
from course.ui import room_board  # noqa: E402
from course.ui.site import course_order  # noqa: E402
from cq4ds.grading import check_names  # noqa: E402
from cq4ds.grading.exercises import EXERCISES  # noqa: E402
from tests.ui import helpers  # noqa: E402

KEY = "the-bench-instructors-key"


def fill(room: store.Room, participants: int, swaps: int) -> int:
    """A whole course's events for each of `participants`; how many events the room then holds."""
    pages = [entry.script for entry in course_order()]
    rng = random.Random(0)
    start = time.time() - 90 * 60  # a 90-minute session
    for number in range(participants):
        clock = [start + rng.uniform(0, 300)]  # this participant's time, moving on with every event
        who = room.join(f"participant {number:03d}", now=clock[0])

        def record(kind: str, page: str = "", detail: dict | None = None, who: str = who, clock: list = clock) -> None:
            clock[0] += rng.uniform(5, 40)
            room.record(who, kind, page, detail, now=clock[0])

        for page in pages:
            record("visit", page)
            for checks in questions.asked_on(page):
                for key in checks.widget_keys():
                    if rng.random() < 0.2:
                        record("answer", page, {"question": key, "option": 1, "right": False})
                    record("answer", page, {"question": key, "option": 0, "right": True})
                prediction = {"key": f"{checks.key}.predict", "choice": rng.randrange(3), "right": rng.random() < 0.6}
                record("predict", page, prediction)
        record("lab", "pages/lab.py", {"milestone": "first run"})
        for _ in range(swaps):
            record("lab", "pages/lab.py", {"milestone": "swap", "port": "model", "kind": "knn"})
        record("stuck", pages[3])
        record("handled", pages[3])
        record("stuck", pages[9])
        for exercise in EXERCISES:
            names = check_names(exercise.port)
            checks = [{"name": name, "passed": rng.random() < 0.9, "message": "ok"} for name in names]
            passed = all(check["passed"] for check in checks)
            detail = {"port": exercise.port, "kind": exercise.kind, "passed": passed, "checks": checks}
            record("exercise", "", detail)
    return len(room.snapshot().events)


def timed(action, runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return seconds


def spread(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(values):.3f} s, p95 {p95:.3f} s, max {max(values):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--swaps", type=int, default=30, help="Lab swaps per participant")
    parser.add_argument("--runs", type=int, default=20, help="dashboard runs timed")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cq4ds-dashboard-"))
    os.environ.update({place.ROOM_MODE: "1", place.ROOMS: str(folder / "rooms"), place.KEY: KEY})
    room = store.open_new(place.folder())
    started = time.perf_counter()
    events = fill(room, args.participants, args.swaps)
    print(f"{args.participants} participants, {events:,} events written in {time.perf_counter() - started:.0f} s")

    at = helpers.open_app()
    at.switch_page("pages/instructors_room.py").run()
    at.text_input(key=room_board.KEY_FIELD).input(KEY)
    at.button(key="room.unlock").click().run()
    helpers.assert_no_exception(at)
    shown = at.metric[0].value if at.metric else None
    print(f"the dashboard shows {shown} participants")
    read = timed(room.snapshot, args.runs)
    page = timed(at.run, args.runs)
    helpers.assert_no_exception(at)
    print(f"machine: {machine()}; load average before the runs {os.getloadavg()[0]:.2f}")
    print(f"read the whole room (Room.snapshot): {spread(read)}")
    print(f"dashboard page run (both fragments' refresh and the page's header): {spread(page)}")


if __name__ == "__main__":
    main()
