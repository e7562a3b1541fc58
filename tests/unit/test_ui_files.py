"""Session folders: file names are made safe, and idle sessions' folders are pruned."""

from __future__ import annotations

import os

from course.ui.files import last_touched, prune_stale, safe_file_name


def test_output_names_lose_folders_and_odd_characters():
    assert safe_file_name("../../etc/passwd", ".csv") == "passwd.csv"
    assert safe_file_name("my report (1).parquet", ".parquet") == "my_report_1_.parquet"
    assert safe_file_name("   ", ".csv") == "predictions.csv"


def test_idle_session_folders_are_pruned_and_active_ones_kept(tmp_path):
    idle, active = tmp_path / "idle", tmp_path / "active"
    for folder in (idle, active):
        (folder / "uploads").mkdir(parents=True)
        (folder / "uploads" / "a.csv").write_text("x")
    now = 1_000_000.0
    for path in [idle, *idle.rglob("*")]:
        os.utime(path, (now - 50_000, now - 50_000))
    for path in [active, *active.rglob("*")]:
        os.utime(path, (now - 10, now - 10))
    assert prune_stale(tmp_path, 12 * 3600, now) == [idle]
    assert not idle.exists() and active.exists()


def test_pruning_skips_files_that_vanish_while_it_looks(tmp_path):
    # Another session's atomic write renames its temporary file away while this session looks:
    # a dangling link stands for a file listed, then gone before its time is read.
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "predictions.csv").write_text("x")
    (busy / ".predictions.csv.tmp").symlink_to(tmp_path / "renamed-away")
    assert prune_stale(tmp_path, 12 * 3600, now=os.stat(busy).st_mtime + 10) == []
    assert busy.exists()


def test_a_folder_gone_before_it_is_read_has_no_time(tmp_path):
    assert last_touched(tmp_path / "pruned-by-another-session") is None
