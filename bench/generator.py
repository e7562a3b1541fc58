"""Benchmark the synthetic generator: rows/s in one call, and streaming in chunks with peak memory.

Run: .venv/bin/python bench/generator.py [--stream-rows 10000000]
"""

from __future__ import annotations

import argparse
import resource
import time

from cq4ds.adapters.synthetic import SyntheticSource, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows generated in one call")
    parser.add_argument("--stream-rows", type=int, default=10_000_000, help="rows streamed in chunks")
    parser.add_argument("--chunk-rows", type=int, default=50_000)
    args = parser.parse_args()

    start = time.perf_counter()
    generate(args.rows, seed=0)
    seconds = time.perf_counter() - start
    print(f"generate({args.rows:,}): {seconds:.2f} s, {args.rows / seconds:,.0f} rows/s")

    start = time.perf_counter()
    total = sum(len(batch) for batch in SyntheticSource(rows=args.stream_rows).read_batches(args.chunk_rows))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"stream {total:,} rows in chunks of {args.chunk_rows:,}: {seconds:.1f} s, "
          f"{total / seconds:,.0f} rows/s, peak RSS {peak:.0f} MiB (includes the one-call run above)")


if __name__ == "__main__":
    main()
