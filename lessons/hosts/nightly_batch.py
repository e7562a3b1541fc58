# LESSON MATERIAL: a host, kept outside the cq4ds package on purpose. It is the outer code a
# scheduler runs (cron, Airflow, a CI schedule); the package knows nothing about it. It uses only
# the package's public API: the composition root, the model store and the JSON report.
"""Nightly retraining job: retrain on the configured data, keep the model, write a dated metrics report.

A crontab line that runs it at 02:00 every night, from the repository root:

    0 2 * * *  .venv/bin/python lessons/hosts/nightly_batch.py --config configs/notebook.toml --out reports
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from cq4ds.bootstrap import build_pipeline, open_model_store
from cq4ds.domain import Cq4dsError
from cq4ds.reporting import run_json


def nightly_retrain(config: str, out: Path, now: datetime | None = None) -> Path:
    """Retrain the composition `config` describes, save the model and a dated report in `out`; return the report."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    trained = build_pipeline(config).train_and_evaluate()
    report = run_json(trained.result)
    out.mkdir(parents=True, exist_ok=True)
    open_model_store(str(out / "models")).save(f"nightly-{stamp}", trained.predictor, report)
    path = out / f"metrics-{stamp}.json"
    temporary = path.with_suffix(".tmp")  # write, then rename: a reader never sees half a report
    temporary.write_text(json.dumps(report, indent=2), encoding="utf-8")
    temporary.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    """Run the job once; a user error prints one line and returns 2, like the package's own CLI."""
    parser = argparse.ArgumentParser(description="Retrain nightly and write a dated metrics report.")
    parser.add_argument("--config", default="configs/notebook.toml", help="TOML config file (see configs/)")
    parser.add_argument("--out", default="reports", help="folder for the models and reports")
    args = parser.parse_args(argv)
    try:
        path = nightly_retrain(args.config, Path(args.out))
    except Cq4dsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
