"""Plain-text and JSON views of results, shared by the CLI and the app's downloads."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cq4ds.domain import ConfusionMatrix, RunResult, ScoreResult
from cq4ds.registry import Registry


def components_json(registry: Registry) -> dict[str, Any]:
    """Every registered component per port (the engine's too), with its summary and parameters."""
    return {
        port: {
            kind: {
                "summary": (info := registry.info(port, kind)).summary,
                "params": {
                    p.name: {
                        "type": p.type.__name__,
                        "default": p.default,
                        "choices": p.choices,
                        "minimum": p.minimum,
                        "maximum": p.maximum,
                        "help": p.help,
                    }
                    for p in info.params
                },
            }
            for kind in registry.kinds(port)
        }
        for port in registry.ports()
    }


def run_json(result: RunResult) -> dict[str, Any]:
    """The run's metrics, confusion matrices, data report and timings as JSON-ready data."""
    return {
        "metrics": asdict(result.test.metrics),
        "train_metrics": asdict(result.train.metrics),
        "confusion_train": [list(row) for row in result.train.confusion.as_rows()],
        "confusion_test": [list(row) for row in result.test.confusion.as_rows()],
        "n_train": result.n_train,
        "n_test": result.n_test,
        "data": {
            "origin": result.data.origin,
            "rows_read": result.data.rows_read,
            "rows_after_cleaning": result.data.rows_after_cleaning,
            "quarantined": [asdict(row) for row in result.data.quarantined],
        },
        "timings": {t.stage: t.seconds for t in result.timings},
    }


def score_json(result: ScoreResult) -> dict[str, Any]:
    """A scoring run's counts, speed and destination as JSON-ready data."""
    return {
        "rows_scored": result.rows_scored,
        "chunks": result.chunks,
        "seconds": result.seconds,
        "rows_per_second": result.rows_per_second,
        "destination": result.destination,
        "quarantined": [asdict(row) for row in result.data.quarantined],
    }


def _matrix(title: str, cm: ConfusionMatrix) -> list[str]:
    return [
        title,
        "              predicted 0  predicted 1",
        f"  actual 0    {cm.tn:>11}  {cm.fp:>11}",
        f"  actual 1    {cm.fn:>11}  {cm.tp:>11}",
    ]


def run_text(result: RunResult) -> str:
    """A short human-readable report of a run."""
    m = result.test.metrics
    lines = [
        f"data: {result.data.origin}: {result.data.rows_read} rows read, "
        f"{len(result.data.quarantined)} quarantined, {result.n_train} train / {result.n_test} test",
        f"test  accuracy {m.accuracy:.3f}  precision {m.precision:.3f}  recall {m.recall:.3f}  "
        f"f1 {m.f1:.3f}  roc_auc {m.roc_auc:.3f}",
        *_matrix("confusion matrix (train)", result.train.confusion),
        *_matrix("confusion matrix (test)", result.test.confusion),
        "time: " + ", ".join(f"{t.stage} {t.seconds * 1000:.0f} ms" for t in result.timings),
    ]
    return "\n".join(lines)
