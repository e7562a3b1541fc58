"""The architecture of a composition, drawn ring by ring from the real imports (grimp) and the registry.

The rings are the five of the `layers` contract in pyproject.toml, outermost first (`RINGS` titles
them; a test keeps the two, the package docstring and the README in step). Nothing else is drawn by
hand: the boxes come from the config and the registry, the solid arrows from the import graph of
the code on disk, the tooltips from the docstrings.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from course.explain.dot import attributes, quote, statement
from course.explain.imports import Edge, node_imports
from course.explain.source import module_summary
from cq4ds.domain import PORTS, PipelineConfig
from cq4ds.params import summary
from cq4ds.ports import PROTOCOLS
from cq4ds.registry import Registry

PORTS_MODULE = "cq4ds.ports"

RINGS = (  # (id, title) of each ring of the layers contract in pyproject.toml, outermost first
    ("entry", "Entry points"),
    ("root", "Composition root"),
    ("usecases", "Use cases"),
    ("components", "Adapters and strategies"),
    ("core", "Ports and domain"),
)
_PALETTE = {  # ring id: (cluster background, node fill, border), muted so the arrows stand out
    "entry": ("#f4f1f8", "#e3dcee", "#8e7cc3"),
    "root": ("#fbf3ec", "#f5dcc6", "#c08552"),
    "usecases": ("#eef6ec", "#d3e8cd", "#6aa84f"),
    "components": ("#edf3fa", "#d2e2f2", "#6f98c8"),
    "core": ("#eef5f4", "#d5e8e4", "#5f9ea0"),
}
_GRAPH = {"rankdir": "TB", "newrank": "true", "nodesep": 0.25, "ranksep": 0.45, "bgcolor": "white"}
_FONT = {"fontname": "Helvetica"}
_HIGHLIGHT = {"fillcolor": "#ffd54f", "color": "#a66f00", "penwidth": 2.5, "style": "rounded,filled,bold"}
_LEGEND = (
    "Solid arrow: a real import, importer → imported (read from the code with grimp). "
    "Dashed arrow: implements the port by structural typing (no import needed)."
)


@dataclass(frozen=True, slots=True)
class Node:
    """One box of the diagram and the modules it stands for (with their submodules)."""

    id: str
    label: str
    modules: tuple[str, ...] = ()
    tooltip: str = ""
    port: str = ""  # the port a component fills or a protocol defines: the two are drawn in one column


@dataclass(frozen=True, slots=True)
class Layer:
    """One cluster of the diagram: a ring of the architecture; rings are drawn outermost at the top."""

    id: str
    title: str
    nodes: tuple[Node, ...]


def component_module(cls: type) -> str:
    """The module a component class is defined in, where its code lives."""
    return cls.__module__


def _module_node(module: str, *also: str) -> Node:
    """A box for a module (and any extra modules it stands for), its docstring as tooltip."""
    return Node(module, module, (module, *also), module_summary(module))


def _component_node(config: PipelineConfig, registry: Registry, port: str) -> Node:
    """A box for the component filling `port`: port, kind, class and module."""
    kind = config.spec(port).kind
    cls = registry.component_class(port, kind)
    module = component_module(cls)
    return Node(port, f"{port}: {kind}\n{cls.__name__}\n{module}", (module,), summary(cls), port)


def _protocol_node(port: str) -> Node:
    """A box for the Protocol a port's components must satisfy."""
    protocol = PROTOCOLS[port]
    return Node(protocol.__name__, f"{protocol.__name__}\n{port} port", (), summary(protocol), port)


def architecture_layers(config: PipelineConfig, registry: Registry | None = None) -> tuple[Layer, ...]:
    """The diagram's rings, one `Layer` per entry of `RINGS`, with the active component of every port of `config`.

    The app's UI (course.ui) stands in ring 1 beside the CLI: outside the package, it is an entry point too.
    """
    registry = registry or Registry()
    boxes = (
        (_module_node("course.ui"), _module_node("cq4ds.cli", "cq4ds.__main__")),
        (_module_node("cq4ds.bootstrap"), _module_node("cq4ds.registry")),
        (_module_node("cq4ds.usecases.training"), _module_node("cq4ds.usecases.predictor")),
        tuple(_component_node(config, registry, p) for p in PORTS),
        (_module_node(PORTS_MODULE), *(_protocol_node(p) for p in PORTS), _module_node("cq4ds.domain")),
    )
    return tuple(Layer(ring, title, nodes) for (ring, title), nodes in zip(RINGS, boxes, strict=True))


def _imports(layers: tuple[Layer, ...]) -> dict[Edge, tuple[Edge, ...]]:
    """The import arrows between the boxes of `layers`, with the module imports behind each."""
    return node_imports({node.id: node.modules for layer in layers for node in layer.nodes if node.modules})


def architecture_edges(config: PipelineConfig, registry: Registry | None = None) -> frozenset[Edge]:
    """The diagram's import arrows as (importer node, imported node) pairs; node ids as in `architecture_layers`."""
    return frozenset(_imports(architecture_layers(config, registry)))


def _header() -> list[str]:
    """The opening line and the default graph, node and edge styles."""
    return [
        'digraph "cq4ds" {',
        "  graph " + attributes(**_GRAPH, **_FONT, fontsize=12, labelloc="b", label=_LEGEND),
        "  node " + attributes(shape="box", style="rounded,filled", color="#6b6b6b", **_FONT, fontsize=11),
        "  edge " + attributes(color="#4a4a4a", arrowsize=0.7, **_FONT, fontsize=9),
    ]


def _cluster(layer: Layer, highlight: str | None) -> list[str]:
    """A ring as a DOT cluster; the highlighted port's component box gets the highlight style."""
    background, fill, border = _PALETTE[layer.id]
    lines = [
        f"  subgraph {quote('cluster_' + layer.id)} {{",
        "    graph " + attributes(label=layer.title, style="rounded,filled", fillcolor=background, color=border),
    ]
    for node in layer.nodes:
        style = _HIGHLIGHT if layer.id == "components" and node.port == highlight else {"fillcolor": fill}
        lines.append("    " + statement(node.id, label=node.label, tooltip=node.tooltip, group=node.port, **style))
    return [*lines, "  }"]


def _implements(node: Node, imports: dict[Edge, tuple[Edge, ...]]) -> str:
    """The dashed arrow from a component box to the Protocol its port asks for."""
    protocol = PROTOCOLS[node.port].__name__
    how = "and imports it" if (node.id, PORTS_MODULE) in imports else f"without importing {PORTS_MODULE}"
    tooltip = f"structural typing: {node.modules[0]} has the methods {protocol} asks for, {how}"
    return statement(node.id, protocol, style="dashed", label="implements", tooltip=tooltip, color="#7a7a7a")


def architecture_dot(config: PipelineConfig, registry: Registry | None = None, highlight: str | None = None) -> str:
    """A Graphviz DOT diagram of `config`'s composition ring by ring, computed from the code.

    Args:
        config: the composition to draw (its active component fills each port's box).
        registry: where component names are looked up (the built-in registry by default).
        highlight: a port whose component box stands out (e.g. the one just swapped); only its style changes.
    """
    if highlight is not None:
        config.spec(highlight)  # an unknown port raises a ConfigError naming the valid ones
    layers = architecture_layers(config, registry)
    imports = _imports(layers)
    position = {node.id: (i, j) for i, layer in enumerate(layers) for j, node in enumerate(layer.nodes)}
    lines = _header()
    for layer in layers:
        lines += _cluster(layer, highlight)
    for (importer, imported), behind in sorted(imports.items(), key=lambda item: [position[n] for n in item[0]]):
        tooltip = "imports: " + "; ".join(f"{a} → {b}" for a, b in behind)
        lines.append("  " + statement(importer, imported, tooltip=tooltip))
    components = next(layer for layer in layers if layer.id == "components")
    lines += ["  " + _implements(node, imports) for node in components.nodes]
    # Invisible edges only keep the rings in order, top to bottom: they are not dependencies.
    for upper, lower in itertools.pairwise(layers):
        lines += ["  " + statement(node.id, lower.nodes[0].id, style="invis") for node in upper.nodes]
    return "\n".join([*lines, "}"]) + "\n"
