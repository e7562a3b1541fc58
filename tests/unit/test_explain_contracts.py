"""Contracts checked live: the broken lesson package really breaks its contracts, the real package keeps its own."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from course.explain import contracts, layer_graph
from course.explain.contracts import BROKEN_CONFIG, PROJECT_CONFIG, Link
from cq4ds.domain import ConfigError

ROOT = Path(__file__).resolve().parents[2]
BROKEN_FOLDER = ROOT / "lessons" / "broken"


@pytest.fixture(scope="module")
def broken() -> contracts.Evaluation:
    return contracts.evaluate(BROKEN_CONFIG)


@pytest.fixture(scope="module")
def real() -> contracts.Evaluation:
    return contracts.evaluate(PROJECT_CONFIG)


def _by_name(evaluation: contracts.Evaluation) -> dict[str, contracts.ContractResult]:
    return {contract.name: contract for contract in evaluation.contracts}


def test_the_broken_example_breaks_three_contracts_and_keeps_one(broken):
    results = _by_name(broken)
    assert broken.root_package == "cq4ds_broken"
    assert [c.kept for c in broken.contracts] == [False, False, False, True]
    layers = results["Layers: each layer imports only the layers below it"]
    assert layers.type == "layers"
    (violation,) = layers.violations
    assert (violation.importer, violation.imported) == ("cq4ds_broken.adapters", "cq4ds_broken.ui")
    assert violation.chains == ((Link("cq4ds_broken.adapters.csv_source", "cq4ds_broken.ui.console", (10,)),),)
    (domain,) = results["The domain is plain Python: no data, ML, storage or UI libraries"].violations
    assert (domain.importer, domain.imported) == ("cq4ds_broken.domain", "pandas")


def test_a_leak_in_the_domain_reaches_the_ports_through_an_indirect_chain(broken):
    (violation,) = _by_name(broken)["Ports depend only on the domain"].violations
    (chain,) = violation.chains
    assert [(link.importer, link.imported) for link in chain] == [
        ("cq4ds_broken.ports", "cq4ds_broken.domain"),
        ("cq4ds_broken.domain", "cq4ds_broken.domain.passenger"),
        ("cq4ds_broken.domain.passenger", "pandas"),
    ]
    assert ("cq4ds_broken.domain.passenger", "pandas") in broken.offending_imports()


def test_the_offending_import_statements_are_read_from_the_lesson_files(broken):
    link = Link("cq4ds_broken.domain.passenger", "pandas", (8,))
    assert contracts.import_statement(BROKEN_CONFIG, link).startswith("import pandas as pd")
    link = Link("cq4ds_broken.domain", "cq4ds_broken.domain.passenger", (4,))
    assert "from cq4ds_broken.domain.passenger import" in contracts.import_statement(BROKEN_CONFIG, link)


def test_import_linters_own_command_line_agrees_on_the_broken_example():
    run = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", "importlinter.toml", "--no-cache"],
        cwd=BROKEN_FOLDER,
        env={**os.environ, "PYTHONPATH": str(BROKEN_FOLDER)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 kept, 3 broken" in run.stdout


def test_the_real_package_is_checked_against_its_own_contracts(real):
    with open(ROOT / "pyproject.toml", "rb") as file:
        declared = [c["name"] for c in tomllib.load(file)["tool"]["importlinter"]["contracts"]]
    assert [c.name for c in real.contracts] == declared
    assert all(c.kept for c in real.contracts), [c.violations for c in real.broken]
    assert real.offending_imports() == frozenset()
    assert ("cq4ds.bootstrap", "cq4ds.registry") in real.imports
    assert "cq4ds.domain.passenger" in real.modules


def test_the_lesson_package_is_never_importable_from_the_app_process():
    assert importlib.util.find_spec("cq4ds_broken") is None
    assert str(BROKEN_FOLDER) not in sys.path


def test_the_broken_example_still_runs():
    run = subprocess.run(
        [sys.executable, "-m", "cq4ds_broken", "sample_data/titanic3.csv"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(BROKEN_FOLDER)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith("class 1: ")


def test_layers_and_libraries_are_read_from_the_config():
    assert layer_graph.layers(PROJECT_CONFIG)[0] == ("cq4ds.cli", "cq4ds.__main__", "cq4ds.reporting")
    assert layer_graph.layers(PROJECT_CONFIG)[-1] == ("cq4ds.ports", "cq4ds.params", "cq4ds.columnar", "cq4ds.domain")
    assert layer_graph.layers(BROKEN_CONFIG)[2] == ("cq4ds_broken.usecases", "cq4ds_broken.adapters")
    assert "pandas" in layer_graph.external_modules(PROJECT_CONFIG)
    assert "cq4ds.adapters" not in layer_graph.external_modules(PROJECT_CONFIG)


def test_a_config_without_the_section_is_a_clear_error():
    with pytest.raises(ConfigError, match="importlinter"):
        layer_graph.layers("configs/notebook.toml")


def test_the_diagram_draws_broken_links_in_red_and_opens_one_box(broken, real):
    layers = layer_graph.layers(BROKEN_CONFIG)
    collapsed = layer_graph.layer_dot(broken, layers, ("pandas",))
    assert '"cq4ds_broken.adapters" -> "cq4ds_broken.ui"' in collapsed
    assert layer_graph.BROKEN_COLOR in collapsed
    opened = layer_graph.layer_dot(broken, layers, ("pandas",), expand="cq4ds_broken.domain")
    assert '"cq4ds_broken.domain.passenger" -> "pandas"' in opened
    assert '"cq4ds_broken.domain" -> "pandas" [tooltip' not in opened  # only the layout's invisible edge
    assert '"pandas"' not in layer_graph.layer_dot(broken, layers)
    assert layer_graph.box_count(broken, layers, ("pandas",)) == 8  # __main__, 6 members, pandas
    assert layer_graph.box_count(broken, layers, ("pandas",), expand="cq4ds_broken.domain") == 9
    real_dot = layer_graph.layer_dot(real, layer_graph.layers(PROJECT_CONFIG))
    assert layer_graph.BROKEN_COLOR not in real_dot  # no red arrow, no red box
    assert '"cq4ds.bootstrap" -> "cq4ds.registry"' in real_dot
