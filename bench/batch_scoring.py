"""Benchmark batch scoring on each engine: in this process vs a local Dask cluster, at 1M and 10M rows.

Generated passengers are written once per size to a Parquet file (one row group per chunk), then scored
from it into a Parquet sink, each run in a fresh process so its peak memory is its own. Two recipes: the
notebook's (a KNN imputer: compute-bound) and the same with minimal numeric features (no KNN: I/O-bound).
The sink writes one file (every prediction passes through the scoring process) or, with `--layouts dataset`,
a dataset folder whose parts are written where they are scored (by Dask's workers).
Beside them, the I/O limit: pyarrow alone reading the same file and writing as many predictions.

Run: .venv/bin/python bench/batch_scoring.py [--sizes 1000000 10000000] [--engines in_process dask]
     [--layouts file dataset]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's cq4ds, in this process, its runs and Dask's workers alike
RECIPES = {"notebook": [], "no_knn": ["features.kind=minimal"]}


def write_input(path: Path, rows: int, chunk_rows: int) -> None:
    """`rows` generated passengers in a Parquet file with one row group per `chunk_rows`, written a block at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cq4ds.adapters.synthetic import generate

    writer = None
    for start in range(0, rows, chunk_rows):
        table = pa.Table.from_pandas(
            generate(min(chunk_rows, rows - start), seed=11, start=start), preserve_index=False
        )
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=chunk_rows)
    writer.close()


def io_limit(path: Path, chunk_rows: int) -> dict:
    """pyarrow alone: read the passenger columns of `path` batch by batch, write as many 3-column predictions."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    start = time.perf_counter()
    rows = 0
    with tempfile.TemporaryDirectory() as folder, pq.ParquetFile(path) as source:
        schema = pa.schema([("pid", pa.int64()), ("probability", pa.float64()), ("label", pa.int64())])
        with pq.ParquetWriter(Path(folder) / "out.parquet", schema) as out:
            for batch in source.iter_batches(batch_size=chunk_rows):
                n = batch.num_rows
                rows += n
                out.write_table(pa.table([batch.column("pid"), np.full(n, 0.5), np.ones(n, "int64")], schema=schema))
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


def peak_kib() -> int:
    """This process's peak resident memory since it started, in KiB.

    Linux: VmHWM, which starts afresh when the process execs. Not ru_maxrss: Linux carries it across fork and
    exec, so a child started by a parent that held the input (10M rows) would report the parent's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def one_run(engine: str, recipe: str, layout: str, path: Path, chunk_rows: int, workers: int) -> dict:
    """Score the file at `path` in this process with `engine` and measure it."""
    from cq4ds.bootstrap import build_pipeline
    from cq4ds.config_file import apply_overrides, load_config

    config = apply_overrides(load_config(ROOT / "configs/notebook.toml"), RECIPES[recipe])
    predictor = build_pipeline(config).train_and_evaluate().predictor
    client, cluster, started = None, None, 0.0
    if engine == "dask":
        from cq4ds.adapters.dask_cluster import start_local
        from cq4ds.adapters.dask_engine import DaskEngine

        start = time.perf_counter()
        cluster, client = start_local(workers)
        started = time.perf_counter() - start
        injected = {"engine": DaskEngine(client=client)}
    else:
        injected = {}
    before_kib = peak_kib()
    with tempfile.TemporaryDirectory() as folder:
        scoring = apply_overrides(
            config,
            [
                "source.kind=parquet",
                f'source.params.path="{path}"',
                "sink.kind=parquet",
                f'sink.params.path="{folder}/predictions.parquet"',
                f'sink.params.layout="{layout}"',
            ],
        )
        first: list[float] = []  # when the first partition came back: Dask's workers warm up before it
        start = time.perf_counter()
        result = build_pipeline(scoring, **injected).score(
            predictor, chunk_rows=chunk_rows, listener=lambda _: first or first.append(time.perf_counter() - start)
        )
        seconds = time.perf_counter() - start
    worker_peaks = []
    if client is not None:
        peaks = client.run(peak_kib)
        worker_peaks = [round(kib / 1024) for kib in peaks.values()]
        client.close()
        cluster.close()
    return {
        "engine": engine,
        "recipe": recipe,
        "layout": layout,
        "rows": result.rows_scored,
        "partitions": result.chunks,
        "cluster_start_s": round(started, 1),
        "seconds": round(seconds, 2),
        "first_partition_s": round(first[0], 2),
        "rows_per_second": round(result.rows_scored / seconds),
        "score_s": round(sum(p.seconds for p in result.partitions), 2),
        "partition_s_median": round(sorted(p.seconds for p in result.partitions)[len(result.partitions) // 2], 3),
        "client_peak_mib": round(peak_kib() / 1024),
        "client_before_mib": round(before_kib / 1024),
        "worker_peak_mib": worker_peaks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 10_000_000])
    parser.add_argument("--engines", nargs="*", default=["in_process", "dask"])
    parser.add_argument("--recipes", nargs="*", default=list(RECIPES))
    parser.add_argument("--layouts", nargs="*", default=["file"], choices=["file", "dataset"])
    parser.add_argument("--chunk-rows", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", nargs=4, metavar=("ENGINE", "RECIPE", "LAYOUT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, recipe, layout, path = args.child
        print(json.dumps(one_run(engine, recipe, layout, Path(path), args.chunk_rows, args.workers)))
        return
    load = os.getloadavg()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, "
        f"load average at start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.sizes:
            path = Path(folder) / f"passengers_{rows}.parquet"
            write_input(path, rows, args.chunk_rows)
            print(json.dumps({"rows": rows, "io_limit_pyarrow": io_limit(path, args.chunk_rows)}), flush=True)
            for recipe, layout, engine in itertools.product(args.recipes, args.layouts, args.engines):
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        engine,
                        recipe,
                        layout,
                        str(path),
                        "--chunk-rows",
                        str(args.chunk_rows),
                        "--workers",
                        str(args.workers),
                    ],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                print(out.stdout.strip().splitlines()[-1], flush=True)
            path.unlink()
    load = os.getloadavg()
    print(f"load average at end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


if __name__ == "__main__":
    main()
