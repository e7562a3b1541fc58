"""bench/room.py --windows: the room's load on and off in one phase, and the swaps counted for their window.

The comparison is only as good as its switch: a page's scripts must stop in the off windows (a dashboard's
fragments then ask for nothing) and run again in the on ones, in a real Chromium; and each swap must count for
the window it ran in, the server's CPU for the window it was used in.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time

from playwright.async_api import async_playwright

from tests.e2e.room import MODELS, Report, Swap
from tests.e2e.windows import Samples, Windows, compare, switch_page

TICKING = "<script>window.ticks = []; setInterval(() => window.ticks.push(performance.now()), 50)</script>"


def test_windows_alternate_on_and_off_from_the_start():
    windows = Windows(start=100.0, seconds=10.0)
    assert [windows.on(at) for at in (100.0, 109.9, 110.0, 119.9, 120.0, 135.0)] == [1, 1, 0, 0, 1, 0]
    assert windows.next_switch(104.0) == 110.0
    assert windows.next_switch(110.0) == 120.0


def _swap(started: float, seconds: float, model: str = "model") -> Swap:
    return Swap(0, model, seconds, started=started, browser=False)


def test_swaps_count_for_their_window_once_everyone_is_in_and_cpu_for_the_window_it_was_used_in():
    now = time.perf_counter()
    windows = Windows(start=now - 40.0, seconds=10.0)  # on -40..-30, off -30..-20, on -20..-10, off -10..0
    report = Report(participants=1)
    report.opens.append(Swap(0, "model", 1.0, ended=time.monotonic() - 35.0))  # everyone in at -35
    report.swaps += [
        _swap(now - 39.0, 0.5),  # before everyone was in: not counted
        _swap(now - 34.0, 2.0),  # on (its model was swapped to before: the session kept the result)
        _swap(now - 28.0, 1.0, MODELS[0]),  # off (the model the Lab opened on)
        _swap(now - 25.0, 1.0),  # off
        _swap(now - 21.0, 2.0),  # across a switch: neither
        _swap(now - 15.0, 4.0, "other"),  # on, the first swap to its model: it trained
        _swap(now - 5.0, 1.0),  # off
    ]
    cpu = [(now - 40.0 + second, 1.5 * min(second, 10) + 0.5 * max(0, min(second, 20) - 10)) for second in range(21)]
    work = [(now - 36.0, 1.0), (now - 25.0, 2.0), (now - 15.0, 1.0)]
    figures = compare(report, windows, Samples(cpu, work, browsers=[(at, used / 2) for at, used in cpu]))
    assert figures["swaps_across_a_switch"] == 1
    assert figures["swap_s"]["on"]["n"] == 2 and figures["swap_s"]["off"]["n"] == 3
    assert figures["p95_on_over_off"] == 4.0
    assert figures["p50_on_over_off"] == 3.0
    assert figures["trained_s"]["on"]["n"] == 1 and figures["trained_s"]["off"]["n"] == 0  # the swap at -15
    assert figures["kept_s"]["on"]["n"] == 1 and figures["kept_s"]["off"]["n"] == 3
    low, high = figures["p95_on_over_off_95_percent_interval"]  # two on and two off windows, drawn again
    assert low <= 4.0 <= high and low >= 2.0
    # from -35 on: 5 s of the first on window at 1.5 cores, then the off window's 10 s at 0.5 cores
    assert figures["server_cores_busy"] == {"on": 1.5, "off": 0.5}
    assert figures["browsers_cores_busy"] == {"on": 0.75, "off": 0.25}
    assert figures["fixed_work_ms_p50"] == {"on": 1.0, "off": 2.0}


def test_a_room_whose_participants_never_all_arrived_is_not_compared():
    report = Report(participants=2)
    report.opens.append(Swap(0, "model", 1.0))
    assert "problem" in compare(report, Windows(time.perf_counter(), 10.0), Samples())


def test_a_page_runs_no_script_in_the_off_windows_and_runs_again_in_the_on_ones(browser_type_launch_args):
    async def ticks() -> tuple[list[float], float, float]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**browser_type_launch_args)
            page = await browser.new_page()
            await page.set_content(TICKING)
            origin = await page.evaluate("performance.timeOrigin")
            over = asyncio.Event()
            windows = Windows(time.perf_counter() + 0.5, 1.0)  # on from 0.5 s, off from 1.5 s, on from 2.5 s
            wall = time.time() * 1000 - time.perf_counter() * 1000  # perf_counter to the page's clock
            switching = asyncio.create_task(switch_page(page, windows, over))
            await asyncio.sleep(3.2)
            over.set()
            await switching
            seen = [origin + tick - wall for tick in await page.evaluate("window.ticks")]
            await browser.close()
            return [at / 1000 for at in seen], windows.start + 1.0, windows.start + 2.0

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # away from any sync Playwright's event loop
        seen, off, on = pool.submit(asyncio.run, ticks()).result()
    during = [at for at in seen if off + 0.3 < at < on - 0.05]  # the pause is sent at the switch, then takes hold
    after = [at for at in seen if on + 0.1 < at]
    assert len([at for at in seen if at < off]) > 10
    assert during == []
    assert len(after) > 5
