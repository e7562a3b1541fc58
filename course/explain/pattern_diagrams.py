"""Structure diagrams of Adapter, Factory and Strategy, drawn from the package's real classes.

Every box comes from a class: its name, its methods (via `inspect`), its parameters, and the
libraries its module imports. The pictures cannot drift from the code.
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

from course.explain.dot import attributes, statement
from course.explain.syntax import parse
from cq4ds.ports import PROTOCOLS
from cq4ds.registry import Registry
from cq4ds.usecases.predictor import Predictor

STORAGE_STDLIB = frozenset({"sqlite3", "csv"})  # standard-library modules that are storage, worth naming
_GRAPH = {"rankdir": "LR", "fontname": "Helvetica", "nodesep": 0.2, "ranksep": 0.6, "bgcolor": "white"}
_NODE = {"shape": "box", "style": "rounded,filled", "fontname": "Helvetica", "fontsize": 10}
_EDGE = {"fontname": "Helvetica", "fontsize": 9, "color": "#4a4a4a", "arrowsize": 0.7}
PORT_STYLE = {"fillcolor": "#d5e8e4", "color": "#5f9ea0"}
CLASS_STYLE = {"fillcolor": "#d2e2f2", "color": "#6f98c8"}
CORE_STYLE = {"fillcolor": "#d3e8cd", "color": "#6aa84f"}
_REALISES = {"style": "dashed", "dir": "back", "arrowtail": "empty", "label": "implements"}  # UML: class ⇢ port
OUTSIDE_STYLE = {"fillcolor": "#f3f3f3", "color": "#8a8a8a", "shape": "cylinder"}


def methods(cls: type, *, own_only: bool = False) -> tuple[str, ...]:
    """The public methods of `cls` (and `__call__`), as "name(arguments)" without self or annotations."""
    members = vars(cls).items() if own_only else inspect.getmembers(cls, inspect.isfunction)
    found = []
    for name, member in members:
        if inspect.isfunction(member) and (not name.startswith("_") or name == "__call__"):
            arguments = [p for p in inspect.signature(member).parameters if p != "self"]
            found.append(f"{name}({', '.join(arguments)})")
    return tuple(found)


def storage_libraries(cls: type) -> tuple[str, ...]:
    """The third-party and storage libraries the module defining `cls` imports (what the adapter wraps)."""
    tree = parse(Path(inspect.getfile(cls)).read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    outside = {name for name in names if name != "cq4ds" and name != "__future__"}
    return tuple(sorted(n for n in outside if n not in sys.stdlib_module_names or n in STORAGE_STDLIB))


def _box(title: str, lines: tuple[str, ...], style: dict[str, str], tooltip: str = "") -> str:
    return statement(title, label="\n".join((title, *lines)), tooltip=tooltip, **style)


def _digraph(name: str, body: list[str]) -> str:
    defaults = ["  graph " + attributes(**_GRAPH), "  node " + attributes(**_NODE), "  edge " + attributes(**_EDGE)]
    return "\n".join([f'digraph "{name}" {{', *defaults, *body, "}"]) + "\n"


def _implementations(port: str, registry: Registry) -> list[tuple[str, type]]:
    return [(kind, registry.component_class(port, kind)) for kind in registry.kinds(port)]


def adapter_dot(registry: Registry | None = None) -> str:
    """The core's loader calling the PassengerSource port; each source adapter implements it and wraps a library."""
    registry = registry or Registry()
    port = PROTOCOLS["source"]
    body = [
        "  " + _box("read_all", ("cq4ds.usecases.training",), CORE_STYLE, "the core's load stage"),
        "  " + _box(port.__name__, ("«port»", *methods(port, own_only=True)), PORT_STYLE),
        "  " + statement("read_all", port.__name__, label="calls"),
    ]
    wrapped = {cls: storage_libraries(cls) for _, cls in _implementations("source", registry)}
    body += ["  " + statement(library, **OUTSIDE_STYLE) for library in sorted(set().union(*wrapped.values()))]
    for kind, cls in _implementations("source", registry):
        body.append("  " + _box(cls.__name__, (f"kind: {kind}", *methods(cls)), CLASS_STYLE, cls.__module__))
        body.append("  " + statement(port.__name__, cls.__name__, **_REALISES))
        body += ["  " + statement(cls.__name__, lib, label="uses", color="#8a8a8a") for lib in wrapped[cls]]
    return _digraph("adapter", body)


def factory_dot(port: str, registry: Registry | None = None) -> str:
    """A spec (kind + params) going into Registry.create, which builds one of the classes registered for `port`.

    Raises:
        ConfigError: `port` is not a port the registry knows.
    """
    registry = registry or Registry()
    implementations = _implementations(port, registry)  # checks the port first
    protocol = PROTOCOLS[port]
    body = [
        "  " + _box("ComponentSpec", ("kind", "params"), OUTSIDE_STYLE | {"shape": "note"}, "from TOML, CLI or UI"),
        "  " + _box("Registry", methods(Registry), CORE_STYLE, Registry.__module__),
        "  " + _box(protocol.__name__, (f"«port: {port}»",), PORT_STYLE),
        "  " + statement("ComponentSpec", "Registry", label="create(port, spec)"),
    ]
    for kind, cls in implementations:
        body.append("  " + _box(cls.__name__, (cls.__module__,), CLASS_STYLE))
        body.append("  " + statement("Registry", cls.__name__, label=f'"{kind}"', style="dashed"))
        body.append("  " + statement(cls.__name__, protocol.__name__, label="is a", color="#5f9ea0"))
    return _digraph("factory", body)


def strategy_dot(registry: Registry | None = None) -> str:
    """Predictor holding a Model; each model strategy implements it, with its own parameters."""
    registry = registry or Registry()
    port = PROTOCOLS["model"]
    body = [
        "  " + _box(Predictor.__name__, ("«context»", *methods(Predictor)), CORE_STYLE),
        "  " + _box(port.__name__, ("«port»", *methods(port, own_only=True)), PORT_STYLE),
        "  " + statement(Predictor.__name__, port.__name__, label="holds and calls"),
    ]
    for kind, cls in _implementations("model", registry):
        info = registry.info("model", kind)
        params = tuple(f"{p.name} = {p.default!r}" for p in info.params)
        body.append("  " + _box(cls.__name__, (f"kind: {kind}", *params), CLASS_STYLE, info.summary))
        body.append("  " + statement(port.__name__, cls.__name__, **_REALISES))
    return _digraph("strategy", body)
