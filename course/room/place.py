"""Where rooms live, whether this server runs in room mode, and the instructor key.

Room mode is on when `CQ4DS_ROOM` is 1 (`make room` sets it). Rooms live in `CQ4DS_ROOMS`, else in a private
folder in the user's data directory (`$XDG_DATA_HOME/cq4ds/rooms`, by default `~/.local/share/cq4ds/rooms`): a
fixed place, so a restarted server finds its rooms again. The folder is created 0700 and refused when it is a
symlink, someone else's, or inside the project's checkout (room data must never land in a commit).

The instructor key is `CQ4DS_INSTRUCTOR_KEY` when set, else the key kept in the rooms folder (`instructor.key`,
0600), made with `secrets.token_urlsafe` the first time it is asked for: by the launcher (`python -m
course.room.place`, which `make room` runs before the server starts and which prints it), or by the server
itself when it was started without the launcher (then the key goes to the server's log). Nothing happens at
import time.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import secrets
import stat
import sys
from pathlib import Path

from course.room.codes import RoomError

ROOM_MODE = "CQ4DS_ROOM"
ROOMS = "CQ4DS_ROOMS"
KEY = "CQ4DS_INSTRUCTOR_KEY"
KEY_FILE = "instructor.key"
CHECKOUT = Path(__file__).resolve().parents[2]
ON = {"1", "true", "yes", "on"}
LOG = logging.getLogger(__name__)


def room_mode() -> bool:
    """Whether this server runs a room (`CQ4DS_ROOM=1`)."""
    return os.environ.get(ROOM_MODE, "").strip().lower() in ON


def folder() -> Path:
    """The rooms folder, created private (0700) if missing; raises RoomError when it is not safe to use."""
    named = os.environ.get(ROOMS, "").strip()
    if named:
        where = Path(named).expanduser().absolute()
    else:
        data = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
        where = Path(data).expanduser().absolute() / "cq4ds" / "rooms"
    if where.resolve().is_relative_to(CHECKOUT):
        raise RoomError(
            f"the rooms folder {where} is inside the project's checkout, where room data could be committed",
            f"set {ROOMS} to a folder outside {CHECKOUT}",
        )
    where.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        where.mkdir(mode=0o700)
    _refuse_unsafe(where)
    return where


def _refuse_unsafe(where: Path) -> None:
    info = where.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise RoomError(f"the rooms folder {where} is a link or not a folder", f"set {ROOMS} to a plain folder")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise RoomError(f"the rooms folder {where} belongs to another user", f"set {ROOMS} to a folder of yours")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(where, 0o700)


def instructor_key(where: Path) -> tuple[str, bool]:
    """The instructor key and whether it was made just now: from the environment, else `where`'s key file."""
    given = os.environ.get(KEY, "").strip()
    if given:
        return given, False
    path = where / KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return _read_key(path), False
    key = secrets.token_urlsafe(16)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key, True


def _read_key(path: Path) -> str:
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) & 0o077:
        raise RoomError(
            f"the instructor key file {path} is a link or readable by others", "delete it; a new key is made"
        )
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise RoomError(f"the instructor key file {path} is empty", "delete it; a new key is made")
    return key


def server_key() -> str:
    """The instructor key, as the server checks it; a key made here (no launcher ran) is written to the log."""
    where = folder()
    key, made = instructor_key(where)
    if made:
        LOG.warning("room mode: instructor key %s (kept in %s)", key, where / KEY_FILE)
    return key


def key_matches(typed: str) -> bool:
    """Whether `typed` is the instructor key (compared in constant time)."""
    return hmac.compare_digest(typed.strip().encode(), server_key().encode())


def announce() -> int:
    """The launcher: make the rooms folder and key, and print where they are and the key, for the terminal."""
    try:
        where = folder()
        key, _ = instructor_key(where)
    except (RoomError, OSError) as error:
        print(f"room mode: {error}", file=sys.stderr)
        return 2
    source = f"from {KEY}" if os.environ.get(KEY, "").strip() else f"kept in {where / KEY_FILE}"
    print(f"room mode: rooms in {where}")
    print(f"room mode: instructor key ({source}): {key}")
    print("room mode: open the page 'Room dashboard (instructors)' and type the key to open a room")
    return 0


if __name__ == "__main__":
    raise SystemExit(announce())
