"""What the server benchmarks share: a server in room mode with one room open, and how a summary is given out."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from bench.room import machine
from course.room import place, store
from tests.e2e.harness import ROOT, Server, serve

KEY = "the-bench-instructors-key"


@contextmanager
def room_server(name: str, env: Mapping[str, str] | None = None) -> Iterator[tuple[Server, store.Room]]:
    """The app served as `make room` serves it (serve.py), its rooms in a folder of this run's, one room open;
    `env`: variables set for the server alone."""
    rooms = Path(tempfile.mkdtemp(prefix=f"cq4ds-{name}-")) / "rooms"
    os.environ.update({place.ROOM_MODE: "1", place.ROOMS: str(rooms), place.KEY: KEY})
    try:
        room = store.open_new(place.folder())
        with serve(ROOT / f".streamlit-bench-{name}.log", script="serve.py", env=env) as server:
            yield server, room
    finally:
        shutil.rmtree(rooms.parent, ignore_errors=True)


def emit(summary: dict[str, object], path: Path | None, load_before: tuple[float, float, float]) -> None:
    """Print the summary as JSON, with the machine and its load average before and after the run; write it to
    `path` too when one is given."""
    machine_and_load = {"machine": machine(), "load_average_before": load_before, "load_average_after": os.getloadavg()}
    text = json.dumps(summary | machine_and_load, indent=2, default=str)
    print(text)
    if path:
        path.write_text(text + "\n")
