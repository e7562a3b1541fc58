"""Shared fixtures: the repository root as working directory, and small generated passenger lists."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths in configs (sample_data/..., configs/...) resolve from the repository root."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def passenger_frame():
    """A generated, schema-conformed frame of 600 labelled passengers (deterministic)."""
    from cq4ds.adapters.synthetic import generate
    from cq4ds.columnar import conform

    return conform(generate(600, seed=3), "generated").frame
