"""The talk's principles that span pages, each shown on the real code: layers of abstraction, dependency inversion,
no platform chosen early, and tests of behaviour rather than implementation.

Every fact a page states about the code comes from here: the import graph (grimp), pyproject.toml's contracts,
the legacy script's syntax tree, the registry, and two trainings of the package.
"""

from __future__ import annotations

import ast
import functools
import tomllib
from dataclasses import dataclass

import numpy as np

from course.explain.imports import module_imports
from course.explain.lessons import LEGACY_SCRIPT, LESSONS
from course.explain.syntax import parse
from cq4ds import contexts
from cq4ds.columnar import conform
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec
from cq4ds.registry import Registry
from cq4ds.strategies.feature_parts import NOTEBOOK_PARTS

ROOT = LESSONS.parent
LAYERS_CONTRACT = "Rings: each ring imports only the rings inside it"


@dataclass(frozen=True)
class Layers:
    """The legacy script's single layer against the package's rings."""

    legacy_libraries: tuple[str, ...]  # what the script imports at its top, side by side
    legacy_statements: int  # statements at module level that are neither imports nor definitions
    legacy_functions: tuple[str, ...]  # the functions it defines
    rings: tuple[str, ...]  # the package's rings, outermost first, from pyproject.toml


@functools.cache
def layers() -> Layers:
    """Read the legacy script's top level and the layers contract of pyproject.toml."""
    tree = parse((LESSONS / LEGACY_SCRIPT).read_text(encoding="utf-8"))
    libraries: list[str] = []
    statements, functions = 0, []
    for node in tree.body:
        if isinstance(node, ast.Import):
            libraries += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            libraries.append(node.module.split(".")[0])
        elif isinstance(node, ast.FunctionDef):
            functions.append(node.name)
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            statements += 1
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (rings,) = [c["layers"] for c in contracts["contracts"] if c["name"] == LAYERS_CONTRACT]
    return Layers(tuple(dict.fromkeys(libraries)), statements, tuple(functions), tuple(rings))


@dataclass(frozen=True)
class Inversion:
    """Who imports whom around one port: the policy, the details, and the one place that knows both."""

    use_case: str
    use_case_imports: tuple[str, ...]  # the cq4ds modules it imports
    use_case_imports_adapters: tuple[str, ...]
    adapters: tuple[str, ...]  # the modules of the source adapters
    adapters_importing_use_cases: tuple[str, ...]
    adapters_importing_ports: tuple[str, ...]
    knows_both: tuple[str, ...]  # modules importing the use case and an adapter


def inversion(use_case: str = "cq4ds.usecases.training") -> Inversion:
    """The dependency directions around the source port, read from the import graph."""
    edges = module_imports()
    imports = {importer: {imported for i, imported in edges if i == importer} for importer, _ in edges}
    adapters = tuple(sorted(m for m in imports if m.startswith("cq4ds.adapters.") and m.endswith("_source")))
    mine = tuple(sorted(m for m in imports.get(use_case, ()) if m.startswith("cq4ds.")))
    both = tuple(
        sorted(
            m
            for m, found in imports.items()
            if any(f.startswith("cq4ds.usecases") for f in found)
            and any(f.startswith("cq4ds.adapters.") for f in found)
        )
    )
    return Inversion(
        use_case,
        mine,
        tuple(m for m in mine if m.startswith("cq4ds.adapters")),
        adapters,
        tuple(a for a in adapters if any(f.startswith("cq4ds.usecases") for f in imports.get(a, ()))),
        tuple(a for a in adapters if "cq4ds.ports" in imports.get(a, ())),
        both,
    )


@dataclass(frozen=True)
class Pluggable:
    """What infrastructure the package has committed to: none; the components a config line can pick."""

    sources: tuple[str, ...]
    sinks: tuple[str, ...]
    models: tuple[str, ...]


def pluggable() -> Pluggable:
    """The registered sources, sinks and models, each one config line away."""
    registry = Registry()
    return Pluggable(registry.kinds("source"), registry.kinds("sink"), registry.kinds("model"))


@dataclass(frozen=True)
class TwoChecks:
    """One refactoring (the same features in another order) judged by an implementation check and a behaviour check."""

    parts: tuple[str, ...]
    reordered: tuple[str, ...]
    matrix_shape: tuple[int, int]
    matrix_cells_differing: int  # cells of the test passengers' input matrix that changed
    first_columns: tuple[str, str]  # the matrix's first column before and after
    predictions: int  # test passengers compared
    max_probability_difference: float
    labels_differing: int
    same_metrics: bool


@functools.cache
def two_checks() -> TwoChecks:
    """Train the notebook's feature parts in their order and reversed; compare the input matrices and predictions."""
    reordered = tuple(reversed(NOTEBOOK_PARTS))
    runs = [_trained(parts) for parts in (NOTEBOOK_PARTS, reordered)]
    (first, first_frame), (second, second_frame) = runs
    before, after = first.predictor.matrix(first_frame), second.predictor.matrix(second_frame)
    mine = {p.pid: p for p in first.result.test_predictions}
    theirs = {p.pid: p for p in second.result.test_predictions}
    return TwoChecks(
        NOTEBOOK_PARTS,
        reordered,
        before.shape,
        int((~np.isclose(before, after)).sum()) if before.shape == after.shape else before.size,
        (first.predictor.features.feature_names()[0], second.predictor.features.feature_names()[0]),
        len(mine),
        max(abs(mine[pid].probability - theirs[pid].probability) for pid in mine),
        sum(mine[pid].label != theirs[pid].label for pid in mine),
        first.result.metrics == second.result.metrics,
    )


def _trained(parts: tuple[str, ...]):
    """The notebook recipe with composed features from `parts`, trained; and the frame of its test passengers."""
    spec = ComponentSpec("composed", {"parts": parts, "n_neighbors": 5})
    pipeline = contexts.build_pipeline(load_config(NOTEBOOK_RECIPE).with_spec("features", spec))
    trained = pipeline.train_and_evaluate()
    test_pids = [p.pid for p in trained.result.test_predictions]
    frame = conform(contexts.sample_passengers(), "the bundled sample").frame.set_index("pid", drop=False)
    return trained, frame.loc[test_pids].reset_index(drop=True)
