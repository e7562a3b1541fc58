"""Benchmark batch scoring: rows/s and peak memory at 100k and 1M generated passengers.

Each size runs in a fresh process so its peak RSS is its own. The model is the notebook
recipe trained on the sample data; the source streams generated passengers in chunks;
the sink writes Parquet atomically. Run: .venv/bin/python bench/batch_scoring.py
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(rows: int, chunk_rows: int) -> dict:
    """Score `rows` generated passengers in this process and measure it."""
    from cq4ds.bootstrap import build_pipeline
    from cq4ds.config_file import apply_overrides, load_config

    config = load_config(ROOT / "configs/notebook.toml")
    trained = build_pipeline(config).train_and_evaluate()
    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as folder:
        scoring = apply_overrides(
            config,
            [
                "source.kind=synthetic",
                f"source.params.rows={rows}",
                "source.params.seed=11",
                "sink.kind=parquet",
                f'sink.params.path="{folder}/predictions.parquet"',
            ],
        )
        start = time.perf_counter()
        result = build_pipeline(scoring).score(trained.predictor, chunk_rows=chunk_rows)
        seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": rows,
        "chunk_rows": chunk_rows,
        "chunks": result.chunks,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "rss_before_scoring_mib": round(baseline_kib / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--chunk-rows", type=int, default=50_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.child, args.chunk_rows)))
        return
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()}, "
        f"{__import__('os').cpu_count()} cores"
    )
    print(f"{'rows':>10} {'chunks':>7} {'seconds':>8} {'rows/s':>10} {'peak RSS MiB':>13} {'RSS before MiB':>15}")
    for rows in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(rows), "--chunk-rows", str(args.chunk_rows)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['rows']:>10,} {r['chunks']:>7} {r['seconds']:>8} {r['rows_per_second']:>10,} "
            f"{r['peak_rss_mib']:>13} {r['rss_before_scoring_mib']:>15}"
        )


if __name__ == "__main__":
    main()
