"""Every page's first visit, alone and with many sessions opening it at once (a room following the instructor).

Starts the app on a free local port. For each page in the order of the sidebar, measures with wire
sessions (tests/e2e/wire.py: the page's WebSocket messages, no drawing) the time from asking for the
page until its script run finished:
  - cold: the first visit to that page since the server started (fills the caches of shared read-only work);
  - warm: a new session's visit just after;
  - together: `--sessions` new sessions asking for the page at the same moment, as when the instructor
    says "open page 6 now" (p50 and max over the sessions).
Also reports the error boxes a page showed (a page that fails would show one) and the server's peak memory.
Drawing in a browser comes on top of these times.

Run from the repository root (needs `make setup`):
    .venv/bin/python bench/page_visits.py [--sessions 30] [--pages eos,lab]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.room import machine  # noqa: E402
from course.ui.site import SECTIONS  # noqa: E402
from tests.e2e.harness import serve  # noqa: E402
from tests.e2e.wire import Run, WireSession  # noqa: E402


async def visit(url: str, page: str) -> Run:
    async with WireSession(url, page, "", metric_count=0) as session:
        return await session.open()


def seconds(run: Run) -> float:
    return run.finished_at - run.started


async def measure(url: str, page: str, together: int) -> dict[str, object]:
    cold = await visit(url, page)
    warm = await visit(url, page)
    runs = await asyncio.gather(*(visit(url, page) for _ in range(together)))
    times = [seconds(run) for run in runs]
    errors = {error for run in (cold, warm, *runs) for error in run.errors}
    return {
        "cold": seconds(cold),
        "warm": seconds(warm),
        "p50": statistics.median(times),
        "max": max(times),
        "errors": sorted(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="sessions opening each page at the same moment")
    parser.add_argument("--pages", help="only these pages, by address, comma-separated (e.g. eos,lab)")
    args = parser.parse_args()
    pages = [entry for entries in SECTIONS.values() for entry in entries]
    if args.pages:
        pages = [entry for entry in pages if entry.url_path in args.pages.split(",")]
    print(f"| page | cold s | warm s | {args.sessions} at once: p50 s | max s | error boxes |")
    print("|---|---:|---:|---:|---:|---|")
    started = time.monotonic()
    with serve(ROOT / ".streamlit-bench.log") as server:
        baseline = server.memory_mib()
        for entry in pages:
            row = asyncio.run(measure(server.url, entry.url_path, args.sessions))
            errors = "; ".join(str(error)[:80] for error in row["errors"]) or "-"
            cells = " | ".join(f"{row[key]:.2f}" for key in ("cold", "warm", "p50", "max"))
            print(f"| {entry.title} (`/{entry.url_path}`) | {cells} | {errors} |", flush=True)
        peak = server.peak_memory_mib()
    took = time.monotonic() - started
    print(f"\nserver memory: {baseline:.0f} MiB at start, peak {peak:.0f} MiB; {took:.0f} s in all")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
