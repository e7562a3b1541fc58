"""Atomic file writes: readers see the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: str | os.PathLike[str], *, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path beside `target` and move it onto `target` only if the block succeeds.

    Write the temporary file any way you like (open, pyarrow, ...). When the block ends
    normally the file is flushed to disk and renamed onto `target` with `os.replace`, which
    is atomic within one filesystem. When the block raises anything, KeyboardInterrupt
    included, the temporary file is removed and `target` is left exactly as it was.

    Args:
        target: the file to create or replace; missing parent folders are created.
        mode: permission bits of the published file (0o600 keeps it private).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        _flush_to_disk(temp)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _flush_folder(target.parent)


def write_atomic(target: str | os.PathLike[str], data: bytes, *, mode: int = 0o644) -> None:
    """Replace `target` with `data` atomically (see `atomic_path`)."""
    with atomic_path(target, mode=mode) as temp:
        temp.write_bytes(data)


def _flush_to_disk(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; elsewhere a folder cannot be opened)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
