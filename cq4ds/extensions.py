"""The extension point: components written in the participant's own files join the registry.

Each `exercises/*.py` (not starting with `_`) declares what it adds in a module-level table,
`COMPONENTS = {"source": {"jsonl": JsonLinesSource}}`. `discover` runs every such file afresh
on each call, so an edited file shows up on the next rerun, and returns a new registry: the
built-in one is never changed (open for extension, closed for modification). A broken file
becomes a one-line problem and the other files still load. Only files on disk are run, never
text typed into the app.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from cq4ds.domain import ConfigError
from cq4ds.registry import Registry

EXERCISES_VARIABLE = "CQ4DS_EXERCISES"
"""The environment variable naming the exercises folder the app and the CLI discover (default: exercises)."""
PROJECT = Path(__file__).resolve().parent.parent
"""The project's checkout (the package's parent folder): where exercises/, sample_data/ and configs/ live."""
EXAMPLE = 'COMPONENTS = {"source": {"jsonl": JsonLinesSource}}'


class Found(NamedTuple):
    """One component a file added: its port, its kind and the file it came from."""

    port: str
    kind: str
    path: str


class Problem(NamedTuple):
    """A file, or one of its components, that could not be added, and why (one line)."""

    path: str
    message: str


class Discovery(NamedTuple):
    """What `discover` found: the extended registry, the components it added and the problems."""

    registry: Registry
    found: tuple[Found, ...]
    problems: tuple[Problem, ...]


def exercises_folder() -> Path:
    """The exercises folder the app and the CLI discover: $CQ4DS_EXERCISES, read now, else the project's `exercises`.

    The project's folder is named relative to the working directory when it is inside it (`exercises` from the
    project root), so messages name it as a participant typed it; from elsewhere it is absolute.
    """
    chosen = os.environ.get(EXERCISES_VARIABLE)
    if chosen:
        return Path(chosen)
    return shown(PROJECT / "exercises")


def shown(path: Path) -> Path:
    """`path` relative to the working directory when it lies inside it, else as it is."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def with_exercises() -> Discovery:
    """The built-in registry extended with the exercises folder's components: what the app, `run` and `score` use."""
    return discover(exercises_folder())


def raised_at(error: BaseException, where: Path) -> str | None:
    """Where in `where` (a file, or a folder of files) `error` was raised: the innermost such line, or None."""
    inside = where.resolve()
    theirs = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(inside)
    ]
    if not theirs:
        return None
    frame = theirs[-1]
    return f"{shown(Path(frame.filename))}, line {frame.lineno} (in {frame.name})"


def component_failure(
    error: BaseException, folder: Path | None = None, then: str = "run it again"
) -> ConfigError | None:
    """A one-line error naming the file and line of a participant's component that raised `error`, if one did.

    The innermost frame of the traceback that lies in the exercises folder (`folder`, by default the one
    discovered) is the participant's line; None when no frame is theirs (the error is not from their code).
    `then` ends the fix: what to do once the file is saved.
    """
    where = raised_at(error, folder or exercises_folder())
    if where is None:
        return None
    return ConfigError(
        f"your component raised {one_line(error).rstrip('.')} at {where}",
        f"change that line, or the value you chose, save the file, and {then}",
    )


def one_line(error: BaseException) -> str:
    """An exception as one line: its type and message, never a traceback."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _module_name(path: Path) -> str:
    """A module name of its own for `path`, clashing with no real module (`json.py` stays yours)."""
    stem = "".join(c if c.isalnum() else "_" for c in path.stem)
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:10]
    return f"cq4ds_exercise_{stem}_{digest}"


def _run_module(path: Path) -> ModuleType:
    """Execute `path` afresh as a module (replacing its previous run) and return it."""
    name = _module_name(path)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None:
        raise ConfigError(f"{path} cannot be imported as Python", "give the file a .py name")
    module = importlib.util.module_from_spec(spec)
    previous = sys.modules.get(name)
    sys.modules[name] = module  # dataclasses and typing look the module up while its classes are made
    try:  # compiled from the text on disk now: no bytecode cache that could serve the version before an edit
        exec(compile(path.read_bytes(), str(path), "exec"), module.__dict__)
    except Exception as error:
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous  # a failed run leaves the last good one in place
        raise ConfigError(f"{path} cannot be imported ({one_line(error)})", "fix that error in the file") from None
    return module


def load_components(path: str | Path) -> dict[str, dict[str, type]]:
    """Run one exercise file afresh and return its COMPONENTS table, checked for shape.

    Raises:
        ConfigError: the file is missing, does not import, or has no well-formed COMPONENTS table.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path} does not exist", "check the path (exercises/README.md shows the layout)")
    table = getattr(_run_module(path), "COMPONENTS", None)
    if table is None:
        raise ConfigError(f"{path} has no COMPONENTS table", f"add one at module level, e.g. {EXAMPLE}")
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: COMPONENTS is a {type(table).__name__}, not a table of ports", f"write {EXAMPLE}")
    for port, kinds in table.items():
        if not isinstance(kinds, Mapping):
            raise ConfigError(
                f"{path}: COMPONENTS[{port!r}] is a {type(kinds).__name__}, not a {{kind: class}} table",
                f"write {EXAMPLE}",
            )
    if not any(table.values()):
        raise ConfigError(f"{path}: COMPONENTS is empty", f"add your component, e.g. {EXAMPLE}")
    return {port: dict(kinds) for port, kinds in table.items()}


def discover(folder: Path = Path("exercises"), base: Registry | None = None) -> Discovery:
    """Add the components of every `folder/*.py` (not starting with `_`) to `base`, each file run afresh.

    Args:
        folder: where the participant's files are; a missing folder adds nothing.
        base: the registry to extend (the built-in one by default); it is never changed.
    """
    registry = base or Registry()
    found: list[Found] = []
    problems: list[Problem] = []
    for path in sorted(Path(folder).glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            table = load_components(path)
        except ConfigError as error:
            problems.append(Problem(str(path), str(error)))
            continue
        for port, kinds in table.items():
            for kind, cls in kinds.items():
                try:
                    registry = registry.extended({port: {kind: cls}})
                except ConfigError as error:
                    problems.append(Problem(str(path), str(error)))
                else:
                    found.append(Found(port, kind, str(path)))
    return Discovery(registry, tuple(found), tuple(problems))
