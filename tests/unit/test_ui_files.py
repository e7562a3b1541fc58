"""Session folders: private to the server, file names made safe, and only our own idle folders pruned."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.ui import files, state
from course.ui.files import (
    SERVER_MARKER,
    SESSION_MARKER,
    last_touched,
    prune_stale,
    safe_file_name,
    save_upload,
    server_folder,
    session_folder,
)

NOW = 1_000_000.0
IDLE, RECENT = NOW - 50_000, NOW - 10


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system temp directory is this test's folder, with no server folder and no session yet."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(files, "_server_folders", {})
    state.put("files.folder", None)
    yield tmp_path
    state.put("files.folder", None)


def _new_session() -> Path:
    state.put("files.folder", None)  # as a new browser session starts without one
    return session_folder()


def _marked(folder: Path, marker: str = SESSION_MARKER) -> Path:
    (folder / "uploads").mkdir(parents=True)
    (folder / "uploads" / "a.csv").write_text("x")
    (folder / marker).write_text("")
    return folder


def _age(folder: Path, when: float) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (when, when), follow_symlinks=False)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_output_names_lose_folders_and_odd_characters():
    assert safe_file_name("../../etc/passwd", ".csv") == "passwd.csv"
    assert safe_file_name("my report (1).parquet", ".parquet") == "my_report_1_.parquet"
    assert safe_file_name("   ", ".csv") == "predictions.csv"


def test_session_folders_are_private_marked_and_inside_one_private_server_folder(temp_dir):
    before = os.umask(0)
    try:
        first, second = _new_session(), _new_session()
    finally:
        os.umask(before)
    server = server_folder()
    assert first.parent == second.parent == server and first != second
    assert server.parent == temp_dir and server.name.startswith("cq4ds-server-")
    for folder in (server, first, second):
        assert _mode(folder) == 0o700 and os.lstat(folder).st_uid == os.getuid()
    assert (server / SERVER_MARKER).is_file()
    assert (first / SESSION_MARKER).is_file() and (second / SESSION_MARKER).is_file()
    assert session_folder() == second  # the same session keeps its folder


def test_no_fixed_name_in_the_temp_directory_is_trusted(temp_dir):
    planted = temp_dir / "cq4ds-sessions"  # the old fixed name, or anything an attacker expects
    planted.symlink_to(temp_dir / "somewhere")
    folder = _new_session()
    assert not folder.is_relative_to(planted) and not (temp_dir / "somewhere").exists()


def test_an_upload_is_readable_by_the_server_only(temp_dir):
    before = os.umask(0)
    try:
        path = save_upload("Mine.CSV", b"pid,name\n1,x\n")
    finally:
        os.umask(before)
    assert path.parent == session_folder() / "uploads" and path.suffix == ".csv"
    assert path.read_bytes() == b"pid,name\n1,x\n"
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    assert save_upload("again.csv", b"pid,name\n1,x\n") == path  # same content, same file
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temporary file left


def test_idle_session_folders_are_pruned_and_active_ones_kept(tmp_path):
    idle, active = _marked(tmp_path / "idle"), _marked(tmp_path / "active")
    _age(idle, IDLE)
    _age(active, RECENT)
    assert prune_stale(tmp_path, 12 * 3600, NOW) == [idle]
    assert not idle.exists() and active.exists()


def test_pruning_skips_folders_it_did_not_make_and_never_follows_a_link(tmp_path):
    parent, outside = tmp_path / "server", tmp_path / "outside"
    parent.mkdir()
    unmarked = parent / "unmarked"
    (unmarked / "uploads").mkdir(parents=True)
    (unmarked / "uploads" / "a.csv").write_text("x")
    victim = _marked(outside / "victim")  # even carrying our marker, a folder reached through a link is not ours
    planted = parent / "planted"
    planted.symlink_to(victim, target_is_directory=True)
    fake_marker = _marked(parent / "fake-marker", marker="elsewhere")
    (fake_marker / SESSION_MARKER).symlink_to(victim / SESSION_MARKER)  # a marker must be a real file
    for folder in (unmarked, victim, planted, fake_marker):
        _age(folder, IDLE)
    assert prune_stale(parent, 12 * 3600, NOW) == []
    assert (unmarked / "uploads" / "a.csv").exists() and (victim / "uploads" / "a.csv").exists()
    assert planted.is_symlink() and fake_marker.exists()


def test_folders_of_earlier_servers_are_pruned_when_a_server_starts(temp_dir, monkeypatch):
    earlier = server_folder()
    _marked(earlier / "session-old")
    _age(earlier, time.time() - 50_000)
    stranger = temp_dir / "cq4ds-server-planted"  # a name like ours, without our marker
    stranger.mkdir()
    _age(stranger, time.time() - 50_000)
    monkeypatch.setattr(files, "_server_folders", {})  # a new server process
    current = server_folder()
    assert current != earlier and not earlier.exists() and stranger.exists()


def test_a_session_whose_folder_vanished_gets_a_new_private_one(temp_dir):
    folder = _new_session()
    server = folder.parent
    for path in sorted(server.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    server.rmdir()  # a temp cleaner removed everything
    again = session_folder()
    assert again != folder and (again / SESSION_MARKER).is_file() and _mode(again.parent) == 0o700


def test_pruning_skips_files_that_vanish_while_it_looks(tmp_path):
    # Another session's atomic write renames its temporary file away while this session looks:
    # a dangling link stands for a file listed, then gone before its time is read.
    busy = _marked(tmp_path / "busy")
    (busy / ".predictions.csv.tmp").symlink_to(tmp_path / "renamed-away")
    assert prune_stale(tmp_path, 12 * 3600, now=os.stat(busy).st_mtime + 10) == []
    assert busy.exists()


def test_a_folder_gone_before_it_is_read_has_no_time(tmp_path):
    assert last_touched(tmp_path / "pruned-by-another-session") is None
