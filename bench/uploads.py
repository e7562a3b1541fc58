"""One session uploads large files one after another: does the server's memory stay bounded?

Starts the app on a free local port, opens the Lab in one headless Chromium and uploads `--files`
different CSV files of 10,000 generated passengers whose names fill each file to just under the upload
limit (49 MB, tests/e2e/hostile.py `long_names_file`; a new seed each, so neither the load cache nor the
session's results answer). After each upload is trained and its result is on screen, reads the server's
resident memory (VmRSS). Reports the series, the growth per upload until the Lab's load cache is full and
after it (a bounded server levels off there: its growth tends to 0) and the peak.

Streamlit keeps an uploaded file's bytes in memory until the page deletes it or the session ends; the Lab
replaces its uploader by the saved file's name, so it releases the bytes itself once the file is saved
(course/ui/files.py). The Lab's load cache holds at most CACHED_SOURCES sources for CACHED_SECONDS.

Run from the repository root (needs `make setup browser`):
    .venv/bin/python bench/uploads.py [--files 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)  # configs/ and sample_data/ are relative to the repository root

from playwright.async_api import async_playwright  # noqa: E402

from bench.served import emit  # noqa: E402
from course.ui.runs import CACHED_SECONDS, CACHED_SOURCES  # noqa: E402
from tests.e2e import hostile  # noqa: E402
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, Server, serve  # noqa: E402
from tests.e2e.room import Frames  # noqa: E402


def growth_per_upload(memory: list[float], after: int) -> float:
    """MiB per upload after the first `after` uploads (least squares): about 0 once memory has levelled off."""
    tail = memory[after:]
    if len(tail) < 2:
        return float("nan")
    return statistics.linear_regression(range(len(tail)), tail).slope


async def upload_all(server: Server, files: list[hostile.HeavyFile]) -> tuple[list[dict[str, object]], float]:
    """Upload `files` in one session; per upload, what the page said, how long it took and the server's memory."""
    rows: list[dict[str, object]] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await (await browser.new_context(viewport={"width": 1280, "height": 900})).new_page()
        frames = Frames(page)
        await page.goto(f"{server.url}/lab", wait_until="domcontentloaded")
        await page.get_by_test_id("stMetricValue").first.wait_for(state="visible", timeout=120_000)
        opened = server.memory_mib()
        await hostile.choose_source(page, "csv")
        for number, heavy in enumerate(files, start=1):
            outcome = await hostile.upload_heavy(page, frames, heavy)
            rows.append(
                {
                    "upload": number,
                    "seconds": outcome.seconds,
                    "problem": outcome.problem,
                    "server_rss_mib": round(server.memory_mib(), 1),
                }
            )
            print(json.dumps(rows[-1]), flush=True)
            if outcome.problem:
                break
        await browser.close()
    return rows, opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--files", type=int, default=CACHED_SOURCES + 8, help="how many different 49 MB files the session uploads"
    )
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="cq4ds-uploads-") as folder:
        started = time.monotonic()
        files = [
            hostile.HeavyFile("csv", path, f"10,000 passengers with long names ({hostile.mb(path)})", hostile.TRAINED)
            for path in (hostile.long_names_file(Path(folder) / f"long-{n}.csv", 2000 + n) for n in range(args.files))
        ]
        print(f"{len(files)} files in {time.monotonic() - started:.0f} s", flush=True)
        with serve(ROOT / ".streamlit-bench.log") as server:
            rows, opened = asyncio.run(upload_all(server, files))
            peak = server.peak_memory_mib()
    memory = [float(row["server_rss_mib"]) for row in rows]
    summary = {
        "files": args.files,
        "uploads_answered": sum(row["problem"] is None for row in rows),
        "problems": [row["problem"] for row in rows if row["problem"]],
        "server_rss_mib_after_opening_the_lab": round(opened, 1),
        "server_rss_mib_after_each_upload": memory,
        "growth_mib_per_upload_until_the_load_cache_is_full": round(growth_per_upload(memory[:CACHED_SOURCES], 0), 1),
        "growth_mib_per_upload_once_it_is_full": round(growth_per_upload(memory, CACHED_SOURCES), 1),
        "server_peak_mib": round(peak, 1),
        "upload_to_result_s_p50": round(statistics.median(float(r["seconds"]) for r in rows if r["seconds"]), 2),
        "load_cache": f"at most {CACHED_SOURCES} sources, {CACHED_SECONDS} s",
    }
    emit(summary, args.json, load_before)
    sys.exit(1 if summary["problems"] or len(rows) < args.files else 0)


if __name__ == "__main__":
    main()
