"""Where the Lab keeps files: this server's private folder and each browser session's own folder in it.

Each browser session gets its own folder; uploads are saved there under a content hash, and
sinks write only inside it. Nothing is shared between sessions, nor with other local users:

    <system temp>/cq4ds-server-<random>/       this server process's folder, 0700 (mkdtemp)
        .cq4ds-server                          marker: written by this module
        session-<random>/                      one browser session's folder, 0700 (mkdtemp)
            .cq4ds-session                     marker
            uploads/<content hash>.csv         0600, as is every file the sinks write

Random names (mkdtemp) mean no one can plant a folder or link there beforehand. Pruning
removes only real folders (never symbolic links, never followed) owned by this user that carry
the marker this module wrote, so it cannot be steered into deleting anything else. Folders of
earlier server processes are pruned by the same rule when a server creates its own.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path

from course.ui import state

STALE_AFTER_SECONDS = 12 * 3600
SERVER_PREFIX = "cq4ds-server-"
SERVER_MARKER = ".cq4ds-server"
SESSION_PREFIX = "session-"
SESSION_MARKER = ".cq4ds-session"

PRUNE_EVERY_SECONDS = 600
_server_folders: dict[str, Path] = {}  # this process's folder, per system temp directory (tests change it)
_pruned: dict[Path, float] = {}  # when each server folder's idle session folders were last pruned
_server_lock = threading.Lock()


def server_folder() -> Path:
    """This server process's private folder in the system temp directory (0700, created on first use).

    Creating it also prunes the folders earlier server processes left that have been idle for
    STALE_AFTER_SECONDS. Should the folder disappear (a temp cleaner), a new one is created.
    """
    temp = tempfile.gettempdir()
    with _server_lock:
        folder = _server_folders.get(temp)
        if folder is None or not is_ours(folder, SERVER_MARKER):
            folder = _new_folder(Path(temp), SERVER_PREFIX, SERVER_MARKER)
            _server_folders[temp] = folder
            prune_stale(Path(temp), STALE_AFTER_SECONDS, time.time(), marker=SERVER_MARKER)
        return folder


def session_folder() -> Path:
    """This session's private folder (created on first use; other sessions' idle folders are then pruned)."""
    folder = state.get("files.folder")
    if folder is None or not is_ours(folder, SESSION_MARKER):  # new, or pruned while this session slept
        server = server_folder()
        folder = _new_folder(server, SESSION_PREFIX, SESSION_MARKER)
        state.put("files.folder", folder)
        _prune_now_and_then(server)
    return folder


def _prune_now_and_then(server: Path) -> None:
    """Prune the server's idle session folders, at most every PRUNE_EVERY_SECONDS. A look walks every session's
    files; done for each new session, it cost every arrival more as the server's day went on (a room of 60
    arriving at once after 120 earlier sessions walked 180 folders each), and folders go only after
    STALE_AFTER_SECONDS anyway."""
    now = time.time()
    with _server_lock:
        if now - _pruned.get(server, float("-inf")) < PRUNE_EVERY_SECONDS:
            return
        _pruned[server] = now
    prune_stale(server, STALE_AFTER_SECONDS, now)


def prune_stale(parent: Path, max_age: float, now: float, *, marker: str = SESSION_MARKER) -> list[Path]:
    """Remove this module's folders in `parent` untouched for more than `max_age` seconds; return them.

    Only real folders (a symbolic link is skipped, never followed) owned by this user and carrying
    `marker` count: anything else in `parent`, planted or not, is left alone. Other sessions keep
    writing while this looks: a file or folder that goes away meanwhile (an atomic write's temporary
    file renamed into place, a folder pruned by another session) is simply skipped.
    """
    try:
        candidates = [Path(entry.path) for entry in os.scandir(parent)]
    except OSError:  # no such folder (yet), or not ours to read
        return []
    removed = []
    for folder in candidates:
        if not is_ours(folder, marker):
            continue
        touched = last_touched(folder)
        if touched is not None and now - touched > max_age:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def is_ours(folder: Path, marker: str) -> bool:
    """Whether `folder` is a real folder (not a link) owned by this user, holding the `marker` this module writes."""
    try:
        folder_info, marker_info = os.lstat(folder), os.lstat(Path(folder) / marker)
    except OSError:
        return False
    return (
        stat.S_ISDIR(folder_info.st_mode)
        and stat.S_ISREG(marker_info.st_mode)
        and _owned(folder_info)
        and _owned(marker_info)
    )


def _owned(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _new_folder(parent: Path, prefix: str, marker: str) -> Path:
    """A new folder in `parent` with an unguessable name, only its owner can enter (0700), holding `marker`."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    os.chmod(folder, 0o700)  # mkdtemp asks for 0700; make it exactly that, whatever the umask
    os.close(os.open(folder / marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return folder


def last_touched(folder: Path) -> float | None:
    """The latest modification time of `folder` and everything in it (None if all of it is gone)."""
    times = []
    for place, _, names in os.walk(folder):  # os.walk skips folders that vanish while it walks
        for path in [place, *(os.path.join(place, name) for name in names)]:
            try:
                times.append(os.stat(path).st_mtime)
            except FileNotFoundError:
                continue
    return max(times, default=None)
