"""What the dashboard reads of a room at once: its settings and its events, oldest first, continued from the
last read.

A refresh reads only the events after the newest one the `previous` snapshot holds (and parses only their JSON):
it costs what happened since, not the whole session. Events only ever arrive with higher ids (SQLite gives them
out in commit order), so nothing before `previous.last_event` can still appear. A snapshot of another room, or
of a room deleted and opened again under the same code, is not continued.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import pandas as pd

EVENTS = """
SELECT p.id AS participant, p.nickname, p.joined, e.id AS event, e.kind, e.page, e.detail, e.at
FROM events AS e JOIN participants AS p ON p.id = e.participant
WHERE e.id > ?
ORDER BY e.id
"""
COLUMNS = ("participant", "nickname", "joined", "event", "kind", "page", "detail", "at")
# Text stays in Python objects: the board reads the columns back as plain Python values (course.room.board).
NUMBERS = {"joined": "float64", "event": "int64", "at": "float64"}


@dataclass(frozen=True)
class Snapshot:
    """What the dashboard reads at once: the room's settings and every event, oldest first."""

    code: str
    created: float
    released_up_to: str | None
    events: pd.DataFrame  # participant, nickname, joined, event, kind, page, detail (a dict), at
    last_event: int = 0  # the newest event's id: a later snapshot reads only the events after it

    def _continues(self, code: str, created: float) -> bool:
        return (self.code, self.created) == (code, created)


def read(connection: sqlite3.Connection, previous: Snapshot | None = None) -> Snapshot:
    """The room's settings and its events through `connection` (one transaction), continuing `previous`."""
    code, created, released = connection.execute("SELECT code, created, released_up_to FROM room").fetchone()
    kept = previous if previous is not None and previous._continues(code, created) else None
    after = kept.last_event if kept else 0
    rows = connection.execute(EVENTS, (after,)).fetchall()
    if kept and not rows:
        return Snapshot(code, created, released, kept.events, after)
    new = pd.DataFrame(rows, columns=COLUMNS, dtype=object).astype(NUMBERS)
    new["detail"] = [json.loads(text) for text in new["detail"]]
    events = pd.concat([kept.events, new], ignore_index=True) if kept and len(kept.events) else new
    return Snapshot(code, created, released, events, int(rows[-1][3]) if rows else after)
