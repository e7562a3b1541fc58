"""The one policy for every path a browser supplies, however it arrives (a picker, a link, text typed on a page).

A component may read only a file in sample_data/ or one of this session's own uploads (`allowed_path`,
after symbolic links and `..` are resolved), and writes only inside this session's folder.
`checked_config` applies it to a whole composition: the Lab (`lab.accept`) and the workflow page
(step 2) run nothing a browser chose without it; links check their paths with `allowed_path`. A page
never shows this session's private paths: `shown_path` names an upload by the user's own file name and
any other file in the session folder by its file name.
"""

from __future__ import annotations

import os
from pathlib import Path

from course.ui import state
from course.ui.files import SAMPLE_FOLDER, safe_file_name
from course.ui.homes import SESSION_MARKER, is_ours, session_folder
from cq4ds.domain import PORTS, ComponentSpec, ConfigError, PipelineConfig
from cq4ds.registry import Registry

PATH_NAMES = frozenset({"path", "file", "filename", "folder", "directory", "dir", "database"})
PATH_ENDINGS = ("_path", "_file", "_folder", "_dir")
READ_FIX = f"choose a file from {SAMPLE_FOLDER}/ or upload one"
SHOWN_CHARACTERS = 240  # a value quoted back in a message is cut to this length


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
