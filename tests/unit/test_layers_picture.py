"""One picture of the rings everywhere: the package docstring, the README and the Lab agree with the contract.

The `layers` contract in pyproject.toml is the one source; `RINGS` in course/explain/architecture.py titles its
rings. Move a module to another ring, add one, or rename a ring, and these tests name what else must change.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import cq4ds
from course.explain.architecture import RINGS, architecture_layers
from cq4ds.config_file import default_config
from cq4ds.domain import ComponentSpec

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cq4ds"
TITLES = [title for _, title in RINGS]
NUMBERED = [f"{number}. {title}" for number, title in enumerate(TITLES, start=1)]


def _contract_rings() -> list[list[str]]:
    """The modules of each ring of the layers contract in pyproject.toml, outermost first (read with tomllib)."""
    section = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = [c for c in section["contracts"] if c["type"] == "layers"]
    assert len(contracts) == 1, f"pyproject.toml should declare one layers contract, not {len(contracts)}"
    return [[m.strip(" ()") for m in re.split(r"[|:]", ring) if m.strip(" ()")] for ring in contracts[0]["layers"]]


RINGS_OF_CONTRACT = _contract_rings()


def _short(module: str) -> str:
    return module.removeprefix("cq4ds.")


def _path(module: str) -> str:
    """`cq4ds.cli` → `cq4ds/cli.py`, `cq4ds.adapters` → `cq4ds/adapters/`: how the README names a module."""
    path = module.replace(".", "/")
    return f"{path}.py" if (ROOT / f"{path}.py").is_file() else f"{path}/"


def _ring_of(module: str) -> int | None:
    """The index of the contract ring holding `module` (or the package it lies in); None if no ring does."""
    for index, ring in enumerate(RINGS_OF_CONTRACT):
        if any(module == member or module.startswith(member + ".") for member in ring):
            return index
    return None


def _differences(where: str, ring: int, named: set[str], expected: set[str]) -> str:
    missing, extra = sorted(expected - named), sorted(named - expected)
    return (
        f"ring {ring + 1} ({TITLES[ring]}) in {where} disagrees with the layers contract in pyproject.toml: "
        f"missing {missing}, not in this ring {extra}"
    )


def test_every_ring_of_the_contract_has_a_title():
    assert len(RINGS_OF_CONTRACT) == len(RINGS), (
        f"the layers contract in pyproject.toml declares {len(RINGS_OF_CONTRACT)} rings, "
        f"but RINGS in course/explain/architecture.py titles {len(RINGS)}: {TITLES}"
    )


def test_the_package_docstring_draws_the_rings_of_the_contract():
    entries = re.findall(r"^(\d+\. [^:\n]+): (.+)$", cq4ds.__doc__ or "", flags=re.MULTILINE)
    listed = [ring for ring, _ in entries]
    assert listed == NUMBERED, f"cq4ds/__init__.py should list the rings {NUMBERED} ('ring: modules'), not {listed}"
    for ring, (_, names) in enumerate(entries):
        named = {name.strip() for name in names.split(",")}
        expected = {_short(module) for module in RINGS_OF_CONTRACT[ring]}
        assert named == expected, _differences("cq4ds/__init__.py", ring, named, expected)


def _readme_table() -> list[tuple[str, list[str]]]:
    """The rows of the README's "What is where" table as (ring cell, paths); an empty ring cell repeats the last."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## What is where\n", 1)[1].split("\n## ", 1)[0]
    rows, ring = [], ""
    for line in section.splitlines()[2:]:  # after the header and the separator
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        ring = cells[0] or ring
        rows.append((ring, re.findall(r"`([^`]+)`", cells[1])))
    return rows


def test_the_readme_table_is_ordered_by_the_rings_of_the_contract():
    rows = _readme_table()
    numbered = [re.fullmatch(r"\*\*(\d+\. .+)\*\*", ring) for ring, _ in rows]
    rings = list(dict.fromkeys(m[1] for m in numbered if m))
    assert rings == NUMBERED, f"README.md's 'What is where' should group its rows by the rings {NUMBERED}, not {rings}"
    for ring, members in enumerate(RINGS_OF_CONTRACT):
        title = f"**{ring + 1}. {TITLES[ring]}**"
        named = {path for cell, paths in rows if cell == title for path in paths}
        expected = {_path(module) for module in members}
        assert named == expected, _differences("README.md's 'What is where'", ring, named, expected)
    outside = [path for (ring, paths), m in zip(rows, numbered, strict=True) if not m for path in paths]
    assert not [path for path in outside if path.startswith("cq4ds/")], "every cq4ds row of README.md sits in a ring"


def test_the_labs_architecture_view_draws_the_rings_of_the_contract():
    layers = architecture_layers(default_config(ComponentSpec("sqlite", {"path": "sample_data/titanic.db"})))
    assert [layer.title for layer in layers] == TITLES, "the Lab's clusters should be the rings, outermost first"
    for ring, layer in enumerate(layers):
        for node in layer.nodes:
            for module in node.modules:
                # outside the package, the app's UI is an entry point: ring 1
                found = 0 if module.startswith("course.") else _ring_of(module)
                assert found == ring, (
                    f"the Lab draws box {node.id!r} ({module}) in ring {ring + 1} ({TITLES[ring]}), "
                    f"but the layers contract puts {module} in "
                    + ("no ring" if found is None else f"ring {found + 1} ({TITLES[found]})")
                )


def test_every_module_of_the_package_is_in_exactly_one_ring():
    on_disk = {f"cq4ds.{path.stem}" for path in PACKAGE.glob("*.py") if path.stem != "__init__"} | {
        f"cq4ds.{path.name}" for path in PACKAGE.iterdir() if path.is_dir() and any(path.glob("*.py"))
    }
    members = [member for ring in RINGS_OF_CONTRACT for member in ring]
    counts = {module: members.count(module) for module in sorted(on_disk)}
    left_out = [module for module, count in counts.items() if count == 0]
    assert not left_out, (
        f"{left_out} belong to no ring: add them to the layers contract in pyproject.toml, "
        "then to the package docstring and README.md's 'What is where'"
    )
    twice = [module for module, count in counts.items() if count > 1]
    assert not twice, f"{twice} appear in more than one ring of the layers contract in pyproject.toml"
    assert not set(members) - on_disk, (
        f"the layers contract names modules not on disk: {sorted(set(members) - on_disk)}"
    )
