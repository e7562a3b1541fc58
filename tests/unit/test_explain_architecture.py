"""The architecture diagram is computed from the real imports and the registry, and drawn as valid DOT."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from itertools import accumulate

import pytest

from course.explain.architecture import (
    RINGS,
    architecture_dot,
    architecture_edges,
    architecture_layers,
    component_module,
)
from course.explain.imports import module_imports, node_imports
from cq4ds.adapters.csv_source import CsvSource
from cq4ds.adapters.sqlite_source import SqliteSource
from cq4ds.config_file import default_config
from cq4ds.domain import PORTS, ComponentSpec, ConfigError, PipelineConfig
from cq4ds.registry import BUILTIN, Registry

CONFIG = default_config(ComponentSpec("sqlite", {"path": "sample_data/titanic.db"}))
QUOTED = r'"(?:[^"\\]|\\.)*"'
ATTRIBUTES = rf"\[(?:\w+={QUOTED}(?:, \w+={QUOTED})*)?\]"
STATEMENT = re.compile(
    rf"(?:digraph {QUOTED} \{{|subgraph {QUOTED} \{{|\}}|(?:graph|node|edge) {ATTRIBUTES}"
    rf"|{QUOTED} {ATTRIBUTES}|{QUOTED} -> {QUOTED} {ATTRIBUTES})"
)


def _nodes(config: PipelineConfig, registry: Registry | None = None) -> dict:
    return {node.id: node for layer in architecture_layers(config, registry) for node in layer.nodes}


def _attributes(line: str) -> dict[str, str]:
    return dict(re.findall(rf"(\w+)=({QUOTED})", line))


def test_the_import_graph_is_read_once_per_process_and_frozen():
    edges = module_imports()
    assert module_imports() is edges
    assert isinstance(edges, frozenset)
    assert ("cq4ds.bootstrap", "cq4ds.registry") in edges
    assert not any(imported == "cq4ds.ports" for importer, imported in edges if importer.startswith("cq4ds.adapters"))


def test_import_arrows_point_inward():
    edges = architecture_edges(CONFIG)
    assert ("cq4ds.registry", "source") in edges  # the composition root knows the concrete adapter
    assert ("cq4ds.usecases.training", "cq4ds.domain") in edges
    assert ("cq4ds.usecases.training", "cq4ds.ports") in edges
    assert not [edge for edge in edges if edge[0] in ("cq4ds.domain", "cq4ds.ports")]
    depth = {node.id: i for i, layer in enumerate(architecture_layers(CONFIG)) for node in layer.nodes}
    outward = [(a, b) for a, b in edges if depth[a] > depth[b]]
    assert outward == []


def test_use_cases_know_only_ports_and_components_know_no_port():
    edges = architecture_edges(CONFIG)
    use_cases = {"cq4ds.usecases.training", "cq4ds.usecases.predictor"}
    assert not [(a, b) for a, b in edges if a in use_cases and b in PORTS]
    assert not [(a, b) for a, b in edges if a in PORTS and b == "cq4ds.ports"]
    assert architecture_dot(CONFIG).count('label="implements"') == len(PORTS)


def test_modules_collapse_onto_nodes_and_package_imports_reach_what_they_reexport():
    edges = frozenset(
        {
            ("app.root", "app.cases"),  # a package whose __init__ re-exports two modules
            ("app.cases", "app.cases.train"),
            ("app.cases", "app.cases.score"),
            ("app.cases.train", "app.core.rules"),  # a submodule of a node's module
            ("app.cases.train", "app.cases.helpers"),  # a module no node stands for
            ("app.core", "app.core.rules"),  # inside one node: no arrow
        }
    )
    members = {"root": ("app.root",), "train": ("app.cases.train",), "core": ("app.core",)}
    assert node_imports(members, edges) == {
        ("root", "train"): (("app.root", "app.cases"),),
        ("train", "core"): (("app.cases.train", "app.core.rules"),),
    }


def test_swapping_a_component_changes_its_box_and_its_arrows():
    before = _nodes(CONFIG)
    forest = _nodes(CONFIG.with_spec("model", ComponentSpec("random_forest")))
    assert "LogisticRegressionModel" in before["model"].label
    assert forest["model"].label.splitlines()[:2] == ["model: random_forest", "RandomForestModel"]
    csv = CONFIG.with_spec("source", ComponentSpec("csv"))
    assert _nodes(csv)["source"].modules == (component_module(CsvSource),) == ("cq4ds.adapters.csv_source",)
    assert component_module(SqliteSource) == "cq4ds.adapters.sqlite_source"
    assert "cq4ds.registry → cq4ds.adapters.csv_source" in architecture_dot(csv)


@dataclass(kw_only=True)
class _HandWrittenModel:
    """A model registered from outside cq4ds: the registry does not import it."""


def test_arrows_come_from_the_code_not_from_the_config():
    registry = Registry({**BUILTIN, "model": {"hand_written": _HandWrittenModel}})
    config = CONFIG.with_spec("model", ComponentSpec("hand_written"))
    assert _nodes(config, registry)["model"].label.splitlines()[1] == "_HandWrittenModel"
    edges = architecture_edges(config, registry)
    assert ("cq4ds.registry", "source") in edges
    assert not [edge for edge in edges if "model" in edge]


def test_highlight_changes_only_the_style_of_one_box():
    plain, highlighted = architecture_dot(CONFIG).splitlines(), architecture_dot(CONFIG, highlight="model").splitlines()
    changed = [(a, b) for a, b in zip(plain, highlighted, strict=True) if a != b]
    assert len(changed) == 1
    before, after = (_attributes(line) for line in changed[0])
    assert changed[0][0].startswith('    "model" [')
    same = ("label", "tooltip", "group")
    assert [after[key] for key in same] == [before[key] for key in same]
    assert after["fillcolor"] != before["fillcolor"]
    assert "bold" in after["style"]
    with pytest.raises(ConfigError, match="unknown port"):
        architecture_dot(CONFIG, highlight="engine")


def test_the_diagram_is_valid_dot():
    dot = architecture_dot(CONFIG, highlight="source")
    depths = list(accumulate({"{": 1, "}": -1}.get(char, 0) for char in re.sub(QUOTED, '""', dot)))
    assert min(depths) == 0 and depths[-1] == 0  # balanced braces, outside quoted strings
    lines = [line.strip() for line in dot.splitlines()]
    assert [line for line in lines if not STATEMENT.fullmatch(line)] == []
    declared = set(re.findall(rf"^\s+({QUOTED}) \[", dot, flags=re.MULTILINE))
    used = set(re.findall(rf"({QUOTED}) -> ({QUOTED})", dot))
    assert {end for edge in used for end in edge} <= declared
    titles = re.findall(r'graph \[label="([^"]+)"', dot)
    assert titles == [title for _, title in RINGS]  # one cluster per ring, outermost first


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_renders_the_diagram():
    run = subprocess.run(["dot", "-Tsvg"], input=architecture_dot(CONFIG), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr
    assert run.stdout.count('class="cluster"') == len(RINGS)
