"""Session folders: private to the server, file names made safe, and only our own idle folders pruned."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.ui import files, homes, policy, state
from course.ui.files import safe_file_name, save_upload
from course.ui.homes import SERVER_MARKER, SESSION_MARKER, last_touched, prune_stale, server_folder, session_folder
from cq4ds.config_file import apply_overrides, load_config
from cq4ds.domain import ConfigError
from cq4ds.registry import Registry

NOW = 1_000_000.0
IDLE, RECENT = NOW - 50_000, NOW - 10


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system temp directory is this test's folder, with no server folder and no session yet."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(homes, "_server_folders", {})
    monkeypatch.setattr(homes, "_pruned", {})
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


def test_new_sessions_prune_idle_folders_at_most_every_few_minutes(temp_dir, monkeypatch):
    looked: list[Path] = []

    def spy(parent: Path, *args: object, marker: str = SESSION_MARKER) -> list[Path]:
        if marker == SESSION_MARKER:  # the sessions' folders (a new server also looks at earlier servers')
            looked.append(parent)
        return []

    monkeypatch.setattr(homes, "prune_stale", spy)
    clock = [NOW]
    monkeypatch.setattr(homes.time, "time", lambda: clock[0])
    first = _new_session()
    _new_session()
    _new_session()
    assert looked == [first.parent]  # one look for three arrivals
    clock[0] += homes.PRUNE_EVERY_SECONDS
    _new_session()
    assert looked == [first.parent] * 2


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
    monkeypatch.setattr(homes, "_server_folders", {})  # a new server process
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


# --- The one path policy: what a browser may have read, and where a sink may write -----------------------------------

SECRET = "root:x:0:0:TOP-SECRET-LINE"


@pytest.fixture
def server_tree(tmp_path: Path) -> Path:
    """A working folder with sample_data/ (one file, and a link pointing out of it) and a secret file beside it."""
    base = tmp_path / "repo"
    (base / "sample_data").mkdir(parents=True)
    (base / "sample_data" / "titanic3.csv").write_text("pclass,survived\n1,1\n")
    (tmp_path / "secret.txt").write_text(SECRET + "\n")
    (base / "sample_data" / "escape.csv").symlink_to(tmp_path / "secret.txt")
    (base / "sample_data" / "inside.csv").symlink_to(base / "sample_data" / "titanic3.csv")
    return base


def _refused(value: object, base: Path, **options) -> str:
    with pytest.raises(ConfigError) as caught:
        policy.allowed_path(value, base=base, where="source.params.path", **options)
    message = str(caught.value)
    assert "\n" not in message and SECRET not in message and "TOP-SECRET" not in message
    return message


def test_sample_files_are_allowed_however_they_are_written(server_tree):
    sample = (server_tree / "sample_data" / "titanic3.csv").resolve()
    for typed in ("sample_data/titanic3.csv", "sample_data/../sample_data/titanic3.csv", str(sample)):
        assert policy.allowed_path(typed, base=server_tree) == sample
    assert policy.allowed_path("sample_data/inside.csv", base=server_tree) == sample  # a link that stays inside


@pytest.mark.parametrize(
    "typed",
    [
        "/etc/passwd",
        "../../etc/passwd",
        "sample_data/../../etc/passwd",
        "sample_data/escape.csv",  # a link inside sample_data/ pointing out of it
        "../secret.txt",
        "sample_data",  # the folder itself
        "",
        "sample_data/x\0.csv",
        "~/.ssh/id_rsa",
    ],
)
def test_anything_outside_sample_data_and_the_uploads_is_refused_in_one_line(server_tree, temp_dir, typed):
    message = _refused(typed, server_tree)
    assert message == (
        f"source.params.path {typed!r} is not a file in sample_data/ or among your uploads. "
        "Fix: choose a file from sample_data/ or upload one"
    )


def test_only_this_sessions_uploads_are_allowed(server_tree, temp_dir):
    theirs = save_upload("theirs.csv", b"pid,name\n1,x\n")  # session A
    _new_session()  # session B, in the same server folder
    mine = save_upload("mine.csv", b"pid,name\n2,y\n")
    assert policy.allowed_path(str(mine), base=server_tree) == mine.resolve()
    assert "is not a file in sample_data/ or among your uploads" in _refused(str(theirs), server_tree)
    assert "is not a file in sample_data/" in _refused(str(mine), server_tree, with_uploads=False)  # links
    folder = session_folder()
    _refused(str(folder / SESSION_MARKER), server_tree)  # the session folder outside uploads/ is not readable
    _refused(str(folder / "uploads" / ".." / ".." / theirs.parent.parent.name / "uploads" / theirs.name), server_tree)


def test_a_long_value_is_quoted_back_cut_short(server_tree, temp_dir):
    message = _refused("/" + "a" * 1000, server_tree)
    assert len(message) < 400 and "a" * 200 + "…'" in message


def test_path_parameters_are_known_by_name():
    assert all(policy.is_path_param(name) for name in ("path", "file", "folder", "database", "model_path", "out_dir"))
    assert not any(policy.is_path_param(name) for name in ("table", "rows", "kind", "paths_count"))


def test_a_composition_reads_only_allowed_files_and_writes_only_into_the_outputs_folder(server_tree, temp_dir):
    registry = Registry()
    notebook = load_config(Path(__file__).resolve().parents[2] / "configs" / "notebook.toml")
    outputs = temp_dir / "outputs"
    config = apply_overrides(notebook, ["source.kind=csv", 'source.params.path="sample_data/titanic3.csv"'])
    assert policy.checked_config(config, registry, base=server_tree, outputs=outputs) == config  # memory sink

    to_csv = apply_overrides(config, ["sink.kind=csv"])  # the default path, outputs/predictions.csv, is moved
    assert policy.checked_config(to_csv, registry, base=server_tree, outputs=outputs).sink.options == {
        "path": str(outputs / "predictions.csv")
    }
    escaping = apply_overrides(config, ["sink.kind=sqlite", 'sink.params.path="sample_data/titanic.db"'])
    assert policy.checked_config(escaping, registry, base=server_tree, outputs=outputs).sink.options["path"] == str(
        outputs / "titanic.db"
    )

    for typed in ("/etc/passwd", "../../etc/passwd", "sample_data/escape.csv"):
        bad = apply_overrides(config, [f"source.params.path={typed}"])
        with pytest.raises(ConfigError, match=r"source\.params\.path .* is not a file in sample_data/"):
            policy.checked_config(bad, registry, base=server_tree, outputs=outputs)

    upload = save_upload("My Passengers.csv", b"pid\n1\n")
    state.put("files.uploads", {str(upload): "My Passengers.csv"})
    by_name = apply_overrides(config, ['source.params.path="My Passengers.csv"'])  # as the user knows it
    checked = policy.checked_config(by_name, registry, base=server_tree, outputs=outputs)
    assert checked.source.options["path"] == str(upload)
    state.put("files.uploads", {})


def test_private_paths_are_shown_by_the_users_own_file_name(temp_dir):
    upload = save_upload("my_passengers.csv", b"pid\n1\n")
    state.put("files.uploads", {str(upload): "my_passengers.csv"})
    assert policy.shown_path(str(upload)) == "my_passengers.csv"
    assert policy.shown_path(str(session_folder() / "outputs" / "predictions.csv")) == "predictions.csv"
    assert policy.shown_path("sample_data/titanic3.csv") == "sample_data/titanic3.csv"
    assert policy.shown_path(f"{session_folder()}-other/x.csv") == f"{session_folder()}-other/x.csv"
    state.put("files.uploads", {})


def test_a_saved_upload_is_released_from_the_servers_memory(monkeypatch):
    from types import SimpleNamespace

    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    manager = MemoryUploadedFileManager("/upload")
    record = UploadedFileRec("file-1", "mine.csv", "text/csv", b"pid\n1\n" * 1000)
    manager.add_file("session-1", record)
    monkeypatch.setattr(files, "get_script_run_ctx", lambda: SimpleNamespace(uploaded_file_mgr=manager, session_id="s"))
    files._release(UploadedFile(record, None))  # another session's id: nothing of this one's is touched
    assert manager.get_files("session-1", ["file-1"]) == [record]
    monkeypatch.setattr(
        files, "get_script_run_ctx", lambda: SimpleNamespace(uploaded_file_mgr=manager, session_id="session-1")
    )
    files._release(UploadedFile(record, None))
    assert manager.get_files("session-1", ["file-1"]) == []
