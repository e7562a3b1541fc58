"""Publishing a folder all or nothing: fill a staging folder beside the target, then one rename puts it in place.

The staging folder is named like the temporary files of `atomic` (`.<target name>.cq4ds-<pid>-<random>.tmp`),
so a folder left by a writer killed outright is removed by the next write beside it. Where the target already
exists (a folder, or a file), Linux swaps the two in one step (renameat2 with RENAME_EXCHANGE) and the previous
one, now at the staging name, is removed; elsewhere the previous one is first renamed aside, so for a moment
the target is missing (it is never half written).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from cq4ds.adapters.atomic import flush_folder, remove_stale_temporaries

AT_FDCWD = -100  # "relative to the working folder", for the *at() system calls
RENAME_EXCHANGE = 2


def staging_folder(target: Path) -> Path:
    """A new, empty staging folder beside `target` (0700), after removing the stale ones of killed writers."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent, time.time())
    prefix = f".{target.name}.cq4ds-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=target.parent))


def publish_folder(staged: Path, target: Path) -> None:
    """Put the folder `staged` in place of `target` (a folder or a file) in one rename, then remove what it was."""
    flush_folder(staged)
    try:
        os.rename(staged, target)  # no target yet: the rename is the publish
    except OSError as error:
        if error.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR):  # a folder, or a file, is there
            raise
        previous = _exchange(staged, target)
        if previous.is_dir():
            shutil.rmtree(previous)
        else:
            previous.unlink()
    flush_folder(target.parent)


def discard(staged: Path) -> None:
    """Remove a staging folder that will not be published.

    It is renamed first (to a name of the same stale kind), so that a worker still finishing a cancelled partition
    cannot add a file to it while it is removed: that write fails instead.
    """
    aside = Path(tempfile.mkdtemp(prefix=staged.name.rsplit("-", 1)[0] + "-", suffix=".tmp", dir=staged.parent))
    with suppress(OSError):
        os.rename(staged, aside)  # onto the empty folder just made (POSIX)
    for folder in (aside, staged):
        shutil.rmtree(folder, ignore_errors=True)


def _exchange(staged: Path, target: Path) -> Path:
    """Swap `staged` into `target`; return the path that now holds what `target` was."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if os.name == "posix" else None
    if renameat2 is not None:
        if renameat2(AT_FDCWD, os.fsencode(staged), AT_FDCWD, os.fsencode(target), RENAME_EXCHANGE) == 0:
            return staged  # one step: readers saw the old folder, then the new one
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL):  # not "this kernel or filesystem cannot swap"
            raise OSError(code, os.strerror(code), str(target))
    aside = staging_folder(target)  # an empty name of the stale kind, so a crash here leaves nothing for good
    os.rmdir(aside)
    os.rename(target, aside)
    try:
        os.rename(staged, target)
    except BaseException:
        os.rename(aside, target)
        raise
    return aside
