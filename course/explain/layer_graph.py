"""A package drawn by the layers its own contract declares: one row per layer, arrows from the real imports.

Arrows go importer → imported. An import that is a link of a broken contract's chain is drawn red,
so a learner sees at a glance which arrow points the wrong way.
"""

from __future__ import annotations

import itertools
import re

from course.explain.contracts import Evaluation, read_contracts
from course.explain.dot import attributes, quote, statement
from course.explain.imports import Edge
from cq4ds.domain import ConfigError

BROKEN_COLOR = "#c62828"
_FILLS = ("#e3dcee", "#f5dcc6", "#d3e8cd", "#d2e2f2", "#d5e8e4", "#ece3c8", "#e0e0e0")
LEGEND = (
    "One row per layer, outermost at the top. Arrow: a real import, importer → imported (read with grimp). "
    "Red arrow: a link of a chain that breaks a contract (import-linter)."
)


def layers(config: str) -> tuple[tuple[str, ...], ...]:
    """The layers of the config's first layers contract, outermost first; each holds its member modules."""
    _, contracts = read_contracts(config)
    table = next((c for c in contracts if c.get("type") == "layers"), None)
    if table is None:
        raise ConfigError(f"{config} has no layers contract", "add one to draw the package by layer")
    return tuple(tuple(m.strip(" ()") for m in re.split(r"[|:]", layer) if m.strip(" ()")) for layer in table["layers"])


def external_modules(config: str) -> tuple[str, ...]:
    """The libraries outside the root package that the config's forbidden contracts name."""
    root, contracts = read_contracts(config)
    named = {m for c in contracts if c.get("type") == "forbidden" for m in c.get("forbidden_modules", [])}
    return tuple(sorted(m for m in named if m != root and not m.startswith(root + ".")))


def _within(module: str, owner: str) -> bool:
    return module == owner or module.startswith(owner + ".")


def _short(module: str, root: str) -> str:
    """`cq4ds.adapters.csv_source` → `adapters.csv_source`; the root package keeps its name."""
    return module.removeprefix(root + ".") if module != root else root


Group = tuple[str, bool, list[tuple[str, str]]]
"""One row of the drawing: its tooltip, whether it lies outside the layers, and its (node id, label) boxes."""


def _count(n: int) -> str:
    return f"{n} module{'s' * (n != 1)}"


def _groups(evaluation: Evaluation, layers: tuple[tuple[str, ...], ...], expand: str) -> list[Group]:
    """One row per layer, outermost first, each box labelled with its layer; the `expand` member becomes its modules."""
    root, modules = evaluation.root_package, sorted(evaluation.modules)
    groups: list[Group] = []
    for number, members in enumerate(layers, start=1):
        nodes = []
        for member in members:
            inside = [m for m in modules if _within(m, member)]
            if member == expand:
                nodes += [(m, f"{_short(m, root)}\nlayer {number}") for m in inside]
            else:
                nodes.append((member, f"{_short(member, root)}\nlayer {number} · {_count(len(inside))}"))
        groups.append((f"layer {number}: " + " | ".join(_short(m, root) for m in members), False, nodes))
    layered = [m for members in layers for m in members]
    involved = {module for edge in evaluation.imports for module in edge}
    outside = [m for m in modules if not any(_within(m, owner) for owner in layered) and m in involved]
    if outside:  # entry points such as __main__: drawn above the layers
        groups.insert(0, ("not in a layer", True, [(m, f"{_short(m, root)}\nnot in a layer") for m in outside]))
    return groups


def _edges(imports: frozenset[Edge], boxes: set[str], collapsed: set[str]) -> dict[Edge, tuple[Edge, ...]]:
    """Arrows between drawn boxes, each with the module imports behind it; imports inside one box are left out.

    A collapsed box stands for a layer member and all its submodules; every other box for exactly one module.
    """

    def owner(module: str) -> str | None:
        if module in boxes and module not in collapsed:
            return module
        return next((box for box in collapsed if _within(module, box)), None)

    found: dict[Edge, list[Edge]] = {}
    for importer, imported in sorted(imports):
        source, target = owner(importer), owner(imported)
        if source and target and source != target:
            found.setdefault((source, target), []).append((importer, imported))
    return {edge: tuple(behind) for edge, behind in found.items()}


def _row(index: int, group: Group, culprits: set[str]) -> list[str]:
    """A group as one row of boxes (rank=same); rows, not cluster boxes, so arrows need no detours around them."""
    tooltip, outside, nodes = group
    style = (
        {"fillcolor": "#ffffff", "style": "rounded,filled,dashed"}
        if outside
        else {"fillcolor": _FILLS[index % len(_FILLS)]}
    )
    lines = [f"  subgraph {quote(f'row_{index}')} {{", "    rank=same"]
    for node, label in nodes:
        border = {"color": BROKEN_COLOR, "penwidth": 3} if node in culprits else {}
        lines.append("    " + statement(node, label=label, tooltip=tooltip, **style, **border))
    return [*lines, "  }"]


def _all_groups(
    evaluation: Evaluation, layers: tuple[tuple[str, ...], ...], externals: tuple[str, ...], expand: str
) -> list[Group]:
    """Every row to draw: the layers (and anything outside them), then the libraries the imports reach."""
    groups = _groups(evaluation, layers, expand)
    drawn = [name for name in externals if any(imported == name for _, imported in evaluation.imports)]
    if drawn:
        groups.append(("a library the contracts name", True, [(name, f"{name}\nlibrary") for name in drawn]))
    return groups


def box_count(
    evaluation: Evaluation, layers: tuple[tuple[str, ...], ...], externals: tuple[str, ...] = (), expand: str = ""
) -> int:
    """How many boxes `layer_dot` draws with the same arguments (a small drawing need not fill the page)."""
    return sum(len(nodes) for _, _, nodes in _all_groups(evaluation, layers, externals, expand))


def layer_dot(
    evaluation: Evaluation,
    layers: tuple[tuple[str, ...], ...],
    externals: tuple[str, ...] = (),
    expand: str = "",
) -> str:
    """Graphviz DOT of `evaluation`'s package by layer, from its real imports, broken links in red.

    Args:
        evaluation: the checked contracts and import graph of one config (see `contracts.evaluate`).
        layers: the layers to group by, outermost first (see `contracts.layers`).
        externals: outside libraries to draw too, in their own group (the ones the contracts name).
        expand: a layer member (e.g. "cq4ds.adapters") drawn as one box per module; the others are one box each.
    """
    members = {member for layer in layers for member in layer}
    groups = _all_groups(evaluation, layers, externals, expand)
    boxes = {node for _, _, nodes in groups for node, _ in nodes}
    edges = _edges(evaluation.imports, boxes, members & boxes - {expand})
    offending = evaluation.offending_imports()
    culprits = {importer for (importer, _), behind in edges.items() if offending & set(behind)}
    lines = [
        f"digraph {quote(evaluation.root_package)} {{",
        "  graph "
        + attributes(
            rankdir="TB",
            newrank="true",
            nodesep=0.08,  # long arrows route between boxes of a row: small gaps keep the drawing narrow
            ranksep=0.5,
            fontname="Helvetica",
        ),
        "  node " + attributes(shape="box", style="rounded,filled", color="#6b6b6b", fontname="Helvetica", fontsize=10),
        "  edge " + attributes(color="#5a5a5a", arrowsize=0.7),
    ]
    for index, group in enumerate(groups):
        lines += _row(index, group, culprits)
    for (importer, imported), behind in edges.items():
        broken = sorted(set(behind) & offending)
        style = {"color": BROKEN_COLOR, "penwidth": 2.4} if broken else {}
        tooltip = ("breaks a contract: " if broken else "imports: ") + "; ".join(f"{a} → {b}" for a, b in behind)
        lines.append("  " + statement(importer, imported, tooltip=tooltip, **style))
    # Invisible edges only keep the groups in order, top to bottom: they are not dependencies.
    filled = [nodes for _, _, nodes in groups if nodes]
    for upper, lower in itertools.pairwise(filled):
        lines += ["  " + statement(node, lower[0][0], style="invis") for node, _ in upper]
    return "\n".join([*lines, "}"]) + "\n"
