"""Files in the Lab: bundled samples, this session's uploads, and this session's output folder.

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

One policy covers every path a browser supplies, however it arrives (a picker, a link, text typed
on a page): a component may read only a file in sample_data/ or one of this session's own uploads
(`allowed_path`, after symbolic links and `..` are resolved), and writes only inside this session's
folder. `checked_config` applies it to a whole composition: the Lab (`lab.accept`) and the workflow
page (step 2) run nothing a browser chose without it; links check their paths with `allowed_path`.
A page never shows this session's private paths: `shown_path` names an upload by the user's own file
name and any other file in the session folder by its file name.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from course.ui import state
from course.ui.forms import ParamWidget
from cq4ds.domain import PORTS, ComponentSpec, ConfigError, PipelineConfig
from cq4ds.params import ParamInfo
from cq4ds.registry import Registry

SAMPLE_FOLDER = Path("sample_data")
UPLOAD = "Upload your own file…"
SUFFIXES = {
    "csv": (".csv",),
    "parquet": (".parquet",),
    "sqlite": (".db", ".sqlite", ".sqlite3"),
    "duckdb": (".duckdb",),
}
SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
PATH_NAMES = frozenset({"path", "file", "filename", "folder", "directory", "dir", "database"})
PATH_ENDINGS = ("_path", "_file", "_folder", "_dir")
READ_FIX = f"choose a file from {SAMPLE_FOLDER}/ or upload one"
SHOWN_CHARACTERS = 240  # a value quoted back in a message is cut to this length


STALE_AFTER_SECONDS = 12 * 3600
SERVER_PREFIX = "cq4ds-server-"
SERVER_MARKER = ".cq4ds-server"
SESSION_PREFIX = "session-"
SESSION_MARKER = ".cq4ds-session"

_server_folders: dict[str, Path] = {}  # this process's folder, per system temp directory (tests change it)
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
        prune_stale(server, STALE_AFTER_SECONDS, time.time())
    return folder


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
    return (stat.S_ISDIR(folder_info.st_mode) and stat.S_ISREG(marker_info.st_mode)
            and _owned(folder_info) and _owned(marker_info))


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


def save_upload(name: str, data: bytes) -> Path:
    """Keep an uploaded file in this session's folder under its content hash, readable by the server only; return it."""
    suffix = Path(name).suffix.lower()
    target = session_folder() / "uploads" / f"{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    target.parent.mkdir(mode=0o700, exist_ok=True)
    if not target.exists():
        _write_private(target, data)
    return target


def _write_private(target: Path, data: bytes) -> None:
    """Write `target` whole or not at all, as a file only its owner can read or write (0600 whatever the umask).

    The name is a content hash, so a half-written file must never appear under it.
    """
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".upload", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            os.chmod(name, 0o600)
            file.write(data)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def uploads(kind: str) -> list[str]:
    """This session's uploaded files that a `kind` source can read."""
    return [path for path in state.get("files.uploads", {}) if Path(path).suffix in SUFFIXES[kind]]


def is_upload(value: object) -> bool:
    """Whether `value` is the path of one of this session's uploads."""
    return isinstance(value, str) and value in state.get("files.uploads", {})


def _label(choice: str) -> str:
    names = state.get("files.uploads", {})
    original = names.get(choice)
    if original is None:
        return choice
    same_name = sum(name == original for name in names.values()) > 1
    return f"your upload: {original}" + (f" ({Path(choice).stem[:6]})" if same_name else "")


def friendly(text: str) -> str:
    """`text` with this session's upload paths named as uploaded, and its private folder named as such."""
    for path, original in state.get("files.uploads", {}).items():
        text = text.replace(path, f"your upload {original!r}")
    folder = state.get("files.folder")
    return text.replace(str(folder), "your session folder") if folder else text


def _keep_upload(path_key: str, upload_key: str) -> None:
    uploaded = st.session_state.get(upload_key)
    if uploaded is not None:
        path = str(save_upload(uploaded.name, uploaded.getvalue()))
        state.put("files.uploads", {**state.get("files.uploads", {}), path: uploaded.name})
        st.session_state[path_key] = path  # the picker moves to the saved file: the uploader is not drawn again
        _release(uploaded)


def _release(uploaded: UploadedFile) -> None:
    """Let the server forget an upload's bytes once they are saved to the session folder.

    Streamlit keeps every uploaded file in memory until its session ends (50 MB per upload here);
    `st.chat_input` releases its files the same way once it has read them.
    """
    ctx = get_script_run_ctx()
    if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=uploaded.file_id)


def source_file_widget(kind: str) -> ParamWidget:
    """A widget for a file source's path: a bundled sample, one of this session's uploads, or a new upload."""

    def widget(info: ParamInfo, key: str) -> str:
        samples = [str(p) for p in sorted(SAMPLE_FOLDER.glob("*")) if p.suffix in SUFFIXES[kind]]
        choices = [*samples, *uploads(kind), UPLOAD]
        if st.session_state.get(key) not in choices:
            st.session_state[key] = info.default if info.default in choices else choices[0]
        choice = st.selectbox("file", choices, key=key, help=info.help, format_func=_label)
        if choice != UPLOAD:
            return choice
        upload_key = f"{key}.upload"
        st.file_uploader(
            f"Your {kind} file ({', '.join(SUFFIXES[kind])}, up to 50 MB)",
            type=[suffix.lstrip(".") for suffix in SUFFIXES[kind]],
            key=upload_key,
            on_change=_keep_upload,
            args=(key, upload_key),
            help="Kept in this browser session only; other participants never see it.",
        )
        st.info("Choose a file to upload; until then the Lab keeps the previous composition.")
        return ""

    return widget


def output_name_widget(info: ParamInfo, key: str) -> str:
    """A widget for a sink's output file: a plain file name; the file is written in this session's folder."""
    if key not in st.session_state:
        st.session_state[key] = Path(str(info.default)).name
    name = st.text_input("output file name", key=key, help="Written inside this session's own folder only")
    return safe_file_name(name, Path(str(info.default)).suffix)


def safe_file_name(name: str, suffix: str) -> str:
    """A plain file name with the right suffix; folders and odd characters are removed."""
    stem = SAFE_NAME.sub("_", Path(name.strip()).name).strip("._") or "predictions"
    return stem if stem.endswith(suffix) else Path(stem).stem + suffix


def output_path(file_name: str) -> Path:
    """Where a sink writes `file_name` for this session."""
    return session_folder() / "outputs" / safe_file_name(file_name, Path(file_name).suffix)


# --- The one policy for paths a browser supplies ------------------------------------------------------------------


def is_path_param(name: str) -> bool:
    """Whether a component parameter names a file or folder, judged by its name: `path`, `file`, `*_path`, ..."""
    return name in PATH_NAMES or name.endswith(PATH_ENDINGS)


def _quoted(typed: str) -> str:
    """`typed` quoted back in a message, cut short when long."""
    return repr(typed if len(typed) <= SHOWN_CHARACTERS else typed[: SHOWN_CHARACTERS - 1] + "…")


def _uploads_folder() -> Path | None:
    """This session's uploads folder, if this session has a folder of its own (none is created to ask)."""
    folder = state.get("files.folder")
    return Path(folder) / "uploads" if folder is not None and is_ours(folder, SESSION_MARKER) else None


def allowed_path(value: object, *, where: str = "path", base: Path | None = None, with_uploads: bool = True) -> Path:
    """The resolved file `value` names, if a browser may read it: a file in sample_data/ or this session's uploads.

    `value` is taken relative to `base` (the working folder by default), and symbolic links and `..` are
    resolved before it is judged: a path climbing out of sample_data/, a link in it pointing elsewhere,
    another session's upload and any other file on the server are all refused. `with_uploads=False`
    allows sample_data/ only (a link must work in any session).

    Raises:
        ConfigError: naming `where` and the value as typed (never anything read from a file).
    """
    typed = str(value)
    root = Path.cwd() if base is None else base
    own = _uploads_folder() if with_uploads else None
    try:
        resolved = (root / typed).resolve()
        places = [(root / SAMPLE_FOLDER).resolve(), *([own.resolve()] if own is not None else [])]
    except (OSError, RuntimeError, ValueError):  # a null byte, a loop of links, a name too long
        resolved, places = None, []
    if resolved is not None and any(resolved != place and resolved.is_relative_to(place) for place in places):
        return resolved
    allowed = f"{SAMPLE_FOLDER}/" + (" or among your uploads" if with_uploads else "")
    fix = READ_FIX if with_uploads else f"links may only name files in {SAMPLE_FOLDER}/"
    raise ConfigError(f"{where} {_quoted(typed)} is not a file in {allowed}", fix)


def own_upload(value: object) -> object:
    """This session's upload that the user knows as `value` (its own file name), else `value` unchanged."""
    if not isinstance(value, str) or Path(value).name != value:
        return value
    named = [path for path, original in state.get("files.uploads", {}).items() if Path(original).name == value]
    return named[-1] if named else value  # the latest upload of that name


def _pinned(spec: ComponentSpec, registry: Registry, outputs: Path | None) -> ComponentSpec:
    """`spec` (a sink) with every path it writes moved into `outputs`, keeping only the file's name."""
    try:
        defaults = {info.name: info.default for info in registry.info("sink", spec.kind).params}
    except ConfigError:  # an unknown kind: whoever builds it will say so; its given paths are still moved
        defaults = {}
    given = {**defaults, **spec.options}
    paths = {name: value for name, value in given.items() if is_path_param(name) and value is not None}
    if not paths:
        return spec
    folder = outputs if outputs is not None else session_folder() / "outputs"
    moved = {}
    for name, value in paths.items():
        text = str(value)
        moved[name] = str(folder / safe_file_name(text, Path(text).suffix))
    return spec.with_params(**moved)


def checked_config(
    config: PipelineConfig, registry: Registry, *, base: Path | None = None, outputs: Path | None = None
) -> PipelineConfig:
    """`config` as a browser may have it run: what it reads passes `allowed_path`; what it writes lands in `outputs`.

    Every path parameter (`is_path_param`) of every port but the sink must name a file in sample_data/
    or one of this session's uploads (an upload may be named by the user's own file name). The sink's
    path parameters, defaults included, are moved into `outputs` (this session's outputs folder by
    default), keeping only the file's name. Raises ConfigError for the first path refused.
    """
    specs = {}
    for port in PORTS:
        spec = config.spec(port)
        if port == "sink":
            specs[port] = _pinned(spec, registry, outputs)
            continue
        reads = {name: own_upload(value) for name, value in spec.params if is_path_param(name)}
        for name, value in reads.items():
            allowed_path(value, where=f"{port}.params.{name}", base=base)
        specs[port] = spec.with_params(**reads) if reads else spec
    return PipelineConfig(**specs, on_invalid=config.on_invalid)


def shown_path(value: str) -> str:
    """How a path is shown on a page: this session's upload by the user's own file name, any other file in this
    session's folder by its file name, anything else as it is."""
    original = state.get("files.uploads", {}).get(value)
    if original is not None:
        return Path(original).name
    folder = state.get("files.folder")
    if folder is not None and value.startswith(f"{folder}{os.sep}"):
        return Path(value).name
    return value
