"""A room of participants in the Pipeline Lab at once, each in its own browser context (its own session).

Every participant opens the Lab by a link with its own split seed, then swaps the model again and
again. A swap counts as done when the page shows the five metrics that the package computes for
*that participant's* composition, so a result that leaked from another session (another seed)
would be caught, not timed. Some participants also try one hostile input through the UI (see
`hostile.py`) and must find the Lab still working afterwards. A `heavy` participant swaps nothing: it
uploads the heaviest files the Lab accepts (and some it refuses late) one after another until the end
(`hostile.heavy_uploads`), while the others swap as usual.

A participant is either a headless Chromium page (timed until the metrics are on screen) or a
`wire.WireSession` that speaks the page's WebSocket protocol without drawing (timed until the metrics
have arrived): the machine that simulates the room can run a few dozen of those but only a few
Chromiums beside the server, while a real room brings its own laptops.

Used by bench/room.py (30 participants for minutes) and by tests/e2e/test_room.py (a few, briefly).
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright, expect

from course.ui import metric_cards
from course.ui.links import from_query
from cq4ds import contexts
from cq4ds.config_file import load_config
from cq4ds.domain import RunResult
from cq4ds.registry import Registry
from tests.e2e import hostile
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.lab_async import (
    RESULT_WITHIN,
    Metrics,
    open_until_offered,
    settled,
    shown_metrics,
    wait_for_metrics,
)
from tests.e2e.wire import Run, WireSession

MODELS = ("logistic_regression", "knn", "gradient_boosting", "random_forest")
METRICS = ("accuracy", "precision", "recall", "f1", "roc_auc")  # in the order of the Lab's metric cards
CARDS = len(METRICS) + 3  # ... then train accuracy, test accuracy and their gap
MODEL_BOX = "Model · strategy"
FIRST_SEED = 100
LAB_PAGE = "lab"
QUEUED = re.compile(rb"The Lab is busy: your run is number (\d+) in the queue")  # as wire.QUEUED, in a frame
RUNNING = b"Running the composition"


@dataclass(frozen=True)
class Participant:
    """One person in the room: a split seed of their own, a model order and perhaps one hostile input to try.

    `browser` False: the participant's session is a `WireSession` (no page drawn, no hostile input).
    `heavy` True: a browser participant that swaps nothing but uploads the room's heavy files until the end.
    `membership`: the link's room entries (`room=CODE&me=ID`) of a participant who joined a room, else "".
    """

    number: int
    hostile: str | None = None
    browser: bool = True
    heavy: bool = False
    membership: str = ""

    @property
    def seed(self) -> int:
        return FIRST_SEED + self.number

    @property
    def query(self) -> dict[str, str]:
        return {"split.random_state": str(self.seed)}

    def link(self, url: str) -> str:
        return f"{url}/{LAB_PAGE}?{self.query_string}"

    @property
    def query_string(self) -> str:
        return f"split.random_state={self.seed}" + (f"&{self.membership}" if self.membership else "")

    def models(self) -> list[str]:
        """The models to swap between, starting at a different one for each participant."""
        start = self.number % len(MODELS)
        return [*MODELS[start:], *MODELS[:start]]


@dataclass(frozen=True)
class Swap:
    """One model swap: who, which model, how long until the right result was on screen, or what went wrong.

    `server_seconds` is the server's turnaround: from the browser sending the rerun request to the browser
    receiving the last of the five metrics (read off the WebSocket, before any drawing); `seconds` runs from
    the click until the metrics are on screen. For a wire participant both are the turnaround. `ended` is
    the moment (time.monotonic) the swap was over. `queued_s` is how long the run waited in the server's
    run gate (None: it never waited), `queue_place` the furthest place in the queue it was shown;
    `started` when the swap began (time.perf_counter: the click, or the request sent).
    """

    participant: int
    model: str
    seconds: float
    problem: str | None = None
    server_seconds: float | None = None
    browser: bool = True
    ended: float = field(default_factory=time.monotonic)
    queued_s: float | None = None
    queue_place: int | None = None
    started: float | None = None


class Frames:
    """Every WebSocket frame a page sends and receives, with the time it passed (the browser's network layer)."""

    def __init__(self, page: Page) -> None:
        self.sent: list[float] = []
        self.received: list[tuple[float, bytes]] = []
        page.on("websocket", self._watch)

    def _watch(self, socket) -> None:
        socket.on("framesent", lambda _payload: self.sent.append(time.perf_counter()))
        socket.on("framereceived", lambda payload: self.received.append((time.perf_counter(), _bytes(payload))))

    def turnaround(self, since: float, metrics: Metrics) -> float | None:
        """Seconds from the first request sent after `since` until every metric value had been received."""
        request = next((t for t in self.sent if t >= since), None)
        if request is None:
            return None
        wanted = {bytes([len(value)]) + value.encode() for value in metrics}  # protobuf strings: length, bytes
        for at, payload in self.received:
            if at >= request:
                wanted = {value for value in wanted if value not in payload}
                if not wanted:
                    return at - request
        return None

    def queue(self, since: float) -> tuple[int | None, float | None]:
        """The furthest place in the run gate's queue shown since `since`, and how long the run waited there.

        The wait runs from the first frame naming a place until the next that says the run is running.
        (None, None) when no run waited.
        """
        places, queued, admitted = [], None, None
        for at, payload in list(self.received):
            if at < since:
                continue
            place = QUEUED.search(payload)
            if place:
                places.append(int(place[1]))
                queued = at if queued is None else queued
            elif queued is not None and admitted is None and RUNNING in payload:
                admitted = at
        if queued is None:
            return None, None
        return max(places), (admitted or time.perf_counter()) - queued


def _bytes(payload: str | bytes) -> bytes:
    return payload if isinstance(payload, bytes) else payload.encode()


@dataclass
class Report:
    """What the room did: every swap, every hostile input's outcome, and the time it took."""

    participants: int
    seconds: float = 0.0
    swaps: list[Swap] = field(default_factory=list)
    hostile: list[hostile.Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # failures outside a swap (opening the Lab, a crash)
    opens: list[Swap] = field(default_factory=list)  # opening the link until the first result, timed as a swap
    started: float = field(default_factory=time.perf_counter)

    @property
    def completed(self) -> list[Swap]:
        return [swap for swap in self.swaps if swap.problem is None]

    @property
    def errors(self) -> list[str]:
        failed = [f"participant {s.participant}, {s.model}: {s.problem}" for s in self.swaps if s.problem]
        refused = [f"hostile {o.action}: {o.problem}" for o in self.hostile if o.problem]
        return [*self.problems, *failed, *refused]

    def percentile(self, share: float, browser: bool | None = None) -> float:
        """The swap-to-result time below which `share` of the completed swaps fall (nearest rank).

        `browser` True or False: only the browsers' swaps (on screen) or only the wire sessions' (arrived).
        """
        return percentile([swap.seconds for swap in self.completed if browser in (None, swap.browser)], share)

    def everyone_in(self) -> float | None:
        """When the last participant's Lab had opened (time.monotonic), if all of them did."""
        return max(swap.ended for swap in self.opens) if len(self.opens) == self.participants else None

    def summary(self) -> dict[str, object]:
        browsers = [swap for swap in self.completed if swap.browser]
        waited = [swap for swap in self.completed if swap.queued_s is not None]
        everyone_in = self.everyone_in()
        settled = [s for s in self.completed if everyone_in is not None and s.ended - s.seconds >= everyone_in]
        server = [swap.server_seconds for swap in browsers if swap.server_seconds is not None]
        opened = [swap.seconds for swap in self.opens if swap.browser]
        return {
            "participants": self.participants,
            "seconds": round(self.seconds, 1),
            "completed_swaps": len(self.completed),
            "errors": len(self.errors),
            "swap_s": spread([swap.seconds for swap in self.completed]),
            "swap_s_once_everyone_is_in": spread([swap.seconds for swap in settled]),
            "browser_on_screen_s_once_everyone_is_in": spread([swap.seconds for swap in settled if swap.browser]),
            "browser_on_screen_s": spread([swap.seconds for swap in browsers]),
            "browser_turnaround_s": spread(server),
            "wire_turnaround_s": spread([swap.seconds for swap in self.completed if not swap.browser]),
            "browser_open_s": spread(opened),
            "wire_open_s": spread([swap.seconds for swap in self.opens if not swap.browser]),
            "queue": {  # swaps whose run waited in the server's run gate
                "swaps_that_waited": len(waited),
                "wait_s": spread([swap.queued_s for swap in waited]),
                "furthest_place": max((swap.queue_place for swap in waited if swap.queue_place), default=None),
            },
            "hostile_inputs": {
                outcome.action: outcome.problem or "handled"
                for outcome in self.hostile
                if not outcome.action.startswith(hostile.HEAVY)
            },
            "heavy_uploads": heavy_summary([o for o in self.hostile if o.action.startswith(hostile.HEAVY)]),
            "slowest_swaps": self.slowest(6),
        }

    def slowest(self, count: int) -> list[dict[str, object]]:
        """The `count` slowest completed swaps: who, when (s into the room), how long, how long they queued,
        and which heavy uploads were under way meanwhile (where the time went)."""
        heavy = [o for o in self.hostile if o.started is not None and o.seconds is not None]
        rows = []
        for swap in sorted(self.completed, key=lambda s: s.seconds, reverse=True)[:count]:
            start = swap.started if swap.started is not None else self.started
            during = [
                o.action.removeprefix(f"{hostile.HEAVY}: ")
                for o in heavy
                if o.started < start + swap.seconds and o.started + o.seconds > start
            ]
            rows.append(
                {
                    "participant": swap.participant,
                    "browser": swap.browser,
                    "model": swap.model,
                    "at_s": round(start - self.started, 1),
                    "seconds": round(swap.seconds, 2),
                    "queued_s": None if swap.queued_s is None else round(swap.queued_s, 2),
                    "queue_place": swap.queue_place,
                    "heavy_uploads_meanwhile": during,
                }
            )
        return rows


def heavy_summary(outcomes: list[hostile.Outcome]) -> dict[str, dict[str, object]]:
    """For each heavy file: how often it was sent, how often the Lab answered as it should, how long that took,
    how many of those runs waited in the queue (the furthest place), and what the Lab said the first time."""
    kinds: dict[str, list[hostile.Outcome]] = {}
    for outcome in outcomes:
        kinds.setdefault(outcome.action.removeprefix(f"{hostile.HEAVY}: "), []).append(outcome)
    return {
        kind: {
            "sent": len(sent),
            "handled": sum(o.problem is None for o in sent),
            "seconds": spread([o.seconds for o in sent if o.seconds is not None]),
            "queued": sum(o.queue_place is not None for o in sent),
            "furthest_place": max((o.queue_place for o in sent if o.queue_place), default=None),
            "queue_wait_s": spread([o.queue_s for o in sent if o.queue_s is not None]),
            "said": next((o.detail for o in sent if o.problem is None), None),
            "problems": [o.problem for o in sent if o.problem],
        }
        for kind, sent in kinds.items()
    }


def spread(values: list[float]) -> dict[str, float | int | None]:
    """How many, and their p50, p95 and max, in seconds (None when there are none)."""
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "p50": round(statistics.median(values), 3),
        "p95": round(percentile(values, 0.95), 3),
        "max": round(max(values), 3),
    }


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` fall (nearest rank); nan when there are none."""
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)] if ordered else float("nan")


def expected_metrics(participants: Iterable[Participant]) -> dict[tuple[int, str], Metrics]:
    """The metric cards each participant must see for each model, computed by the package itself."""
    registry = Registry()
    defaults = load_config("configs/notebook.toml")
    expected = {}
    with tempfile.TemporaryDirectory() as folder:
        for participant in participants:
            for model in MODELS:
                config = from_query({**participant.query, "model": model}, defaults, registry)
                result = contexts.lab(config, Path(folder), registry).train_and_evaluate().result
                expected[participant.seed, model] = cards(result)
    return expected


def cards(result: RunResult) -> Metrics:
    """The Lab's metric cards for `result`, in order: the test metrics, then train and test accuracy and the gap."""
    test = tuple(f"{getattr(result.test.metrics, m):.3f}" for m in METRICS)
    accuracy = (result.train.metrics.accuracy, result.test.metrics.accuracy)
    return (*test, *(f"{value:.3f}" for value in accuracy), f"{metric_cards.gap(result):+.3f}")


def ambiguous(expected: dict[tuple[int, str], Metrics]) -> list[str]:
    """Pairs whose cards would look the same, so the cross-talk check could not tell them apart."""
    seen: dict[Metrics, tuple[int, str]] = {}
    clashes = []
    for key, metrics in expected.items():
        if metrics in seen:
            clashes.append(f"{seen[metrics]} and {key} show the same metrics {metrics}")
        seen.setdefault(metrics, key)
    return clashes


async def open_lab(page: Page, frames: Frames, participant: Participant, url: str, expected: Metrics) -> Swap:
    """Open the participant's link and wait for the notebook recipe's result on their split, timed like a swap."""
    start = time.perf_counter()
    await page.goto(participant.link(url), wait_until="domcontentloaded", timeout=RESULT_WITHIN)
    await wait_for_metrics(page, expected)
    seconds = time.perf_counter() - start
    await settled(page)
    place, waited = frames.queue(start)
    return Swap(
        participant.number,
        "logistic_regression",
        seconds,
        server_seconds=frames.turnaround(start, expected),
        queued_s=waited,
        queue_place=place,
        started=start,
    )


async def _choose(page: Page, model: str) -> float:
    """Choose `model` in the Lab's model box; when the choice held (perf_counter). A click a rerun still drawing
    swallows is not the server's time: the model is chosen again, timed from the choice that held."""
    box = page.get_by_role("combobox", name=MODEL_BOX, exact=True)
    for _ in range(4):
        await open_until_offered(page, MODEL_BOX, model)
        start = time.perf_counter()
        await page.get_by_role("option", name=model, exact=True).click()
        try:
            await expect(box).to_have_value(model, timeout=5_000)
            return start
        except AssertionError:
            continue
    raise AssertionError(f"the model box did not keep {model!r}")


async def swap(page: Page, frames: Frames, participant: Participant, model: str, expected: Metrics) -> Swap:
    """Choose `model` and time until the page shows this participant's metrics for it."""
    await settled(page)
    try:
        start = await _choose(page, model)
        await wait_for_metrics(page, expected)
        seconds = time.perf_counter() - start
        await settled(page)
    except Exception as error:  # any failure is reported, with what the page showed instead
        problem = f"{type(error).__name__}: wanted {expected}, shown {await shown_metrics(page)}"
        return Swap(participant.number, model, float("nan"), problem)
    place, waited = frames.queue(start)
    turnaround = frames.turnaround(start, expected)
    return Swap(
        participant.number,
        model,
        seconds,
        server_seconds=turnaround,
        queued_s=waited,
        queue_place=place,
        started=start,
    )


@dataclass(frozen=True)
class Room:
    """What every participant shares: the app, the cards each must see, when to stop, the pause, the report,
    and the files a heavy participant uploads."""

    url: str
    expected: dict[tuple[int, str], Metrics]
    deadline: float  # time.monotonic()
    think: float
    report: Report
    heavy_files: Sequence[hostile.HeavyFile] = ()

    def wanted(self, participant: Participant, model: str) -> Metrics:
        return self.expected[participant.seed, model]


async def take_part(browser: Browser, participant: Participant, room: Room, shots: Path | None) -> None:
    """One participant's session until the deadline: open the Lab, try a hostile input if given one, swap models."""
    url, report = room.url, room.report
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    frames = Frames(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), asyncio.ensure_future(dialog.dismiss())))
    try:
        report.opens.append(await open_lab(page, frames, participant, url, room.wanted(participant, MODELS[0])))
        if participant.heavy:
            link = participant.link(url)
            report.hostile.extend(await hostile.heavy_uploads(page, frames, link, room.deadline, room.heavy_files))
            return
        if participant.hostile:
            outcome = await hostile.ACTIONS[participant.hostile](page, participant, url, shots)
            if dialogs:
                outcome = hostile.Outcome(outcome.action, f"a script ran in the page: {dialogs}")
            report.hostile.append(outcome)
            await open_lab(page, frames, participant, url, room.wanted(participant, MODELS[0]))

        async def swap_to(model: str, want: Metrics) -> Swap:
            return await swap(page, frames, participant, model, want)

        await keep_swapping(participant, room, swap_to)
    except Exception as error:
        report.problems.append(f"participant {participant.number}: {type(error).__name__}: {error}")
    finally:
        await context.close()


async def keep_swapping(
    participant: Participant, room: Room, swap_to: Callable[[str, Metrics], Awaitable[Swap]]
) -> None:
    """Swap through the participant's models until the deadline, pausing about `room.think` seconds in between;
    at least once, however late a hostile input before it ended (on a slow machine it can outlast the room)."""
    rng = random.Random(participant.number)
    models = participant.models()
    turn = 1
    while turn == 1 or time.monotonic() < room.deadline:
        model = models[turn % len(models)]
        room.report.swaps.append(await swap_to(model, room.wanted(participant, model)))
        turn += 1
        await asyncio.sleep(room.think * rng.uniform(0.5, 1.5))


def judged(run: Run, participant: Participant, model: str, expected: Metrics) -> Swap:
    """A wire session's run as a swap: timed until the metric cards arrived, an error unless they are `expected`."""
    shown = tuple(run.metrics)
    if run.errors or shown != expected or run.metrics_at is None:
        problem = f"wanted {expected}, received {shown}" + (f", errors {run.errors}" if run.errors else "")
        return Swap(participant.number, model, float("nan"), problem, browser=False)
    seconds = run.metrics_at - run.started
    place = max(run.queue_places, default=None)
    return Swap(
        participant.number,
        model,
        seconds,
        server_seconds=seconds,
        browser=False,
        queued_s=run.queued_seconds,
        queue_place=place,
        started=run.started,
    )


async def take_part_on_wire(participant: Participant, room: Room) -> None:
    """One wire participant's session until the deadline: open the Lab by the link, then swap models."""
    try:
        async with WireSession(room.url, LAB_PAGE, participant.query_string, CARDS) as session:
            first = room.wanted(participant, MODELS[0])
            room.report.opens.append(judged(await session.open(), participant, MODELS[0], first))

            async def swap_to(model: str, want: Metrics) -> Swap:
                return judged(await session.choose(MODEL_BOX, model), participant, model, want)

            await keep_swapping(participant, room, swap_to)
    except Exception as error:
        room.report.problems.append(f"participant {participant.number} (wire): {type(error).__name__}: {error}")


def cast(count: int, hostile_every: int = 0, browsers: int | None = None) -> list[Participant]:
    """`count` participants, the first `browsers` of them (all if None) in browsers, the rest on the wire.

    Every `hostile_every`-th browser participant (if not 0) tries one hostile input, in turn.
    """
    actions = list(hostile.ACTIONS)
    browsers = count if browsers is None else browsers
    people = []
    for number in range(count):
        chosen = None
        if number < browsers and hostile_every and number % hostile_every == 0:
            chosen = actions[(number // hostile_every) % len(actions)]
        people.append(Participant(number, chosen, browser=number < browsers))
    return people


async def run_room(
    url: str,
    participants: list[Participant],
    expected: dict[tuple[int, str], Metrics],
    seconds: float,
    think: float,
    shots: Path | None = None,
    stagger: float = 0.5,
    on_tick: Callable[[], None] | None = None,
    heavy_files: Sequence[hostile.HeavyFile] = (),
) -> Report:
    """Every participant at once for `seconds` (arriving `stagger` seconds apart); returns what happened.

    `on_tick` is called twice a second while the room runs (to sample memory, renice renderers...);
    a `heavy` participant uploads `heavy_files` in turn.
    """
    report = Report(len(participants))
    start = time.monotonic()
    report.started = time.perf_counter()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            room = Room(url, expected, start + seconds, think, report, tuple(heavy_files))
            tasks = []
            for participant in participants:
                if participant.browser:
                    part = take_part(browser, participant, room, shots)
                else:
                    part = take_part_on_wire(participant, room)
                tasks.append(asyncio.create_task(part))
                await asyncio.sleep(stagger)
                if on_tick:
                    on_tick()
            while not all(task.done() for task in tasks):
                await asyncio.sleep(0.5)
                if on_tick:
                    on_tick()
        finally:
            await browser.close()
    report.seconds = time.monotonic() - start
    return report
