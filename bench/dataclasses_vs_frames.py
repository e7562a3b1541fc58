"""Benchmark objects against columns: validate and derive 1k to 1M generated passengers both ways.

The measurement is the one the app's "Dataclasses or DataFrames?" page shows
(`course.explain.representations.measure`): time untraced, then peak memory in a traced run.
Each size runs in a fresh process. Run: .venv/bin/python bench/dataclasses_vs_frames.py
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIB = 2**20


def one_run(rows: int, seed: int) -> dict:
    """Measure both paths on `rows` passengers in this process."""
    from course.explain.representations import measure

    start = time.perf_counter()
    comparison = measure(rows, seed)
    return {**dataclasses.asdict(comparison), "wall_seconds": round(time.perf_counter() - start, 1)}


def _line(result: dict, path: str) -> str:
    cost = result[path]
    seconds = cost["validate_seconds"] + cost["derive_seconds"]
    identical = result["agreement"]["same_pids"] and not result["agreement"]["differing_fields"]
    return (
        f"| {result['rows']:,} | {path} | {cost['validate_seconds']:.3f} | {cost['derive_seconds']:.3f} "
        f"| {seconds:.3f} | {round(result['rows'] / seconds):,} | {cost['peak_bytes'] / MIB:.1f} "
        f"| {cost['arrow_bytes'] / MIB:.1f} | {'yes' if identical else 'NO'} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.child, args.seed)))
        return
    print(f"machine: {platform.machine()}, python {platform.python_version()}, {os.cpu_count()} cores")
    print("| rows | path | validate s | derive s | total s | rows/s | peak MiB (tracemalloc) | Arrow MiB | identical |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---|")
    for rows in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(rows), "--seed", str(args.seed)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(_line(result, "objects"))
        print(_line(result, "columns"))
        print(f"<!-- {rows:,} rows measured in {result['wall_seconds']} s wall time -->", flush=True)


if __name__ == "__main__":
    main()
