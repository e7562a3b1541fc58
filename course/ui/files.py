"""Files in the Lab: bundled samples, this session's uploads, and the names its outputs get.

Uploads are saved in this session's own folder (`course.ui.homes`) under a content hash, readable by the
server only, and their bytes leave Streamlit's memory at once; pages name them by the user's own file
name. What a browser may read or write is decided by `course.ui.policy`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from course.ui import state
from course.ui.forms import ParamWidget
from course.ui.homes import session_folder
from cq4ds.params import ParamInfo

SAMPLE_FOLDER = Path("sample_data")
UPLOAD = "Upload your own file…"
SUFFIXES = {
    "csv": (".csv",),
    "parquet": (".parquet",),
    "sqlite": (".db", ".sqlite", ".sqlite3"),
    "duckdb": (".duckdb",),
}
SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


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
