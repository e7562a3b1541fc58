"""Atomic file writes: readers see the old file or the new one, never half of one.

The new content goes to a temporary file beside the target, named
`.<target name>.cq4ds-<writer pid>-<random>.tmp`, and is renamed onto the target once complete.
A write that fails removes its temporary file; so does one stopped by SIGTERM in the main
thread. A writer killed outright (kill -9, a power cut) cannot clean up, so every write first
removes such leftovers in its folder: temporary files (and staging folders, see `staging`)
whose writer is gone or that have not changed for an hour. Files that do not match the
pattern are never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

TEMPORARY_NAME = re.compile(r"\..+\.cq4ds-(?P<pid>[0-9]+)-[a-z0-9_]{8}\.tmp")
STALE_AFTER_SECONDS = 3600


@contextmanager
def atomic_path(target: str | os.PathLike[str], *, mode: int = 0o600) -> Iterator[Path]:
    """Yield a temporary path beside `target` and move it onto `target` only if the block succeeds.

    Write the temporary file any way you like (open, pyarrow, ...). When the block ends
    normally the file is flushed to disk and renamed onto `target` with `os.replace`, which
    is atomic within one filesystem. When the block raises anything, KeyboardInterrupt
    included, the temporary file is removed and `target` is left exactly as it was. In the
    main thread, SIGTERM during the block (when it would otherwise kill the process at once)
    unwinds the block the same way and then terminates the process as the signal asked.

    Args:
        target: the file to create or replace; missing parent folders are created.
        mode: permission bits of the published file; the default 0o600 keeps it private to its owner.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent, time.time())
    with _sigterm_unwinds():
        temp = None
        try:
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.cq4ds-{os.getpid()}-", suffix=".tmp",
                                            dir=target.parent)  # created 0600 whatever the umask
            temp = Path(name)
            os.close(handle)
            yield temp
            _flush_to_disk(temp)
            os.chmod(temp, mode)
            os.replace(temp, target)
        except BaseException:
            if temp is not None:
                temp.unlink(missing_ok=True)
            raise
    flush_folder(target.parent)


def write_atomic(target: str | os.PathLike[str], data: bytes, *, mode: int = 0o600) -> None:
    """Replace `target` with `data` atomically (see `atomic_path`)."""
    with atomic_path(target, mode=mode) as temp:
        temp.write_bytes(data)


def remove_stale_temporaries(folder: str | os.PathLike[str], now: float) -> list[Path]:
    """Remove the temporary files and staging folders of writes that can no longer finish, in `folder`; return them.

    A temporary file is stale when the process that wrote it is gone, or when it has not changed
    for `STALE_AFTER_SECONDS`. Only regular files and folders named like this module's temporary
    files (and, on POSIX, owned by this user) are considered; anything else in the folder is left alone.
    """
    removed = []
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = TEMPORARY_NAME.fullmatch(entry.name)
            if match is None:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:  # renamed into place or removed meanwhile
                continue
            is_folder = stat.S_ISDIR(info.st_mode)
            if not (is_folder or stat.S_ISREG(info.st_mode)) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
                continue
            if now - info.st_mtime > STALE_AFTER_SECONDS or not _alive(int(match["pid"])):
                with suppress(OSError):
                    if is_folder:
                        shutil.rmtree(entry.path)
                    else:
                        os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    """Whether process `pid` may still be writing (when unsure, it may: only the age rule then applies)."""
    if os.name != "posix" or pid <= 0 or pid == os.getpid():
        return True  # on Windows os.kill(pid, 0) would terminate the process, not probe it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # PermissionError: alive, owned by someone else
        return True
    return True


class _Terminated(BaseException):
    """SIGTERM arrived during an atomic write; raised so that the write unwinds and removes its temporary file."""


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While the block runs, turn SIGTERM into `_Terminated`; once unwound, deliver the signal again.

    Only in the main thread (the only one that may set signal handlers), and only while SIGTERM
    would kill the process outright (its default action): a program with its own handler, or one
    that ignores SIGTERM, keeps its behaviour, and other threads rely on the exception cleanup.
    Nothing is installed outside the block, and the default action is restored before the signal
    is delivered again, so the process still ends as "terminated by SIGTERM".
    """
    main_thread = threading.current_thread() is threading.main_thread()
    if not main_thread or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return
    received: list[int] = []

    def unwind(signum: int, _frame: object) -> None:
        if not received:  # a second SIGTERM must not interrupt the cleanup of the first
            received.append(signum)
            raise _Terminated("SIGTERM arrived during an atomic write")

    try:
        signal.signal(signal.SIGTERM, unwind)
    except ValueError:  # the main thread of a sub-interpreter may not set handlers either
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if received:
            signal.raise_signal(signal.SIGTERM)


def _flush_to_disk(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def flush_folder(folder: Path) -> None:
    """Make a folder's entries durable: a rename in it, the files written into it (POSIX only)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
