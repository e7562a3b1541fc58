"""Step 5 of the workflow, live: the package's matrices compared with the legacy notebook's own pickled references.

The legacy script writes its references with `do_test` on its first run; here it runs once per process,
in a temporary folder, and the notebook recipe (with any feature parameters changed) is compared cell by cell.
"""

from __future__ import annotations

import functools
import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cq4ds.bootstrap import build_pipeline
from cq4ds.columnar import LABEL, labelled
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ConfigError

REPO = Path(__file__).resolve().parents[2]
LEGACY_SCRIPT = "lessons/legacy/titanic_notebook.py"
REFERENCES = (
    "X_train_categorical_one_hot",
    "X_train_numerical_scaled",
    "X_test_categorical_one_hot",
    "X_test_numerical_scaled",
    "cm_train",
    "cm_test",
)
SCRIPT_SECONDS = 300


@dataclass(frozen=True, slots=True)
class Check:
    """One regression check: what was compared, whether it matched, and how."""

    name: str
    passed: bool
    detail: str


@functools.cache
def legacy_reference() -> dict[str, np.ndarray]:
    """What the legacy script pickled as its references (run once per process, in a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="cq4ds-legacy-") as cache:
        env = {**os.environ, "CQ4DS_LEGACY_CACHE": cache}
        run = subprocess.run(
            [sys.executable, LEGACY_SCRIPT],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=SCRIPT_SECONDS,
        )
        if run.returncode != 0:
            raise ConfigError(f"the legacy script failed: {run.stderr.strip()[-300:]}", "run it from a shell")
        loaded = {}
        for name in REFERENCES:
            with open(Path(cache) / f"{name}.pkl", "rb") as file:  # our own file, written just now
                loaded[name] = np.asarray(pickle.load(file))
    reference = {
        "X_train": np.hstack([loaded["X_train_categorical_one_hot"], loaded["X_train_numerical_scaled"]]),
        "X_test": np.hstack([loaded["X_test_categorical_one_hot"], loaded["X_test_numerical_scaled"]]),
        "cm_train": loaded["cm_train"],
        "cm_test": loaded["cm_test"],
    }
    for array in reference.values():
        array.flags.writeable = False  # shared by every caller in the process: read-only
    return reference


def _matrix_check(name: str, ours: np.ndarray, reference: np.ndarray, tolerance: float = 1e-9) -> Check:
    if ours.shape != reference.shape:
        return Check(name, False, f"shape {ours.shape} against the notebook's {reference.shape}")
    differing = int((~np.isclose(ours, reference, atol=tolerance, rtol=0)).sum())
    return Check(name, differing == 0, f"{differing} of {ours.size} cells differ (tolerance {tolerance:g})")


def characterize(**feature_params: object) -> tuple[Check, ...]:
    """the notebook recipe, with `feature_params` changed, compared with the legacy script's references."""
    reference = legacy_reference()
    config = load_config(NOTEBOOK_RECIPE)
    config = config.with_spec("features", config.features.with_params(**feature_params))
    pipeline = build_pipeline(config)
    trained = pipeline.train_and_evaluate()
    rows = labelled(pipeline.load().frame)
    train_at, test_at = pipeline.split.split(rows[LABEL].tolist())
    result = trained.result
    return (
        _matrix_check("processed training matrix", trained.predictor.matrix(rows.iloc[train_at]), reference["X_train"]),
        _matrix_check("processed test matrix", trained.predictor.matrix(rows.iloc[test_at]), reference["X_test"]),
        _matrix_check("training confusion matrix", np.array(result.train.confusion.as_rows()), reference["cm_train"]),
        _matrix_check("test confusion matrix", np.array(result.test.confusion.as_rows()), reference["cm_test"]),
    )
