"""The real import graph of cq4ds, read from the code with grimp, and collapsed onto diagram nodes."""

from __future__ import annotations

import functools
from collections.abc import Mapping

PACKAGE = "cq4ds"

Edge = tuple[str, str]
"""An import, importer first: ("cq4ds.bootstrap", "cq4ds.registry")."""


@functools.cache
def module_imports() -> frozenset[Edge]:
    """Every direct import between cq4ds modules, as (importer, imported) pairs.

    Built once per process: the code on disk does not change while the app runs, and the
    frozenset is read-only, so sharing it is safe. Imports under `if TYPE_CHECKING:` are left
    out, as import-linter leaves them out: they never run.
    """
    import grimp  # imported here: it loads a compiled extension, and most callers never need it

    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True, cache_dir=None)
    return frozenset(
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
    )


def _within(module: str, owned: str) -> bool:
    """Whether `module` is `owned` or one of its submodules."""
    return module == owned or module.startswith(owned + ".")


def _owners(module: str, members: Mapping[str, tuple[str, ...]]) -> set[str]:
    """The nodes that stand for `module`."""
    return {node for node, modules in members.items() if any(_within(module, owned) for owned in modules)}


def _targets(module: str, edges: frozenset[Edge], members: Mapping[str, tuple[str, ...]]) -> set[str]:
    """The nodes an import of `module` reaches: its owners, or what it re-exports if it is an unowned package."""
    owners = _owners(module, members)
    if owners:
        return owners
    reexported = {imported for importer, imported in edges if importer == module and imported.startswith(module + ".")}
    return set().union(*(_targets(child, edges, members) for child in reexported))


def node_imports(
    members: Mapping[str, tuple[str, ...]], edges: frozenset[Edge] | None = None
) -> dict[Edge, tuple[Edge, ...]]:
    """Collapse module imports onto nodes: each node-level edge with the module imports behind it.

    Args:
        members: for each node id, the modules it stands for (each with its submodules).
        edges: module imports (all of cq4ds by default, see `module_imports`).

    A node imports another when at least one of its modules directly imports one of the other's.
    Importing a package that no node stands for (`cq4ds.usecases`) counts as importing the
    modules its `__init__` re-exports; imports of modules no node stands for are left out.
    """
    edges = module_imports() if edges is None else edges
    found: dict[Edge, set[Edge]] = {}
    for importer, imported in edges:
        for source in _owners(importer, members):
            for target in _targets(imported, edges, members) - {source}:
                found.setdefault((source, target), set()).add((importer, imported))
    return {edge: tuple(sorted(found[edge])) for edge in sorted(found)}
