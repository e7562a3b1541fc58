"""Notebooks are a real context: the shipped one and an exported one run and match the CLI's metrics."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course.explain.notebook_export import composition_notebook
from cq4ds.config_file import load_config

ROOT = Path(__file__).resolve().parents[2]


def executed_metrics(notebook: nbformat.NotebookNode, folder: Path) -> dict[str, float]:
    client = NotebookClient(notebook, kernel_name="python3", timeout=180, resources={"metadata": {"path": str(folder)}})
    client.execute()
    cell = next(c for c in notebook.cells if "metrics" in c.get("metadata", {}).get("tags", []))
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
    return json.loads(text.strip().splitlines()[-1])


def cli_metrics(config_path: Path) -> dict[str, float]:
    run = subprocess.run([sys.executable, "-m", "cq4ds", "run", "--config", str(config_path), "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(run.stdout)["metrics"]


@pytest.mark.slow
def test_the_shipped_notebook_runs_and_matches_the_cli():
    notebook = nbformat.read(ROOT / "notebooks/titanic_in_a_notebook.ipynb", as_version=4)
    assert executed_metrics(notebook, ROOT / "notebooks") == cli_metrics(ROOT / "configs/notebook.toml")


@pytest.mark.slow
def test_an_exported_notebook_runs_as_is_and_matches_the_cli(tmp_path):
    config_path = ROOT / "configs/random_forest.toml"
    exported = tmp_path / "exported.ipynb"
    nbformat.write(composition_notebook(load_config(config_path)), exported)
    notebook = nbformat.read(exported, as_version=4)
    assert executed_metrics(notebook, ROOT / "notebooks") == cli_metrics(config_path)


def test_the_shipped_notebook_has_no_stored_outputs():
    notebook = nbformat.read(ROOT / "notebooks/titanic_in_a_notebook.ipynb", as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    nbformat.validate(notebook)
