"""One idle connection to each room a process uses, held open so the room's write-ahead log outlives each call.

Every call of course.room.store opens its own connection and closes it. When the last connection to a WAL
database closes, SQLite checkpoints the log into the database and deletes the log and its index; the next
connection makes them again. In a room that is every call: each post, each page's pacing read, each visit
paid for the checkpoint and the files. While this process holds one connection of its own open, no call's close
is the last: the log stays, and SQLite checkpoints it as usual once it grows past its pages
(`wal_autocheckpoint`). A laptop's post costs the server about a third of the CPU it did (bench/posts.py).

The held connection runs one read when it is opened (so it holds the log's index) and nothing after; it keeps
no one's data. At most HELD rooms are held, the least recently used let go first; a room deleted here is let go
before its files are (`release`), and a file that is not the one held any more (deleted and made again
elsewhere) is held anew.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

HELD = 8  # a server runs one room, or a few at once
_held: OrderedDict[Path, tuple[int, sqlite3.Connection]] = OrderedDict()  # path -> (the file's inode, connection)
_lock = threading.Lock()


def hold(path: Path) -> None:
    """Keep one idle connection to the database at `path` open (it must exist and be in WAL mode)."""
    try:
        inode = os.stat(path).st_ino
    except OSError:
        return  # the caller's own connection says what is wrong
    with _lock:
        known = _held.get(path)
        if known is not None and known[0] == inode:
            _held.move_to_end(path)
            return
        _let_go(path)
        try:
            connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the log's index
        except sqlite3.Error:
            connection.close()
            return
        _held[path] = (inode, connection)
        while len(_held) > HELD:
            _let_go(next(iter(_held)))


def release(path: Path) -> None:
    """Close the connection held to the database at `path`, if any (before its files are deleted)."""
    with _lock:
        _let_go(path)


def held() -> list[Path]:
    """The databases this process holds a connection to, least recently used first."""
    with _lock:
        return list(_held)


def _let_go(path: Path) -> None:
    known = _held.pop(path, None)
    if known is not None:
        known[1].close()
