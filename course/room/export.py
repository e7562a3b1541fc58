"""A room's events as a CSV file the instructor downloads: one row an event, oldest first, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from course.room.store import Room

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORTED = ("at", "participant", "nickname", "kind", "page", "detail")


def write_csv(room: Room, target: Path) -> Path:
    """Write every event of `room`, oldest first, as CSV to `target` (atomically, 0600); return `target`."""
    events = room.snapshot().events
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORTED)
    for row in events.itertuples():
        at = datetime.fromtimestamp(row.at, UTC).isoformat(timespec="seconds")
        detail = json.dumps(row.detail, ensure_ascii=False, sort_keys=True)
        writer.writerow([at, row.participant, *map(_cell, (row.nickname, row.kind, row.page, detail))])
    _write_atomic(target, buffer.getvalue().encode("utf-8"))
    return target


def _cell(text: str) -> str:
    """`text` safe in a spreadsheet: an apostrophe before what it would run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _write_atomic(target: Path, data: bytes) -> None:
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)  # 0600
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
