"""Export a composition as a Jupyter notebook: a third context that imports the same package."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course.explain.wiring import config_code
from cq4ds.config_file import dump_config
from cq4ds.domain import PipelineConfig

FIND_PROJECT = """\
# Run from anywhere inside the project: relative paths in the config start at its root.
import os
from pathlib import Path

root = next(p for p in [Path.cwd(), *Path.cwd().parents] if (p / "cq4ds").is_dir() and (p / "sample_data").is_dir())
os.chdir(root)"""

SHOW_METRICS = """\
import dataclasses
import json

print(json.dumps(dataclasses.asdict(trained.result.metrics)))"""

PLOT_CONFUSION = """\
import plotly.express as px

matrix = trained.result.test.confusion.as_rows()
px.imshow(matrix, x=["died", "survived"], y=["died", "survived"], text_auto=True,
          labels={"x": "predicted", "y": "actual"}, title="Confusion matrix, test split")"""

PREDICTIONS = """\
import pandas as pd

pd.DataFrame([dataclasses.asdict(p) for p in trained.result.test_predictions]).head(10)"""


def composition_notebook(config: PipelineConfig) -> nbformat.NotebookNode:
    """A notebook that builds `config` through the composition root, trains it, and shows the results."""
    cells = [
        new_markdown_cell(
            "# A cq4ds composition, as a notebook\n\n"
            "This notebook is one more *context*: it imports the same package as the CLI and the app and "
            "wires the same components. Its config, as TOML:\n\n```toml\n" + dump_config(config) + "```"
        ),
        new_code_cell(FIND_PROJECT),
        new_code_cell(
            "from cq4ds.bootstrap import build_pipeline\nfrom cq4ds.domain import ComponentSpec, PipelineConfig\n\n"
            f"config = {config_code(config)}\ntrained = build_pipeline(config).train_and_evaluate()"
        ),
        new_code_cell(SHOW_METRICS, metadata={"tags": ["metrics"]}),
        new_code_cell(PLOT_CONFUSION),
        new_code_cell(PREDICTIONS),
    ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def notebook_text(config: PipelineConfig) -> str:
    """The exported notebook as .ipynb text."""
    return nbformat.writes(composition_notebook(config))


def code_cells(notebook: nbformat.NotebookNode) -> list[str]:
    """The source of each code cell, in order."""
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]
