"""Import contracts evaluated live with import-linter, and the import graph they judge (built by grimp).

A config file names a root package that lives in the config's own folder: `pyproject.toml` judges
`cq4ds`, `lessons/broken/importlinter.toml` judges the lesson package `cq4ds_broken`. Each config is
checked in a child Python process whose import path starts with that folder, so a lesson package
is never importable from the app's own process.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.explain.imports import Edge
from cq4ds.domain import ConfigError

REPO = Path(__file__).resolve().parents[2]
PROJECT_CONFIG = "pyproject.toml"
BROKEN_CONFIG = "lessons/broken/importlinter.toml"
CHECK_SECONDS = 120


@dataclass(frozen=True, slots=True)
class Link:
    """One direct import in a chain, with the line numbers of the import statements."""

    importer: str
    imported: str
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Violation:
    """A dependency a contract forbids (`importer` may not import `imported`) and the chains that make it."""

    importer: str
    imported: str
    chains: tuple[tuple[Link, ...], ...]


@dataclass(frozen=True, slots=True)
class ContractResult:
    """One contract of a config and whether the code keeps it."""

    name: str
    type: str
    kept: bool
    violations: tuple[Violation, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every contract of a config, checked against the code on disk, and the import graph checked."""

    config: str
    root_package: str
    contracts: tuple[ContractResult, ...]
    modules: frozenset[str]  # the root package's own modules
    imports: frozenset[Edge]  # direct imports, importer first; external packages squashed to their names
    seconds: float  # building the graph and checking every contract, in the child process

    @property
    def broken(self) -> tuple[ContractResult, ...]:
        """The contracts the code breaks."""
        return tuple(contract for contract in self.contracts if not contract.kept)

    def offending_imports(self) -> frozenset[Edge]:
        """Every direct import that is a link of a broken contract's chain."""
        return frozenset(
            (link.importer, link.imported)
            for contract in self.broken
            for violation in contract.violations
            for chain in violation.chains
            for link in chain
        )


def read_contracts(config: str) -> tuple[str, list[dict[str, Any]]]:
    """The (first) root package and contract tables of a config file's `[tool.importlinter]` section (tomllib)."""
    path = REPO / config
    try:
        section = tomllib.loads(path.read_text(encoding="utf-8"))["tool"]["importlinter"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as error:
        raise ConfigError(f"{config} has no readable [tool.importlinter] section ({error})", "check the file") from None
    roots = section.get("root_packages") or [section["root_package"]]
    return roots[0], list(section.get("contracts", []))


@functools.cache
def evaluate(config: str) -> Evaluation:
    """Check `config`'s contracts in a child process (once per process: the code on disk is read-only here).

    Raises:
        ConfigError: import-linter is missing, the config is invalid, or the check did not finish.
    """
    folder = (REPO / config).parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(REPO)])}
    command = [sys.executable, "-m", "course.explain.contracts", str(REPO / config)]
    try:
        run = subprocess.run(
            command, cwd=folder, env=env, capture_output=True, text=True, timeout=CHECK_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise ConfigError(f"checking {config} took over {CHECK_SECONDS} s", "try again when it is idle") from None
    if run.returncode != 0:
        reason = (run.stderr.strip().splitlines() or ["no message"])[-1]
        raise ConfigError(f"could not check the contracts of {config}: {reason}", "install import-linter (make setup)")
    return _evaluation(config, json.loads(run.stdout))


def import_statement(config: str, link: Link) -> str:
    """The text of the import statement behind `link`, read from the importer's file next to the config."""
    base = (REPO / config).parent / link.importer.replace(".", "/")
    path = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
    lines = path.read_text(encoding="utf-8").splitlines()
    return " / ".join(lines[n - 1].strip() for n in link.lines if 0 < n <= len(lines))


def _violation(data: dict[str, Any]) -> Violation:
    chains = tuple(tuple(Link(a, b, tuple(lines)) for a, b, lines in chain) for chain in data["chains"])
    return Violation(data["importer"], data["imported"], chains)


def _evaluation(config: str, data: dict[str, Any]) -> Evaluation:
    """An Evaluation from the child process's JSON."""
    contracts = tuple(
        ContractResult(c["name"], c["type"], c["kept"], tuple(_violation(v) for v in c["violations"]))
        for c in data["contracts"]
    )
    imports = frozenset((importer, imported) for importer, imported in data["imports"])
    return Evaluation(config, data["root_package"], contracts, frozenset(data["modules"]), imports, data["seconds"])


def _links(chain: list[dict[str, Any]]) -> list[list[Any]]:
    return [[link["importer"], link["imported"], list(link["line_numbers"])] for link in chain]


def _violations(metadata: dict[str, Any]) -> list[dict[str, Any]]:
    """A contract check's metadata as violations: forbidden contracts and layers contracts report differently."""
    found = []
    for item in metadata.get("invalid_chains", []):  # forbidden
        chains = [_links(chain) for chain in item["chains"]]
        found.append({"importer": item["downstream_module"], "imported": item["upstream_module"], "chains": chains})
    for item in metadata.get("invalid_dependencies", []):  # layers (and independence)
        chains = []
        for route in item["routes"]:
            chains.append(_links(route["chain"]))
            chains += [_links([link]) for link in route.get("extra_firsts", []) + route.get("extra_lasts", [])]
        found.append({"importer": item["importer"], "imported": item["imported"], "chains": chains})
    return found


def check_here(config: str) -> dict[str, Any]:
    """Check a config's contracts with import-linter in this process; JSON-ready (what the child process runs)."""
    import time

    from importlinter import configuration
    from importlinter.application import use_cases
    from importlinter.contracts import forbidden, independence, layers
    from importlinter.domain.contract import registry

    start = time.perf_counter()
    configuration.configure()  # the built-in contract types are registered only by import-linter's own CLI:
    registry.register(forbidden.ForbiddenContract, "forbidden")
    registry.register(layers.LayersContract, "layers")
    registry.register(independence.IndependenceContract, "independence")
    options = use_cases.read_user_options(config)
    report = use_cases.create_report(options, cache_dir=None)
    graph, root = report.graph, options.session_options["root_packages"][0]
    types = {contract["name"]: contract["type"] for contract in options.contracts_options}
    return {
        "root_package": root,
        "modules": sorted(graph.find_descendants(root) | {root}),
        "contracts": [
            {"name": c.name, "type": types[c.name], "kept": check.kept, "violations": _violations(check.metadata)}
            for c, check in report.get_contracts_and_checks()
        ],
        "imports": sorted([m, i] for m in graph.modules for i in graph.find_modules_directly_imported_by(m)),
        "seconds": time.perf_counter() - start,
    }


if __name__ == "__main__":  # python -m course.explain.contracts CONFIG: what `evaluate` runs in its child process
    print(json.dumps(check_here(sys.argv[1])))
