"""One room's record: a SQLite database in WAL mode, one file per room in the rooms folder (`<CODE>.sqlite3`).

Three tables: `room` (its code, when it was opened, the page the course is released up to), `participants`
(an id, the nickname as typed, when they joined) and `events` (who, what kind, on which page, a JSON detail,
when). Every call opens its own connection and closes it: sessions run in threads of their own, and a server
restart, or a second server process, reads the same file. WAL lets the dashboard read while participants write;
a writer waits up to `BUSY_SECONDS` for another. The process holds one idle connection to each room it uses
(course.room.wal), so the log outlives each call's connection. The file is created 0600; SQLite gives its -wal
and -shm files the same mode.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from course.room import codes, snapshot, wal
from course.room.codes import RoomError
from course.room.snapshot import Snapshot

SUFFIX = ".sqlite3"
BUSY_SECONDS = 10.0
KINDS = frozenset({"join", "visit", "answer", "predict", "lab", "stuck", "unstuck", "handled", "exercise"})
MAX_PARTICIPANTS = 500
MAX_DETAIL = 2_000  # bytes of JSON per event
DETAIL_LIMITS = {"exercise": 12_000}  # a laptop's graded component: its checks' one-line messages
SCHEMA = """
CREATE TABLE IF NOT EXISTS room (code TEXT PRIMARY KEY, created REAL NOT NULL, released_up_to TEXT);
CREATE TABLE IF NOT EXISTS participants (id TEXT PRIMARY KEY, nickname TEXT NOT NULL, joined REAL NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant TEXT NOT NULL REFERENCES participants(id),
    kind TEXT NOT NULL,
    page TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}',
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_participant ON events(participant, id);
"""
INSERT = "INSERT INTO events (participant, kind, page, detail, at) VALUES (?, ?, ?, ?, ?)"
SEEN_IN_A_BROWSER = "SELECT count(*) FROM events WHERE participant = ? AND kind NOT IN ('join', 'exercise')"


@dataclass(frozen=True)
class Room:
    """One room's database file; every method opens and closes its own connection."""

    path: Path

    @property
    def code(self) -> str:
        return self.path.name.removesuffix(SUFFIX)

    @contextlib.contextmanager
    def _connected(self, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection in one transaction: committed on success, rolled back on error. `immediate`: it holds
        the write lock from its first statement (a read that decides a write: no other writer comes between)."""
        wal.hold(self.path)
        connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        try:
            connection.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable across a crash of the server
            connection.execute("PRAGMA foreign_keys = ON")
            with connection:
                if immediate:
                    connection.execute("BEGIN IMMEDIATE")
                yield connection
        finally:
            connection.close()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for a read: none of the writers' settings (each statement is one more wait for the
        interpreter's lock in a busy server, and a participant's page waits on its reads)."""
        wal.hold(self.path)
        connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        try:
            yield connection
        finally:
            connection.close()

    def journal_mode(self) -> str:
        """The database's journal mode ("wal")."""
        with self._reading() as connection:
            return connection.execute("PRAGMA journal_mode").fetchone()[0]

    def join(self, nickname: str, now: float | None = None) -> str:
        """Add a participant under `nickname` (checked, kept as typed); their new id."""
        name = codes.nickname(nickname)
        with self._connected() as connection:
            return self._join(connection, name, time.time() if now is None else now)

    def join_browser(self, nickname: str) -> str:
        """Join from a browser under `nickname`: the participant whose laptop alone reported under that name so far
        (their exercise results then share the row), else a new participant."""
        name = codes.nickname(nickname)
        with self._connected(immediate=True) as connection:
            known = _named(connection, name)
            if known is not None and not connection.execute(SEEN_IN_A_BROWSER, (known,)).fetchone()[0]:
                return known
            return self._join(connection, name, time.time())

    def report(self, nickname: str, kind: str, details: Sequence[Mapping[str, object]]) -> str:
        """Add one `kind` event per detail to the participant who joined latest under `nickname` (letters compared
        regardless of case), joining them first when nobody did: all in one transaction, so two reports under a
        new name make one participant. Their id."""
        name = codes.nickname(nickname)
        texts = [_detail(kind, detail) for detail in details]
        at = time.time()
        with self._connected(immediate=True) as connection:
            participant = _named(connection, name) or self._join(connection, name, at)
            connection.executemany(INSERT, [(participant, kind, "", text, at) for text in texts])
        return participant

    def _join(self, connection: sqlite3.Connection, name: str, at: float) -> str:
        (count,) = connection.execute("SELECT count(*) FROM participants").fetchone()
        if count >= MAX_PARTICIPANTS:
            raise RoomError(f"room {self.code} is full ({MAX_PARTICIPANTS} participants)", "ask your instructor")
        participant = codes.new_participant()
        connection.execute("INSERT INTO participants VALUES (?, ?, ?)", (participant, name, at))
        connection.execute(INSERT, (participant, "join", "", "{}", at))
        return participant

    def nickname(self, participant: str) -> str | None:
        """The nickname of `participant`, or None when no such participant joined this room."""
        return self.standing(participant, frozenset())[0]

    def standing(self, participant: str, kinds: frozenset[str]) -> tuple[str | None, str | None]:
        """The nickname of `participant` (None when no such participant joined this room) and the kind of their
        latest event among `kinds` (None when none), in one read."""
        if not codes.is_participant(participant):
            return None, None
        with self._reading() as connection:
            row = connection.execute("SELECT nickname FROM participants WHERE id = ?", (participant,)).fetchone()
            return (None, None) if row is None else (row[0], _last_of(connection, participant, kinds))

    def named(self, nickname: str) -> str | None:
        """The id of the participant who joined latest under `nickname` (letters compared regardless of case)."""
        with self._reading() as connection:
            return _named(connection, nickname)

    def record(
        self,
        participant: str,
        kind: str,
        page: str = "",
        detail: Mapping[str, object] | None = None,
        now: float | None = None,
    ) -> None:
        """Add one event of `participant`'s (a known kind, a JSON detail of at most MAX_DETAIL bytes)."""
        text = _detail(kind, detail)
        at = time.time() if now is None else now
        with self._connected() as connection:
            connection.execute(INSERT, (participant, kind, page, text, at))

    def last_of(self, participant: str, kinds: frozenset[str]) -> str | None:
        """The kind of `participant`'s latest event among `kinds` (e.g. whether "stuck" was since "handled")."""
        with self._reading() as connection:
            return _last_of(connection, participant, kinds)

    def release(self, script: str | None) -> None:
        """Release the course up to the page `script` (None: every page is open)."""
        with self._connected() as connection:
            connection.execute("UPDATE room SET released_up_to = ?", (script,))

    def released_up_to(self) -> str | None:
        """The page the course is released up to, or None when every page is open."""
        with self._reading() as connection:
            return connection.execute("SELECT released_up_to FROM room").fetchone()[0]

    def snapshot(self, previous: Snapshot | None = None) -> Snapshot:
        """The room's settings and all its events, read in one transaction; given the `previous` snapshot of this
        room, only the events since (see course.room.snapshot)."""
        with self._connected() as connection:
            return snapshot.read(connection, previous)


def _named(connection: sqlite3.Connection, nickname: str) -> str | None:
    wanted = nickname.strip().casefold()
    joined = connection.execute("SELECT id, nickname FROM participants ORDER BY joined DESC, rowid DESC")
    return next((participant for participant, name in joined if name.casefold() == wanted), None)


def _last_of(connection: sqlite3.Connection, participant: str, kinds: frozenset[str]) -> str | None:
    if not kinds:
        return None
    marks = ",".join("?" * len(kinds))
    row = connection.execute(
        f"SELECT kind FROM events WHERE participant = ? AND kind IN ({marks}) ORDER BY id DESC LIMIT 1",
        (participant, *sorted(kinds)),
    ).fetchone()
    return None if row is None else row[0]


def _detail(kind: str, detail: Mapping[str, object] | None) -> str:
    """An event's detail as JSON, checked: a known kind, at most its limit of bytes."""
    if kind not in KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    text = json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True)
    limit = DETAIL_LIMITS.get(kind, MAX_DETAIL)
    if len(text.encode()) > limit:
        raise ValueError(f"a {kind} event's detail has at most {limit} bytes")
    return text


def path_of(folder: Path, code: str) -> Path:
    """Where the room `code` (a well-formed code) lives in `folder`."""
    if not codes.is_code(code):
        raise RoomError(f"'{code[:20]}' is not a room code")
    return folder / f"{code}{SUFFIX}"


def open_new(folder: Path, now: float | None = None) -> Room:
    """Open a room with a fresh code in `folder`: its database file, created 0600 and put in WAL mode."""
    for _ in range(20):
        path = path_of(folder, codes.new_code())
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            continue
        room = Room(path)
        connection = sqlite3.connect(path, timeout=BUSY_SECONDS)
        try:
            connection.execute("PRAGMA journal_mode = WAL")  # kept in the file: every later connection uses it
            connection.executescript(SCHEMA)
            with connection:
                connection.execute(
                    "INSERT INTO room VALUES (?, ?, NULL)", (room.code, time.time() if now is None else now)
                )
        finally:
            connection.close()
        return room
    raise RoomError("no free room code was found", "delete rooms you no longer need")


def existing(folder: Path, code: str) -> Room:
    """The room `code` in `folder`; raises RoomError when there is none."""
    path = path_of(folder, code)
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise RoomError(f"there is no room {code} on this server", "check the code your instructor shows") from None
    if not stat.S_ISREG(info.st_mode):
        raise RoomError(f"room {code}'s file is not a plain file")
    return Room(path)


def listed(folder: Path) -> list[str]:
    """The codes of the rooms in `folder`, newest first."""
    found = [path for path in folder.glob(f"*{SUFFIX}") if codes.is_code(path.name.removesuffix(SUFFIX))]
    return [path.name.removesuffix(SUFFIX) for path in sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)]


def delete(folder: Path, code: str) -> None:
    """Delete the room `code`: its database and its WAL files, and its export if one was made."""
    path = path_of(folder, code)
    wal.release(path)
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), export_path(folder, code)):
        leftover.unlink(missing_ok=True)


def export_path(folder: Path, code: str) -> Path:
    """Where the room's CSV export is written."""
    return folder / f"{code}-events.csv"
