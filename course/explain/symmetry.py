"""Experimental-operational symmetry, read from the code: the core both contexts share, and their wiring.

The core is found from the real objects a context builds and the package's real imports, and
summed up by a hash of its files; the wiring is read from the context functions' own source.
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import importlib.util
import inspect
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from course.explain.imports import module_imports
from course.explain.syntax import parse
from cq4ds import contexts, usecases
from cq4ds.bootstrap import Pipeline

CORE_PORTS = ("cleaning", "features", "model", "split")
BUILT_FROM_CONFIG = "(built from the config)"


@dataclass(frozen=True, slots=True)
class Part:
    """Which class fills one port of a context's pipeline, and the module it lives in."""

    port: str
    cls: str
    module: str


def parts(pipeline: Pipeline) -> tuple[Part, ...]:
    """The class and module filling each port of `pipeline`."""
    components = {
        "source": pipeline.source,
        "cleaning": pipeline.cleaning,
        "features": pipeline.features,
        "model": pipeline.model,
        "split": pipeline.split,
        "sink": pipeline.sink,
    }
    return tuple(Part(port, type(c).__qualname__, type(c).__module__) for port, c in components.items())


def core_modules(pipeline: Pipeline) -> tuple[str, ...]:
    """The modules a run executes whatever the context: the use cases, the core components, and all they import."""
    used = {part.module for part in parts(pipeline) if part.port in CORE_PORTS}
    cases = {info.name for info in pkgutil.iter_modules(usecases.__path__, f"{usecases.__name__}.")}
    edges = module_imports()
    found, todo = used | cases, list(used | cases)
    while todo:
        module = todo.pop()
        imported = {target for importer, target in edges if importer == module} - found
        found |= imported
        todo.extend(imported)
    return tuple(sorted(found))


def module_file(name: str) -> Path:
    """The source file of module `name`, found without running it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise LookupError(f"module {name} has no source file")
    return Path(spec.origin)


def source_digest(files: Iterable[Path], root: Path | None = None) -> str:
    """sha256 over `files`: each one's path relative to `root` (the repository by default) and its bytes.

    The order the files are given in does not matter; moving, renaming or editing any of them changes the hash.
    """
    root = (root or module_file("cq4ds").parent.parent).resolve()
    digest = hashlib.sha256()
    for file in sorted(Path(f).resolve() for f in files):
        content = hashlib.sha256(file.read_bytes()).digest()  # fixed length: no two file lists hash alike
        digest.update(file.relative_to(root).as_posix().encode() + b"\0" + content)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Core:
    """The code a pipeline runs whatever its context, summed up by a hash of its source files."""

    modules: tuple[str, ...]
    digest: str  # sha256 hex
    lines: int


def core_of(pipeline: Pipeline) -> Core:
    """The core modules of `pipeline`, their combined hash and their line count."""
    modules = core_modules(pipeline)
    files = [module_file(name) for name in modules]
    lines = sum(len(file.read_text(encoding="utf-8").splitlines()) for file in files)
    return Core(modules, source_digest(files), lines)


def context_sources() -> tuple[str, str]:
    """The source of `contexts.testing` and of `contexts.production`, as they are in the package."""
    return inspect.getsource(contexts.testing), inspect.getsource(contexts.production)


def wiring_diff() -> str:
    """A unified diff from the test context's function to the production context's."""
    testing, production = context_sources()
    lines = difflib.unified_diff(
        testing.splitlines(), production.splitlines(), "contexts.testing", "contexts.production", lineterm=""
    )
    return "\n".join(lines)


def injections() -> tuple[tuple[str, str, str], ...]:
    """What each context passes to `build_pipeline`, read from their code: (argument, testing, production)."""
    calls = [_build_pipeline_call(source) for source in context_sources()]
    names = list(dict.fromkeys(name for call in calls for name in call))
    return tuple((name, *(call.get(name, BUILT_FROM_CONFIG) for call in calls)) for name in names)


def _build_pipeline_call(source: str) -> dict[str, str]:
    """The arguments of the `build_pipeline(...)` call in a function's source, as code."""
    call = next(
        node
        for node in ast.walk(parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "build_pipeline"
    )
    given = {"config": ast.unparse(call.args[0])} if call.args else {}
    return given | {keyword.arg: ast.unparse(keyword.value) for keyword in call.keywords if keyword.arg}
