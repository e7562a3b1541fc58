"""One room's record, and the rooms folder's catalogue: a `Room` is one room's database file in the rooms folder
(`<CODE>.sqlite3`), through which participants join and record events and the instructor releases pages and
reads a snapshot; `open_new`, `existing`, `listed` and `delete` open, find, list and delete the rooms there.

Every call of a `Room` opens its own connection and closes it (course.room.database): sessions run in threads of
their own, and a server restart, or a second server process, reads the same file.
"""

from __future__ import annotations

import contextlib
import sqlite3
import stat
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from course.room import codes, database, snapshot, wal
from course.room.codes import RoomError
from course.room.snapshot import Snapshot

SUFFIX = ".sqlite3"
MAX_PARTICIPANTS = 500


@dataclass(frozen=True)
class Room:
    """One room's database file; every method opens and closes its own connection."""

    path: Path

    @property
    def code(self) -> str:
        return self.path.name.removesuffix(SUFFIX)

    def _connected(self, immediate: bool = False) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A connection in one transaction (see course.room.database.connected)."""
        return database.connected(self.path, immediate)

    def _reading(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A connection for a read (see course.room.database.reading)."""
        return database.reading(self.path)

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
            known = database.named(connection, name)
            if known is not None and not connection.execute(database.SEEN_IN_A_BROWSER, (known,)).fetchone()[0]:
                return known
            return self._join(connection, name, time.time())

    def report(self, nickname: str, kind: str, details: Sequence[Mapping[str, object]]) -> str:
        """Add one `kind` event per detail to the participant who joined latest under `nickname` (letters compared
        regardless of case), joining them first when nobody did: all in one transaction, so two reports under a
        new name make one participant. Their id."""
        name = codes.nickname(nickname)
        texts = [database.detail(kind, detail) for detail in details]
        at = time.time()
        with self._connected(immediate=True) as connection:
            participant = database.named(connection, name) or self._join(connection, name, at)
            connection.executemany(database.INSERT, [(participant, kind, "", text, at) for text in texts])
        return participant

    def _join(self, connection: sqlite3.Connection, name: str, at: float) -> str:
        (count,) = connection.execute("SELECT count(*) FROM participants").fetchone()
        if count >= MAX_PARTICIPANTS:
            raise RoomError(f"room {self.code} is full ({MAX_PARTICIPANTS} participants)", "ask your instructor")
        participant = codes.new_participant()
        connection.execute("INSERT INTO participants VALUES (?, ?, ?)", (participant, name, at))
        connection.execute(database.INSERT, (participant, "join", "", "{}", at))
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
            return (None, None) if row is None else (row[0], database.last_of(connection, participant, kinds))

    def named(self, nickname: str) -> str | None:
        """The id of the participant who joined latest under `nickname` (letters compared regardless of case)."""
        with self._reading() as connection:
            return database.named(connection, nickname)

    def record(
        self,
        participant: str,
        kind: str,
        page: str = "",
        detail: Mapping[str, object] | None = None,
        now: float | None = None,
    ) -> None:
        """Add one event of `participant`'s (a known kind, a JSON detail of at most its limit of bytes: see
        course.room.database)."""
        text = database.detail(kind, detail)
        at = time.time() if now is None else now
        with self._connected() as connection:
            connection.execute(database.INSERT, (participant, kind, page, text, at))

    def last_of(self, participant: str, kinds: frozenset[str]) -> str | None:
        """The kind of `participant`'s latest event among `kinds` (e.g. whether "stuck" was since "handled")."""
        with self._reading() as connection:
            return database.last_of(connection, participant, kinds)

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


def path_of(folder: Path, code: str) -> Path:
    """Where the room `code` (a well-formed code) lives in `folder`."""
    if not codes.is_code(code):
        raise RoomError(f"'{code[:20]}' is not a room code")
    return folder / f"{code}{SUFFIX}"


def open_new(folder: Path, now: float | None = None) -> Room:
    """Open a room with a fresh code in `folder`: its database file, created 0600 and put in WAL mode."""
    for _ in range(20):
        path = path_of(folder, codes.new_code())
        room = Room(path)
        try:
            database.create(path, room.code, now)
        except FileExistsError:
            continue
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
