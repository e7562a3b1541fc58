"""The room's own load switched on and off in windows of one phase: a comparison the machine's drift cannot bias.

Two phases minutes apart ran this VM's same work up to twice as slowly (bench/room.py's fixed work), so a room
phase against an outside phase compares machines as much as rooms. Here the participants stay in one room for
the whole phase, and what the room adds to the server from outside (every laptop's posts and the instructor's
dashboard refreshing itself) runs in every other window of `seconds`: on, off, on, ... from the phase's start.
A swap counts for the window it began and ended in (a swap across a switch counts for neither), only once every
participant is in (the arrival minute is not the room's). Whatever the machine does over minutes, it does to
the on and the off windows alike.

What stays on in both kinds of window is each participant's own room work in their sessions (the visit, the
pacing read, the Lab's milestone after each swap): bench/parts.py measures that apart, a cached swap's CPU in
a room against outside.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import random
import statistics
import time
from dataclasses import dataclass, field

from tests.e2e.room import MODELS, Report, percentile, spread

RESAMPLES = 2_000  # the bootstrap's draws for the p95 ratio's interval


@dataclass(frozen=True)
class Windows:
    """On and off in turn, `seconds` each, from `start` (time.perf_counter)."""

    start: float
    seconds: float

    def index(self, at: float) -> int:
        return math.floor((at - self.start) / self.seconds)

    def on(self, at: float | None = None) -> bool:
        """Whether the room's load runs at `at` (now if None): the even windows, the first one included."""
        return self.index(time.perf_counter() if at is None else at) % 2 == 0

    def next_switch(self, at: float | None = None) -> float:
        """When (perf_counter) the window holding `at` ends."""
        return self.start + (self.index(time.perf_counter() if at is None else at) + 1) * self.seconds


async def switch_page(page, windows: Windows, over: asyncio.Event) -> None:
    """Pause the page's scripts in the off windows and resume them in the on ones until `over` (Chrome's debugger:
    a paused page runs no timers, so a dashboard's fragments ask for no refresh; its connection stays open and
    what arrives meanwhile is read on resuming)."""
    session = await page.context.new_cdp_session(page)
    paused = False
    try:
        await session.send("Debugger.enable")
        while not over.is_set():
            if paused == windows.on():
                await session.send("Debugger.resume" if paused else "Debugger.pause")
                paused = not paused
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(over.wait(), max(0.0, windows.next_switch() - time.perf_counter()) + 0.01)
        if paused:
            await session.send("Debugger.resume")
    finally:
        await session.detach()


@dataclass
class Samples:
    """The server's and the browsers' CPU time and the machine's fixed work, sampled in time (perf_counter) while
    the phase runs."""

    cpu: list[tuple[float, float]] = field(default_factory=list)  # (when, the server's CPU seconds so far)
    work: list[tuple[float, float]] = field(default_factory=list)  # (when, the fixed work's ms)
    browsers: list[tuple[float, float]] = field(default_factory=list)  # (when, every Chromium's CPU seconds so far)


def compare(report: Report, windows: Windows, samples: Samples) -> dict[str, object]:
    """The swaps in the on windows against the off ones (once everyone is in), all of them and apart: those that
    trained (a participant's first swap to a model: the session has no result for it yet) and those whose result
    the session kept; the server's and the browsers' CPU per second of each, and the machine's speed in each (the
    fixed work's p50)."""
    everyone_in = report.everyone_in()  # time.monotonic; the swaps' start is perf_counter
    if everyone_in is None:
        return {"problem": "not every participant's Lab opened"}
    since = everyone_in - time.monotonic() + time.perf_counter()
    kinds: dict[bool, list[float]] = {True: [], False: []}
    trained: dict[bool, list[float]] = {True: [], False: []}
    kept: dict[bool, list[float]] = {True: [], False: []}
    by_window: dict[int, list[float]] = {}
    seen = {(number, MODELS[0]) for number in range(report.participants)}  # every Lab opens on this model
    across = 0
    for swap in report.swaps:  # each participant's in the order they made them
        new = (swap.participant, swap.model) not in seen
        seen.add((swap.participant, swap.model))
        if swap.problem or swap.started is None or swap.started < since:
            continue
        first, last = windows.index(swap.started), windows.index(swap.started + swap.seconds)
        if first != last:
            across += 1
            continue
        kinds[first % 2 == 0].append(swap.seconds)
        (trained if new else kept)[first % 2 == 0].append(swap.seconds)
        by_window.setdefault(first, []).append(swap.seconds)
    work = {on: [ms for at, ms in samples.work if at >= since and windows.on(at) == on] for on in (True, False)}
    names = {True: "on", False: "off"}
    return {
        "window_s": windows.seconds,
        "swaps_across_a_switch": across,
        "swap_s": {names[k]: spread(values) for k, values in kinds.items()},
        "p95_on_over_off": ratio(percentile(kinds[True], 0.95), percentile(kinds[False], 0.95)),
        "p95_on_over_off_95_percent_interval": interval(by_window),
        "p50_on_over_off": ratio(median(kinds[True]), median(kinds[False])),
        "trained_s": {names[k]: spread(values) for k, values in trained.items()},
        "trained_p50_on_over_off": ratio(median(trained[True]), median(trained[False])),
        "kept_s": {names[k]: spread(values) for k, values in kept.items()},
        "kept_p50_on_over_off": ratio(median(kept[True]), median(kept[False])),
        "server_cores_busy": busy(samples.cpu, windows, since),
        "browsers_cores_busy": busy(samples.browsers, windows, since),
        "fixed_work_ms_p50": {names[k]: round(median(values), 3) for k, values in work.items()},
    }


def busy(used: list[tuple[float, float]], windows: Windows, since: float) -> dict[str, float | None]:
    """How many cores a process (or processes) kept busy in the on and in the off windows from `since`, from
    samples of (when, CPU seconds used so far): each interval counts for the window its middle falls in."""
    totals = {True: [0.0, 0.0], False: [0.0, 0.0]}  # CPU seconds, wall seconds
    for (before, used_before), (after, used_after) in itertools.pairwise(used):
        if before >= since:
            share = totals[windows.on((before + after) / 2)]
            share[0] += used_after - used_before
            share[1] += after - before
    return {"on" if on else "off": round(cpu / wall, 3) if wall else None for on, (cpu, wall) in totals.items()}


def interval(by_window: dict[int, list[float]]) -> list[float] | None:
    """The p95 ratio's 95% interval by a bootstrap over whole windows (the swaps of one window share the machine's
    state at the time, so they are drawn together): on and off windows each drawn again with replacement."""
    on = [swaps for index, swaps in by_window.items() if index % 2 == 0]
    off = [swaps for index, swaps in by_window.items() if index % 2 == 1]
    if len(on) < 2 or len(off) < 2:
        return None
    rng = random.Random(0)
    ratios = []
    for _ in range(RESAMPLES):
        high = percentile([s for swaps in rng.choices(on, k=len(on)) for s in swaps], 0.95)
        low = percentile([s for swaps in rng.choices(off, k=len(off)) for s in swaps], 0.95)
        ratios.append(high / low)
    ratios.sort()
    return [round(ratios[int(0.025 * RESAMPLES)], 2), round(ratios[int(0.975 * RESAMPLES) - 1], 2)]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def ratio(on: float, off: float) -> float | None:
    return round(on / off, 2) if off > 0 else None
