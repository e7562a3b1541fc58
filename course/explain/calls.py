"""Reading the code for the story: type hints (names imported for type checking included) and, with `ast`,
the calls a function makes, followed into this project's own functions but never through a port.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import sys
import typing
from dataclasses import dataclass
from typing import Any

from course.explain.source import source_of
from course.explain.syntax import parse

PACKAGES = ("cq4ds", "course")  # calls are followed into these packages' functions, nowhere else


@dataclass(frozen=True)
class _Instance:
    """An expression known to hold an instance of `cls` (a typed parameter, `self`, a typed field)."""

    cls: type


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@functools.cache
def _type_checking_names(module_name: str) -> dict[str, Any]:
    """The names a module imports under `if TYPE_CHECKING:` (its annotations use them; its run time does not)."""
    module = sys.modules.get(module_name)
    try:
        tree = parse(inspect.getsource(module)) if module else None
    except (OSError, TypeError):
        tree = None
    names: dict[str, Any] = {}
    for node in tree.body if tree else ():
        if not (isinstance(node, ast.If) and _is_type_checking(node.test)):
            continue
        for statement in node.body:
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    names[bound] = importlib.import_module(alias.name if alias.asname else bound)
            elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
                imported = importlib.import_module(statement.module)
                names.update({alias.asname or alias.name: getattr(imported, alias.name) for alias in statement.names})
    return names


def namespace_of(obj: Any) -> dict[str, Any]:
    module = sys.modules.get(getattr(obj, "__module__", "") or "")
    return {**_type_checking_names(getattr(obj, "__module__", "")), **(vars(module) if module else {})}


def hints(obj: Any) -> dict[str, Any]:
    """`typing.get_type_hints`, with the names the module imports only for type checking ({} when unreadable)."""
    try:
        return typing.get_type_hints(obj, globalns=namespace_of(obj))
    except (NameError, TypeError, AttributeError):
        return {}


def plain_object(obj: Any) -> Any:
    """A classmethod or bound method as its function, so that each callable is counted once."""
    return getattr(obj, "__func__", obj)


def is_ours(obj: Any) -> bool:
    return (getattr(obj, "__module__", None) or "").split(".")[0] in PACKAGES


def owner_of(function: Any) -> type | None:
    """The class a method is defined in (None for plain and nested functions)."""
    parts = getattr(function, "__qualname__", "").split(".")
    if len(parts) < 2 or "<locals>" in parts:
        return None
    owner: Any = sys.modules.get(function.__module__)
    for part in parts[:-1]:
        owner = getattr(owner, part, None)
    return owner if inspect.isclass(owner) else None


def is_port(cls: type | None) -> bool:
    return bool(cls is not None and getattr(cls, "_is_protocol", False))


def value_of(node: ast.expr, namespace: dict[str, Any], types: dict[str, Any]) -> Any:
    """What an expression names: a module, class or function (as such), or an `_Instance` of a known class."""
    if isinstance(node, ast.Name):
        if node.id in types:
            return _Instance(types[node.id]) if inspect.isclass(types[node.id]) else None
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        base = value_of(node.value, namespace, types)
        if isinstance(base, _Instance):
            field = hints(base.cls).get(node.attr)
            if inspect.isclass(field):
                return _Instance(field)
            return getattr(base.cls, node.attr, None)
        return getattr(base, node.attr, None) if base is not None else None
    return None


def definition_of(function: Any) -> ast.AST | None:
    try:
        tree = parse(source_of(function).text)
    except (OSError, TypeError):
        return None  # generated or built-in: no source to read
    return tree.body[0] if tree.body else None


def callees(function: Any) -> tuple[Any, ...]:
    """The package's classes and functions that `function` calls (nested functions' calls included)."""
    definition = definition_of(function)
    if definition is None:
        return ()
    namespace = namespace_of(function)
    types = {name: tp for name, tp in hints(function).items() if name != "return"}
    owner = owner_of(function)
    if owner is not None:
        types["self"] = owner
    for node in ast.walk(definition):  # local names bound to a new instance: `model = Predictor(...)`
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            made = value_of(node.value.func, namespace, types)
            for target in node.targets:
                if isinstance(target, ast.Name) and inspect.isclass(made):
                    types.setdefault(target.id, made)
    found: dict[Any, None] = {}
    for node in ast.walk(definition):
        if isinstance(node, ast.Call):
            target = plain_object(value_of(node.func, namespace, types))
            if isinstance(target, _Instance):
                target = target.cls
            if target is not None and callable(target) and is_ours(target):
                found[target] = None
    return tuple(found)


@functools.cache
def reach(function: Any) -> dict[Any, tuple[Any, ...]]:
    """Everything of the package's that `function` calls, directly or through the package's functions.

    Each callee maps to the chain of calls that leads to it. Methods of a port (a `typing.Protocol`) are
    listed but not followed: which adapter or strategy answers is decided at run time. A callable object the
    package makes (a class of its own with a `__call__`) is made to be called, wherever that happens (an engine
    runs it on each partition): its `__call__` is followed as the next step after the class.
    """
    paths: dict[Any, tuple[Any, ...]] = {function: (function,)}
    queue = [function]
    while queue:
        current = queue.pop(0)
        if inspect.isclass(current) and is_ours(current) and not is_port(current) and "__call__" in vars(current):
            called = vars(current)["__call__"]
            if called not in paths:
                paths[called] = (*paths[current], called)
                queue.append(called)
            continue
        if current is not function and (
            not inspect.isfunction(current) or not is_ours(current) or is_port(owner_of(current))
        ):
            continue
        for callee in callees(current):
            if callee not in paths:
                paths[callee] = (*paths[current], callee)
                queue.append(callee)
    return paths


def name(obj: Any) -> str:
    """How the pages name a class or function: `Predictor.predictions`, `conform`, `pandas.DataFrame`."""
    if inspect.isclass(obj) and not is_ours(obj) and "." in obj.__module__:  # a library's class, by its public name
        top = sys.modules.get(obj.__module__.split(".")[0])
        if getattr(top, obj.__qualname__, None) is obj:
            return f"{top.__name__}.{obj.__qualname__}"
    return getattr(obj, "__qualname__", repr(obj))


def call_chain(path: tuple[Any, ...]) -> str:
    """A chain of calls as the pages print it; a class made only to be called shows as its `__call__`."""
    shown = [step for step, after in zip(path, (*path[1:], None), strict=True) if not _made_to_call(step, after)]
    return " → ".join(f"`{name(step)}`" for step in shown)


def _made_to_call(step: Any, after: Any) -> bool:
    return inspect.isclass(step) and after is not None and vars(step).get("__call__") is after


def reads_global(function: Any, global_name: str) -> Any:
    """The module-level object `function` reads under `global_name` (None when it does not read it)."""
    definition = definition_of(function)
    used = definition is not None and any(
        isinstance(node, ast.Name) and node.id == global_name for node in ast.walk(definition)
    )
    return namespace_of(function).get(global_name) if used else None


def _reads_batches(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "read_batches"


def loops_over_batches(function: Any, callee: Any) -> bool:
    """Whether `function` calls `callee` inside a loop over `….read_batches(...)` (directly or through a name)."""
    definition = definition_of(function)
    if definition is None:
        return False
    namespace = namespace_of(function)
    batch_names = {
        target.id
        for node in ast.walk(definition)
        if isinstance(node, ast.Assign) and _reads_batches(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for loop in ast.walk(definition):
        over_batches = isinstance(loop, ast.For) and (
            _reads_batches(loop.iter) or (isinstance(loop.iter, ast.Name) and loop.iter.id in batch_names)
        )
        if over_batches:
            calls = (node for statement in loop.body for node in ast.walk(statement) if isinstance(node, ast.Call))
            if any(plain_object(value_of(call.func, namespace, {})) is callee for call in calls):
                return True
    return False
