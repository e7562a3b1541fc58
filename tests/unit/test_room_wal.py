"""The room's write-ahead log outlives each call: the process holds one idle connection to each room it uses."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from course.room import codes, store, wal

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _nothing_held():
    """Each test starts and ends with no room held (other tests' rooms let go)."""
    for path in wal.held():
        wal.release(path)
    yield
    for path in wal.held():
        wal.release(path)


def _log(room: store.Room) -> Path:
    return Path(f"{room.path}-wal")


def _open_and_close(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("SELECT count(*) FROM events").fetchone()
    raw.close()


def test_the_last_connection_to_close_deletes_the_log_unless_one_is_held(tmp_path):
    room = store.open_new(tmp_path)
    _open_and_close(room.path)
    assert not _log(room).exists()  # SQLite's way: the last close checkpoints the log and deletes it

    room.join("Ada")  # any call holds the room
    assert wal.held() == [room.path]
    _open_and_close(room.path)
    assert _log(room).exists()  # no close is the last one now


def test_every_kind_of_call_keeps_the_log(tmp_path):
    room = store.open_new(tmp_path)
    ada = room.join("Ada")
    room.record(ada, "visit", "pages/eos.py")
    room.report("Bea", "exercise", [{"port": "source", "kind": "csv", "passed": True, "checks": []}])
    assert room.released_up_to() is None and room.nickname(ada) == "Ada"
    assert len(room.snapshot().events) == 4
    assert _log(room).exists() and wal.held() == [room.path]


def test_what_was_recorded_survives_the_server_dying_with_the_log_unmerged(tmp_path):
    """The server process ends without closing anything (a crash): the next one reads every event from the log."""
    script = (
        "import os, sys; from pathlib import Path; from course.room import store\n"
        "room = store.open_new(Path(sys.argv[1]))\n"
        "ada = room.join('Ada'); room.record(ada, 'visit', 'pages/eos.py'); room.release('pages/eos.py')\n"
        "assert Path(f'{room.path}-wal').exists()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, check=True, timeout=60)
    again = store.existing(tmp_path, store.listed(tmp_path)[0])
    snapshot = again.snapshot()
    assert list(snapshot.events["kind"]) == ["join", "visit"] and snapshot.released_up_to == "pages/eos.py"


def test_at_most_a_few_rooms_are_held_the_least_recently_used_let_go_first(tmp_path):
    rooms = [store.open_new(tmp_path) for _ in range(wal.HELD + 2)]
    for room in rooms:
        room.join("Ada")
    rooms[2].join("Bea")  # used again: now the most recent
    assert wal.held() == [room.path for room in [*rooms[3:], rooms[2]]]  # rooms 0 and 1 let go


def test_deleting_a_room_lets_it_go_first(tmp_path):
    room = store.open_new(tmp_path)
    room.join("Ada")
    store.delete(tmp_path, room.code)
    assert wal.held() == [] and list(tmp_path.iterdir()) == []


def test_a_room_deleted_elsewhere_and_made_again_is_held_anew(tmp_path, monkeypatch):
    """Another process deleted the file held here and opened a room under the same code: the new file is held."""
    monkeypatch.setattr(codes, "new_code", lambda: "TEAM7")
    room = store.open_new(tmp_path)
    room.join("Ada")
    for path in (room.path, _log(room), Path(f"{room.path}-shm")):
        os.unlink(path)  # as another server process's delete does
    again = store.open_new(tmp_path)
    assert again.path == room.path
    again.join("Bea")
    _open_and_close(again.path)
    assert _log(again).exists()
    assert list(again.snapshot().events["kind"]) == ["join"]


def test_holding_a_missing_or_broken_file_holds_nothing_and_creates_nothing(tmp_path):
    missing = tmp_path / "ROOM7.sqlite3"
    wal.hold(missing)
    assert not missing.exists() and wal.held() == []
    broken = tmp_path / "ROOM8.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    wal.hold(broken)
    assert wal.held() == []
