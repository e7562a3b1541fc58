"""The warehouse page's engine switch in a real browser: score in this process, then on the server's Dask cluster.

Both runs publish the identical table (same hash, and the page says so). The test starts its own server, so
that it can check the shared cluster's worker processes end with the server. Saves
`q_warehouse_engines_1280.png` (and `_full`) to artifacts/screenshots/.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_clean, screenshots, settled, watch
from tests.e2e.harness import serve
from tests.e2e.test_concept_pages import choose

RUN = 180_000  # ms: the first Dask run starts 2 worker processes on a machine that may be busy
DASK = "Local Dask cluster (2 workers)"
HASH = "hash of the published table"


def hashes(page: Page) -> list[str]:
    cards = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").filter(has_text=HASH))
    return [text.strip() for text in cards.get_by_test_id("stMetricValue").all_inner_texts()]


def score(page: Page, runs_shown: int) -> None:
    """Press the score button and wait until the page shows `runs_shown` published tables."""
    page.get_by_role("button", name="Score on this engine").click()
    expect(page.get_by_text(HASH)).to_have_count(runs_shown, timeout=RUN)
    settled(page, timeout=RUN)


def descendants(pid: int) -> set[int]:
    """The processes started by `pid`, and theirs (pgrep -P, level by level)."""
    found: set[int] = set()
    parents = [pid]
    while parents:
        listed = subprocess.run(["pgrep", "-P", ",".join(map(str, parents))], capture_output=True, text=True)
        parents = [int(line) for line in listed.stdout.split()]
        found.update(parents)
    return found


def running(pid: int) -> bool:
    """Whether process `pid` still runs (an ended one waiting for its parent to collect it does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_both_engines_publish_the_identical_table_and_the_workers_end_with_the_server(
    browser, browser_context_args, tmp_path
):
    with serve(tmp_path / "server.log") as server:
        context = browser.new_context(**browser_context_args)
        try:
            page = watch(context.new_page(), server.url)
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto(f"{server.url}/q_warehouse")
            expect(page.locator("h1, [data-testid=stException]").first).to_be_visible(timeout=RUN)
            settled(page)
            score(page, 1)
            assert len(hashes(page)) == 1
            choose(page, "Engine", DASK)
            score(page, 2)
            in_process, on_dask = hashes(page)
            assert in_process == on_dask and re.fullmatch(r"[0-9a-f]{10}", in_process)
            expect(page.get_by_text("The published tables are identical")).to_be_visible()
            assert_clean(page, "after both engines")
            section = page.get_by_role("heading", name=re.compile(r"^Same job, another engine"))
            section.evaluate("heading => heading.scrollIntoView({block: 'start'})")
            screenshots(page, "q_warehouse_engines", 1280, 1000, whole=False)
            workers = descendants(server.pid)
            assert len(workers) >= 2, "the Dask cluster's 2 worker processes should run under the server"
        finally:
            context.close()
    deadline = time.monotonic() + 10  # the worker processes and multiprocessing's resource tracker end with it
    while (alive := sorted(filter(running, workers))) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive, f"processes of the server's Dask cluster outlived it: {alive}"
