"""The workshop room under load: participants in a room, their laptops reporting graded exercises, the dashboard.

`bench/room.py --room` runs the same participants twice on a server in room mode (serve.py): first outside any
room, then each joined to one room (their links carry `room=CODE&me=ID`, as a join does), while one laptop per
participant posts the results of a real grading to the room's route (`POST /room/checks`, the request
`python -m cq4ds check --room` sends) every few seconds from its participant's arrival on, and the instructor,
who opened the dashboard in a browser before anyone arrived, watches it.

What it measures, beside the swaps: every event accounted for (each swap the participants saw and each post
the route accepted is in the room's database, none twice), the laptops' round trips, and the dashboard's
refresh as the instructor's page sees it: from the refresh request its fragment sends to the end of that run.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import multiprocessing
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from playwright.async_api import async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from course.room import store
from cq4ds.grading import grade_file
from cq4ds.grading.report import ROUTE, Target, payload, post
from cq4ds.grading.setup import REFERENCE
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, browsers_cpu_seconds
from tests.e2e.room import MODELS, Participant, Report, run_room, spread
from tests.e2e.windows import Windows, switch_page

POST_EVERY_S = 5.0  # mean s between one laptop's posts (each wait drawn from 0.7x to 1.3x): under 20 a minute
DASHBOARD = "instructors_room"
UNLOCKED_WITHIN = 60_000  # ms
INSTRUCTOR_NICENESS = 19  # every process of the instructor's browser, as the participants' pages are drawn
LAPTOP_PROCESSES = 4  # the laptops' posts are sent from these, not from the process that times the participants


def nickname(participant: Participant) -> str:
    """The name a participant joins under, and their laptop reports as."""
    return f"p{participant.number:02d}"


def members(room: store.Room, participants: list[Participant]) -> list[Participant]:
    """The participants, each joined to `room` (as the join form does) and carrying the membership in their link."""
    return [replace(p, membership=f"room={room.code}&me={room.join(nickname(p))}") for p in participants]


@dataclass
class Laptops:
    """What the laptops did: posts sent and accepted, the refusals' lines, each post's round trip."""

    sent: int = 0
    received: int = 0
    refused: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    components: int = 0  # graded components in each post (one stored event each)


@contextlib.contextmanager
def laptop_processes(count: int = LAPTOP_PROCESSES) -> Iterator[Executor]:
    """Processes the laptops post from, each started before the room opens. In a workshop every laptop is a
    machine of its own: a post's client work (the request, its JSON) then stays out of this process, whose event
    loop reads the wire participants' results and so times their swaps."""
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(time.sleep, [0.5] * count))  # at once: one process each
        yield pool


async def laptops(
    url: str,
    code: str,
    participants: list[Participant],
    deadline: float,
    stagger: float,
    every: float,
    processes: Executor | None = None,
    windows: Windows | None = None,
) -> Laptops:
    """One laptop per participant, posting a real grade of the reference solution to the room until `deadline`,
    every `every` seconds on average from when its participant arrives (`stagger` seconds apart, in order), from
    `processes` (None: threads of this process); with `windows`, only in the on windows (the others it skips)."""
    graded = grade_file(REFERENCE)
    done = Laptops(components=len(graded))

    async def laptop(arrival: float, participant: Participant) -> None:
        rng = random.Random(participant.number)
        where = Target(f"{url}{ROUTE}", code, nickname(participant))
        body = payload(where, graded)
        await asyncio.sleep(arrival)
        while True:
            await asyncio.sleep(every * rng.uniform(0.7, 1.3))
            if time.monotonic() >= deadline:
                return
            if windows and not windows.on():
                continue
            started = time.perf_counter()
            done.sent += 1
            received, line = await asyncio.get_running_loop().run_in_executor(processes, post, where, body)
            done.seconds.append(time.perf_counter() - started)
            if received:
                done.received += 1
            else:
                done.refused.append(line)

    if every > 0:
        await asyncio.gather(*(laptop(n * stagger, participant) for n, participant in enumerate(participants)))
    return done


@dataclass
class Phase:
    """One room phase's outcome: the participants' report, the laptops' posts, the dashboard's refreshes."""

    report: Report
    posts: Laptops
    refreshes: list[Refresh]
    windows: Windows | None = None


async def in_room(
    url: str,
    code: str,
    key: str,
    people: list[Participant],
    expected: dict,
    seconds: float,
    think: float,
    stagger: float,
    on_tick: Callable[[], None] | None = None,
    post_every: float = POST_EVERY_S,
    watched: bool = True,
    window_s: float = 0.0,
) -> Phase:
    """`people` in the room for `seconds` (bench/room.py's run_room), each one's laptop posting every `post_every`
    seconds (0: no laptops); `watched`: the instructor opens the dashboard first, as in a workshop, and keeps it
    open while the room runs; `window_s` (if not 0): the laptops post and the dashboard refreshes only in every
    other window of this many seconds from the start (tests/e2e/windows.py)."""
    ready, over = asyncio.Event(), asyncio.Event()
    switched: asyncio.Future[Windows] | None = asyncio.get_running_loop().create_future() if window_s else None
    watching = asyncio.create_task(dashboard(url, key, ready, over, switched)) if watched else None
    with laptop_processes() if post_every > 0 else contextlib.nullcontext() as processes:
        if watching:
            await ready.wait()
        deadline = time.monotonic() + seconds
        windows = Windows(time.perf_counter(), window_s) if window_s else None
        if switched:
            switched.set_result(windows)
        report, posts = await asyncio.gather(
            run_room(url, people, expected, seconds, think, stagger=stagger, on_tick=on_tick),
            laptops(url, code, people, deadline, stagger, post_every, processes, windows),
        )
    over.set()
    return Phase(report, posts, await watching if watching else [], windows)


async def dashboard(
    url: str, key: str, ready: asyncio.Event, over: asyncio.Event, windows: asyncio.Future[Windows] | None = None
) -> list[Refresh]:
    """The instructor's page on the dashboard: `ready` once it shows the room, then each fragment's self-refreshes
    until `over` (with `windows`, once they are known: frozen in the off ones). From `ready` on, its browser runs
    at the lowest CPU priority, all its processes (on a real workshop's server no instructor's browser runs at
    all), so it takes the cores only when the room leaves them."""
    others = set(browsers_cpu_seconds())
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            unlocked = asyncio.Event()
            watching = asyncio.create_task(_watch_dashboard(page, url, key, unlocked, over, windows))
            await unlocked.wait()
            for pid in set(browsers_cpu_seconds()) - others:  # the instructor's browser runs on their own laptop:
                with contextlib.suppress(OSError):  # here all its processes yield to the server and the room
                    os.setpriority(os.PRIO_PROCESS, pid, INSTRUCTOR_NICENESS)
            ready.set()
            return await watching
        finally:
            await browser.close()


@dataclass(frozen=True)
class Refresh:
    """One self-refresh of a dashboard fragment, as the instructor's browser saw it."""

    fragment: str  # the fragment's id (the dashboard has one per refresh interval)
    asked: float  # when the browser asked for it (perf_counter)
    seconds: float  # from asking to the end of the run
    first_element: float  # from asking to the run's first element on the wire: the wait before it ran


async def _watch_dashboard(
    page, url: str, key: str, ready: asyncio.Event, over: asyncio.Event, windows: asyncio.Future[Windows] | None
) -> list[Refresh]:
    asked: dict[str, float] = {}  # per fragment: when it asked for the refresh not yet finished
    first: dict[str, float] = {}  # per fragment: when that refresh's first element arrived
    refreshes: list[Refresh] = []

    def sent(raw: str | bytes) -> None:
        message = BackMsg()
        message.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
        if message.WhichOneof("type") == "rerun_script" and message.rerun_script.fragment_id:
            asked.setdefault(message.rerun_script.fragment_id, time.perf_counter())

    def received(raw: str | bytes) -> None:
        message = ForwardMsg()
        message.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
        kind, now = message.WhichOneof("type"), time.perf_counter()
        if kind == "delta" and message.delta.fragment_id in asked:
            first.setdefault(message.delta.fragment_id, now)
        elif kind == "script_finished":  # a run may carry several fragments' refreshes
            for fragment in message.metadata.run.fragment_ids:
                if fragment in asked:
                    start = asked.pop(fragment)
                    refreshes.append(Refresh(fragment, start, now - start, first.pop(fragment, now) - start))

    page.on("websocket", lambda socket: (socket.on("framesent", sent), socket.on("framereceived", received)))
    try:
        await page.goto(f"{url}/{DASHBOARD}", wait_until="domcontentloaded")
        await page.get_by_role("textbox", name="Instructor key").fill(key)
        await page.get_by_role("button", name="Unlock").click()
        await page.get_by_text("Room code").first.wait_for(timeout=UNLOCKED_WITHIN)
        refreshes.clear()  # from here on the dashboard shows the room and refreshes itself
        ready.set()
        if windows is not None:
            await switch_page(page, await windows, over)
        await over.wait()
    except Exception as error:  # no dashboard: say so in the summary rather than lose the room's figures
        refreshes.append(Refresh("", 0.0, float("nan"), float("nan")))
        print(f"the dashboard could not be watched: {type(error).__name__}: {error}", flush=True)
        ready.set()
    return refreshes


def refresh_figures(refreshes: list[Refresh]) -> dict[str, object]:
    """The refreshes' spread, all and per fragment (named by how often it refreshed), and their wait to run."""
    by_fragment: dict[str, list[Refresh]] = {}
    for refresh in refreshes:
        by_fragment.setdefault(refresh.fragment, []).append(refresh)
    figures: dict[str, object] = {
        "all": spread([refresh.seconds for refresh in refreshes]),
        "until_first_element": spread([refresh.first_element for refresh in refreshes]),
    }
    for mine in by_fragment.values():
        times = sorted(refresh.asked for refresh in mine)
        every = round(statistics.median(b - a for a, b in itertools.pairwise(times))) if len(times) > 1 else None
        figures[f"every {every} s" if every is not None else f"fragment {mine[0].fragment[:8]}"] = spread(
            [refresh.seconds for refresh in mine]
        )
    return figures


def accounted(room: store.Room, report: Report, members: list[Participant], posts: Laptops) -> dict[str, object]:
    """Every event the room should hold against what its database holds: per kind, wanted and stored.

    Per participant: one join, one first run (the Lab opened by their link), one swap event per swap they saw
    to another model; and one exercise event per graded component of every post the route accepted.
    """
    events = room.snapshot().events
    lab = events[events["kind"] == "lab"]
    milestone = lab["detail"].map(lambda detail: detail.get("milestone"))
    wanted: Counter = Counter()
    held: Counter = Counter()
    shown = {member.number: MODELS[0] for member in members}  # every Lab opens on the notebook recipe's model
    for opened in report.opens:
        wanted["first run", f"p{opened.participant:02d}"] += opened.problem is None
    for swap in report.swaps:  # choosing the model already shown changes no port: no event
        wanted["swap", f"p{swap.participant:02d}"] += swap.problem is None and swap.model != shown[swap.participant]
        shown[swap.participant] = swap.model
    for kind in ("first run", "swap"):
        for name in lab[milestone == kind]["nickname"]:
            held[kind, name] += 1
    for name in events[events["kind"] == "join"]["nickname"]:
        held["join", name] += 1
    for member in members:
        wanted["join", nickname(member)] += 1
    totals = {
        kind: (sum(n for (k, _), n in wanted.items() if k == kind), sum(n for (k, _), n in held.items() if k == kind))
        for kind in ("join", "first run", "swap")
    }
    totals["exercise"] = (posts.received * posts.components, int((events["kind"] == "exercise").sum()))
    differ = {
        f"{kind} {name}": (wanted[kind, name], held[kind, name])
        for kind, name in wanted.keys() | held.keys()
        if wanted[kind, name] != held[kind, name]
    }
    return {
        "wanted": {kind: w for kind, (w, _) in totals.items()},
        "stored": {kind: h for kind, (_, h) in totals.items()},
        "visits": int((events["kind"] == "visit").sum()),
        "lost_or_extra": {kind: h - w for kind, (w, h) in totals.items() if w != h},
        "differ_wanted_stored": dict(sorted(differ.items())),
    }


def summary(room: store.Room, phase: Phase, members: list[Participant]) -> dict[str, object]:
    """The room phase's own figures for bench/room.py's summary."""
    posts, refreshes = phase.posts, phase.refreshes
    switched = {}
    if phase.windows:  # the switch's own check: with the dashboard's scripts paused, it asks for nothing
        windows, asked = phase.windows, [refresh for refresh in refreshes if refresh.fragment]
        # a refresh the pause caught midway waited for the page: timed only those within one window
        within = [r for r in asked if windows.index(r.asked) == windows.index(r.asked + r.seconds)]
        switched = {
            "dashboard_refreshes_asked_in_off_windows": sum(not windows.on(refresh.asked) for refresh in asked),
            "dashboard_refreshes_across_a_switch": len(asked) - len(within),
        }
        refreshes = within
    return switched | {
        "laptops": {
            "posts_sent": posts.sent,
            "posts_received": posts.received,
            "refused": len(posts.refused),
            "first_refusals": posts.refused[:3],
            "post_s": spread(posts.seconds),
        },
        "dashboard_refresh_s": refresh_figures(refreshes),
        "events": accounted(room, phase.report, members, posts),
    }
