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
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
RUN_WITHIN = 120.0  # s: as for the browsers, a rerun slower than this is an error


@dataclass
class Run:
    """What one script run sent back: widgets, metric cards and errors, and when the metric cards had all arrived."""

    started: float
    widgets: dict[str, str] = field(default_factory=dict)  # label -> widget id
    metrics: list[str] = field(default_factory=list)  # metric card values, in order
    errors: list[str] = field(default_factory=list)  # st.error bodies and exceptions the page showed
    metrics_at: float | None = None  # perf_counter when the wanted number of metric cards had arrived
    finished_at: float | None = None

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
        else:
            widget = getattr(element, kind)
            label, widget_id = getattr(widget, "label", ""), getattr(widget, "id", "")
            if label and widget_id:
                self.widgets[label] = widget_id


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

    async def _rerun(self, changed: list[WidgetState]) -> Run:
        message = BackMsg()
        rerun = message.rerun_script
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
        elif kind == "script_finished" and message.script_finished == FINISHED:
            run.finished_at = time.perf_counter()
