"""A room's SQLite file: its tables, what an event row may hold, how the file is made and how a call connects.

Three tables: `room` (its code, when it was opened, the page the course is released up to), `participants`
(an id, the nickname as typed, when they joined) and `events` (who, what kind, on which page, a JSON detail,
when). The file is created 0600 and put in WAL mode, which the file keeps: every later connection uses it, and
SQLite gives its -wal and -shm files the same mode. WAL lets the dashboard read while participants write; a
writer waits up to `BUSY_SECONDS` for another. Each connection first has the process hold one idle connection to
the room (course.room.wal), so the log outlives it. course.room.store's `Room` runs its calls through these.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from course.room import wal

BUSY_SECONDS = 10.0
KINDS = frozenset({"join", "visit", "answer", "predict", "lab", "stuck", "unstuck", "handled", "exercise"})
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


def create(path: Path, code: str, now: float | None = None) -> None:
    """Make the database file of room `code` at `path`: created 0600, put in WAL mode, its tables made and its
    `room` row written. Raises FileExistsError, touching nothing, when `path` already exists."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS)
    try:
        connection.execute("PRAGMA journal_mode = WAL")  # kept in the file: every later connection uses it
        connection.executescript(SCHEMA)
        with connection:
            connection.execute("INSERT INTO room VALUES (?, ?, NULL)", (code, time.time() if now is None else now))
    finally:
        connection.close()


@contextlib.contextmanager
def connected(path: Path, immediate: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection in one transaction: committed on success, rolled back on error. `immediate`: it holds
    the write lock from its first statement (a read that decides a write: no other writer comes between)."""
    wal.hold(path)
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS)
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
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection for a read: none of the writers' settings (each statement is one more wait for the
    interpreter's lock in a busy server, and a participant's page waits on its reads)."""
    wal.hold(path)
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS)
    try:
        yield connection
    finally:
        connection.close()


def named(connection: sqlite3.Connection, nickname: str) -> str | None:
    """The id of the participant who joined latest under `nickname` (letters compared regardless of case)."""
    wanted = nickname.strip().casefold()
    joined = connection.execute("SELECT id, nickname FROM participants ORDER BY joined DESC, rowid DESC")
    return next((participant for participant, name in joined if name.casefold() == wanted), None)


def last_of(connection: sqlite3.Connection, participant: str, kinds: frozenset[str]) -> str | None:
    """The kind of `participant`'s latest event among `kinds` (None when none)."""
    if not kinds:
        return None
    marks = ",".join("?" * len(kinds))
    row = connection.execute(
        f"SELECT kind FROM events WHERE participant = ? AND kind IN ({marks}) ORDER BY id DESC LIMIT 1",
        (participant, *sorted(kinds)),
    ).fetchone()
    return None if row is None else row[0]


def detail(kind: str, fields: Mapping[str, object] | None) -> str:
    """An event's detail as JSON, checked: a known kind, at most its limit of bytes."""
    if kind not in KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    text = json.dumps(dict(fields or {}), ensure_ascii=False, sort_keys=True)
    limit = DETAIL_LIMITS.get(kind, MAX_DETAIL)
    if len(text.encode()) > limit:
        raise ValueError(f"a {kind} event's detail has at most {limit} bytes")
    return text
