"""Show the real code: where a class or function lives and its source text, read with `inspect`."""

from __future__ import annotations

import ast
import functools
import importlib.util
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.explain.syntax import parse
from cq4ds.domain import PORTS, ConfigError
from cq4ds.ports import PROTOCOLS
from cq4ds.registry import Registry


@dataclass(frozen=True, slots=True)
class SourceView:
    """A class or function's source: its name, where it is defined, and its text."""

    qualname: str
    module: str
    path: str  # relative to the repository root when inside it, e.g. "cq4ds/ports.py"
    line: int  # first line (the first decorator, if any), counting from 1
    text: str

    @property
    def location(self) -> str:
        """`path:line`, the form editors and tracebacks use."""
        return f"{self.path}:{self.line}"


def _repo_root() -> Path:
    """The folder holding the cq4ds package."""
    return Path(__file__).resolve().parents[2]


def _shown_path(filename: str) -> str:
    """`filename` relative to the repository root when inside it, else absolute."""
    path = Path(filename).resolve()
    return path.relative_to(_repo_root()).as_posix() if path.is_relative_to(_repo_root()) else path.as_posix()


@functools.cache
def source_of(obj: type | Callable[..., Any]) -> SourceView:
    """The source of a class or function (cached: the code on disk does not change while we run).

    Raises:
        TypeError: `obj` is not a class or function, or is built in.
        OSError: its source is not available (e.g. it was defined in an interactive session).
    """
    lines, first = inspect.getsourcelines(obj)
    filename = inspect.getsourcefile(obj) or inspect.getfile(obj)
    return SourceView(obj.__qualname__, obj.__module__, _shown_path(filename), first, textwrap.dedent("".join(lines)))


def component_source(registry: Registry, port: str, kind: str) -> SourceView:
    """The source of the component registered as `kind` for `port`."""
    return source_of(registry.component_class(port, kind))


def port_source(port: str) -> SourceView:
    """The source of the Protocol a port's components must satisfy."""
    if port not in PROTOCOLS:
        raise ConfigError(f"unknown port {port!r}", f"use one of {', '.join(PORTS)}")
    return source_of(PROTOCOLS[port])


@functools.cache
def module_summary(module: str) -> str:
    """The first line of a module's docstring, read from its file without importing the module."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return ""
    docstring = ast.get_docstring(parse(Path(spec.origin).read_text(encoding="utf-8"))) or ""
    return docstring.splitlines()[0] if docstring else ""


@functools.cache
def module_source(module: str) -> SourceView:
    """The whole source of a module of this project, e.g. "cq4ds.strategies.feature_parts"."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        raise ConfigError(f"no Python source for module {module!r}", "name a module of this project")
    text = Path(spec.origin).read_text(encoding="utf-8")
    return SourceView(module, module, _shown_path(spec.origin), 1, text)
