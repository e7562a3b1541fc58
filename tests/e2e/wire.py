"""A participant without a browser: a session that speaks Streamlit's WebSocket protocol to the app's server.

A real page sends the server one `BackMsg` per rerun (the link's query, the page, the widgets' values)
and draws the `ForwardMsg`s that come back. `WireSession` sends the same messages and reads the same
replies, without drawing anything. To the server it is one more session; to the machine running the
room it costs a few milliseconds of parsing per rerun instead of a Chromium renderer. bench/room.py uses
it to put a room of 30 on the server while a few real browsers measure what a person sees.

Where it differs from a page: it sends only the value of the widget it changes (the server keeps the
others' values from the run before, as for a page that sends them all), and it never tells the server
which messages it has cached (`cached_message_hashes`), so every element is sent to it in full on every
run: a little more work for the server than a page causes.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FRAGMENT_FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
RUN_WITHIN = 120.0  # s: as for the browsers, a rerun slower than this is an error
QUEUED = re.compile(r"The Lab is busy: your run is number (\d+) in the queue")  # course/ui/runs.py, while a run waits
RUNNING = "Running the composition"  # its progress line once the run has its turn (and before it asks for one)


@dataclass
class Run:
    """What one script run sent back: widgets, metric cards and errors, and when the metric cards had all arrived."""

    started: float
    widgets: dict[str, str] = field(default_factory=dict)  # label -> widget id
    metrics: list[str] = field(default_factory=list)  # metric card values, in order
    errors: list[str] = field(default_factory=list)  # st.error bodies and exceptions the page showed
    metrics_at: float | None = None  # perf_counter when the wanted number of metric cards had arrived
    finished_at: float | None = None
    queue_places: list[int] = field(default_factory=list)  # every place in the run gate's queue the run was shown
    queued_at: float | None = None  # perf_counter when the run was first shown a place in the queue
    admitted_at: float | None = None  # ... and when it had its turn (its progress line said it was running)
    timers: dict[str, float] = field(default_factory=dict)  # fragment id: seconds, for the fragments that rerun
    # themselves (`st.fragment(run_every=...)`): a page reruns each on its own timer
    texts: list[str] = field(default_factory=list)  # the Markdown bodies it drew

    @property
    def queued_seconds(self) -> float | None:
        """How long this run waited in the server's run gate (None if it never waited)."""
        if self.queued_at is None:
            return None
        return (self.admitted_at or self.finished_at or time.perf_counter()) - self.queued_at

    def seen(self, element, want: int) -> None:
        kind = element.WhichOneof("type")
        if kind == "metric":
            self.metrics.append(element.metric.body)
            if len(self.metrics) == want and self.metrics_at is None:
                self.metrics_at = time.perf_counter()
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            self.errors.append(element.alert.body)
        elif kind == "exception":
            self.errors.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "markdown":
            self.texts.append(element.markdown.body)
            self.caption(element.markdown.body)
        else:
            widget = getattr(element, kind)
            label, widget_id = getattr(widget, "label", ""), getattr(widget, "id", "")
            if label and widget_id:
                self.widgets[label] = widget_id

    def caption(self, text: str) -> None:
        """Follow the run's progress line through the run gate's queue."""
        place = QUEUED.match(text)
        if place:
            self.queue_places.append(int(place[1]))
            if self.queued_at is None:
                self.queued_at = time.perf_counter()
        elif text.startswith(RUNNING) and self.queued_at is not None and self.admitted_at is None:
            self.admitted_at = time.perf_counter()


class WireSession:
    """One session on the server, opened at `page` with `query`, driven by widget values as a page would be."""

    def __init__(self, url: str, page: str, query: str, metric_count: int) -> None:
        self.stream = url.replace("http", "ws", 1) + "/_stcore/stream"
        self.page = page
        self.query = query  # kept as the server changes it (st.query_params), as a page's address bar is
        self.page_hash = ""
        self.metric_count = metric_count
        self.widgets: dict[str, str] = {}
        self.socket = None

    async def __aenter__(self) -> WireSession:
        self.socket = await websockets.connect(self.stream, subprotocols=["streamlit"], max_size=None)
        return self

    async def __aexit__(self, *_exc) -> None:
        await self.socket.close()

    async def open(self) -> Run:
        """The first run, as when a page loads the link."""
        return await self._rerun([])

    async def choose(self, label: str, value: str) -> Run:
        """Change the selectbox labelled `label` to `value` (by its shown text) and wait for the rerun."""
        return await self._rerun([WidgetState(id=self.widgets[label], string_value=value)])

    async def poll(self, fragment: str) -> Run:
        """Rerun the fragment `fragment` alone, as its `run_every` timer does in a page, and wait for the run."""
        return await self._rerun([], fragment)

    async def _rerun(self, changed: list[WidgetState], fragment: str = "") -> Run:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.fragment_id = fragment
        rerun.is_auto_rerun = bool(fragment)
        rerun.query_string = self.query
        rerun.page_name = self.page
        rerun.page_script_hash = self.page_hash
        rerun.widget_states.widgets.extend(changed)
        run = Run(time.perf_counter())
        await self.socket.send(message.SerializeToString())
        async with asyncio.timeout(RUN_WITHIN):
            while run.finished_at is None:
                self._read(await self.socket.recv(), run)
        self.widgets = run.widgets
        return run

    def _read(self, raw: bytes, run: Run) -> None:
        message = ForwardMsg()
        message.ParseFromString(raw)
        kind = message.WhichOneof("type")
        if kind == "navigation":  # st.navigation names the page this run drew; reruns ask for it again
            self.page_hash = message.navigation.page_script_hash
        elif kind == "new_session":
            run.metrics.clear()  # a rerun the server started itself (a page switch) draws everything again
            run.metrics_at = None
        elif kind == "page_info_changed":
            self.query = message.page_info_changed.query_string
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            run.seen(message.delta.new_element, self.metric_count)
        elif kind == "auto_rerun":
            run.timers[message.auto_rerun.fragment_id] = message.auto_rerun.interval
        elif kind == "script_finished" and message.script_finished in (FINISHED, FRAGMENT_FINISHED):
            run.finished_at = time.perf_counter()
