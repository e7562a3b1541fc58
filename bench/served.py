"""What the server benchmarks share: a server in room mode with one room open, and how a summary is given out."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from course.room import place, store
from tests.e2e.harness import ROOT, Server, serve

KEY = "the-bench-instructors-key"


@contextmanager
def room_server(name: str) -> Iterator[tuple[Server, store.Room]]:
    """The app served as `make room` serves it (serve.py), its rooms in a folder of this run's, one room open."""
    rooms = Path(tempfile.mkdtemp(prefix=f"cq4ds-{name}-")) / "rooms"
    os.environ.update({place.ROOM_MODE: "1", place.ROOMS: str(rooms), place.KEY: KEY})
    try:
        room = store.open_new(place.folder())
        with serve(ROOT / ".streamlit-bench.log", script="serve.py") as server:
            yield server, room
    finally:
        shutil.rmtree(rooms.parent, ignore_errors=True)


def emit(summary: dict[str, object], path: Path | None) -> None:
    """Print the summary as JSON, and write it to `path` too when one is given."""
    text = json.dumps(summary, indent=2, default=str)
    print(text)
    if path:
        path.write_text(text + "\n")
