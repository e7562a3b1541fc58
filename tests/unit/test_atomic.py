"""Atomic writes publish the whole new file or leave the old one exactly as it was."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from cq4ds.adapters.atomic import TEMPORARY_NAME, atomic_path, remove_stale_temporaries, write_atomic

ROOT = Path(__file__).resolve().parents[2]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_success_replaces_the_target_and_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "out.txt"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert _leftovers(target.parent) == []


def test_the_temporary_file_sits_beside_the_target_until_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_path(target) as temp:
        temp.write_text("partial")
        assert temp.parent == tmp_path
        assert not target.exists()  # nothing is visible before the block succeeds
    assert target.read_text() == "partial"


@pytest.mark.parametrize("failure", [RuntimeError("disk on fire"), KeyboardInterrupt()])
def test_a_failure_leaves_the_previous_file_byte_identical(tmp_path: Path, failure: BaseException) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, b"previous output")
    with pytest.raises(type(failure)), atomic_path(target) as temp:
        temp.write_bytes(b"half of the new outp")
        raise failure
    assert target.read_bytes() == b"previous output"
    assert _leftovers(tmp_path) == []


def test_a_failed_first_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(ValueError), atomic_path(target) as temp:
        temp.write_bytes(b"partial")
        raise ValueError("stop")
    assert list(tmp_path.iterdir()) == []


def test_the_published_file_gets_the_requested_permissions(tmp_path: Path) -> None:
    target = tmp_path / "secret"
    write_atomic(target, b"key", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_published_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    before = os.umask(0)
    try:
        write_atomic(tmp_path / "out.txt", b"data")
        with atomic_path(tmp_path / "by-path.txt") as temp:
            temp.unlink()
            temp.write_bytes(b"recreated by a library")  # as DuckDB does: a new file, umask 0 would make it 0666
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "by-path.txt").stat().st_mode) == 0o600


def test_temporary_files_name_their_writer(tmp_path: Path) -> None:
    with atomic_path(tmp_path / "out.csv") as temp:
        match = TEMPORARY_NAME.fullmatch(temp.name)
        assert match is not None and temp.name.startswith(".out.csv.cq4ds-")
        assert int(match["pid"]) == os.getpid()


def test_no_sigterm_handler_is_left_behind_and_other_threads_can_write(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    with atomic_path(tmp_path / "out.txt") as temp:
        assert signal.getsignal(signal.SIGTERM) is not before  # only while the write is in progress
        temp.write_bytes(b"x")
    assert signal.getsignal(signal.SIGTERM) == before
    errors: list[BaseException] = []

    def write_in_a_thread() -> None:
        try:
            write_atomic(tmp_path / "from-thread.txt", b"y")  # a Streamlit session: signals cannot be set here
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=write_in_a_thread)
    thread.start()
    thread.join()
    assert errors == [] and (tmp_path / "from-thread.txt").read_bytes() == b"y"


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import pandas as pd
    from cq4ds.adapters.atomic import atomic_path
    from cq4ds.adapters.file_sinks import CsvSink

    how, target = sys.argv[1], Path(sys.argv[2])

    def stall(temp):
        print(temp, flush=True)  # the parent now sends the signal
        time.sleep(60)

    if how == "atomic_path":
        with atomic_path(target) as temp, open(temp, "w") as out:
            out.write("half of the new outp")
            out.flush()
            stall(temp)
    else:
        def batches():
            yield pd.DataFrame({"pid": [1], "probability": [0.9], "label": [1]})
            stall(next(target.parent.glob(".*.tmp")))
        CsvSink(path=str(target)).write(batches())
""")


def _start_slow_write(how: str, target: Path) -> tuple[subprocess.Popen[str], Path]:
    """A child process that starts writing `target` through the real writer and stalls; return it and its temp file."""
    child = subprocess.Popen([sys.executable, "-c", WRITER, how, str(target)], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout is not None
    temp = Path(child.stdout.readline().strip())
    assert temp.parent == target.parent and temp.exists(), "the child never started writing"
    return child, temp


@pytest.mark.parametrize("how", ["atomic_path", "csv_sink"])
def test_a_write_stopped_by_sigterm_removes_its_temporary_file(tmp_path: Path, how: str) -> None:
    target = tmp_path / "predictions.csv"
    write_atomic(target, b"previous output")
    child, temp = _start_slow_write(how, target)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=30) == -signal.SIGTERM  # it still ends as SIGTERM asked
    assert not temp.exists() and _leftovers(tmp_path) == []
    assert target.read_bytes() == b"previous output"


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write_to_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "predictions.csv"
    write_atomic(target, b"previous output")
    child, temp = _start_slow_write("atomic_path", target)
    child.kill()  # SIGKILL: no cleanup is possible in the child
    child.wait(timeout=30)
    assert temp.exists() and target.read_bytes() == b"previous output"
    write_atomic(tmp_path / "another-file.txt", b"next write")
    assert not temp.exists() and _leftovers(tmp_path) == []


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_files_and_staging_folders_go_and_everything_else_stays(tmp_path: Path) -> None:
    now, hour = time.time(), 3600
    dead, alive = _dead_pid(), os.getppid()
    files = {
        f".out.csv.cq4ds-{dead}-abcd_123.tmp": (now, False),  # its writer is gone
        f".out.csv.cq4ds-{alive}-abcd_123.tmp": (now - 2 * hour, False),  # untouched for two hours
        f".out.csv.cq4ds-{alive}-efgh_456.tmp": (now - 60, True),  # another process still writing
        f".out.csv.cq4ds-{os.getpid()}-ijkl_789.tmp": (now, True),  # a write in another thread of this process
        ".out.csv.abcd1234.tmp": (now - 2 * hour, True),  # not ours: no pid in the name
        f"notes-cq4ds-{dead}-abcd_123.tmp": (now - 2 * hour, True),  # not the pattern
        f".out.csv.cq4ds-{dead}-abcd_123.tmp.keep": (now - 2 * hour, True),
        "predictions.csv": (now - 2 * hour, True),
    }
    for name, (mtime, _) in files.items():
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (mtime, mtime))
    (tmp_path / f".linked.cq4ds-{dead}-abcd_123.tmp").symlink_to(tmp_path / "predictions.csv")  # not a regular file
    (tmp_path / f".folder.cq4ds-{dead}-abcd_123.tmp").mkdir()  # a staging folder whose writer is gone
    (tmp_path / f".folder.cq4ds-{dead}-abcd_123.tmp" / "part-00000000.parquet").write_text("x")
    (tmp_path / f".folder.cq4ds-{alive}-abcd_123.tmp").mkdir()  # a staging folder still being filled
    write_atomic(tmp_path / "out.csv", b"new")
    kept = {name for name, (_, keep) in files.items() if keep}
    links_and_folders = {f".linked.cq4ds-{dead}-abcd_123.tmp", f".folder.cq4ds-{alive}-abcd_123.tmp"}
    assert {p.name for p in tmp_path.iterdir()} == kept | links_and_folders | {"out.csv"}
    assert (tmp_path / "predictions.csv").read_text() == "x"


def test_stale_files_in_other_folders_are_left_for_writes_there(tmp_path: Path) -> None:
    stale = tmp_path / "elsewhere" / f".out.csv.cq4ds-{_dead_pid()}-abcd_123.tmp"
    stale.parent.mkdir()
    stale.write_text("x")
    write_atomic(tmp_path / "here" / "out.csv", b"new")
    assert stale.exists()
    assert remove_stale_temporaries(stale.parent, time.time()) == [stale] and not stale.exists()
