"""The room's HTTP route, served beside the app's pages: laptops post their exercise results to `POST /room/checks`.

The app's launcher (`serve.py`, which `make room` runs) hands these Starlette routes to Streamlit's `st.App`. A
post is answered with JSON, and stored only when everything holds, in this order:

- the server runs a room (404 otherwise);
- the method is POST (405), the body is declared `application/json` (415) and is at most MAX_BODY bytes: a
  larger declared length is refused unread, and reading stops as soon as the body passes the limit (413);
- the body is UTF-8 JSON (400) and a report of exactly the fields `course.room.results` takes (422);
- this participant (room code and nickname) posted fewer than POSTS_PER_MINUTE times in the last minute (429,
  with Retry-After);
- the room exists: not deleted, the code typed right (404).

Every answer names the limit. Errors are `{"error": one line, "fix": what to do}`. The server runs none of the
participant's code: it only checks and stores the results their laptop computed.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from course.room import limits, place, results, store
from course.room.codes import RoomError

PATH = "/room/checks"
MAX_BODY = 12 * 1024
POSTS_PER_MINUTE = 20
LOG = logging.getLogger(__name__)


class Refused(Exception):
    """A post that is not stored: the HTTP status, one line saying why, and what to do instead."""

    def __init__(self, status: int, error: str, fix: str = "", headers: Mapping[str, str] | None = None) -> None:
        super().__init__(error)
        self.status, self.error, self.fix, self.headers = status, error, fix, dict(headers or {})


def _limit(posts: limits.Limiter) -> str:
    """The limits in words, for every answer."""
    minute = "a minute" if posts.window == 60 else f"in {posts.window:g} s"
    return f"at most {MAX_BODY // 1024} KB of JSON a post, {posts.per_window} posts {minute} per participant"


async def _body(request: Request) -> bytes:
    """The request's body, refused unread when it declares more than MAX_BODY bytes, or once it passes them."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind != "application/json":
        raise Refused(415, f"the body must be JSON (Content-Type: application/json), not '{kind[:40]}'")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise Refused(413, f"the body has more than {MAX_BODY} bytes", "post only the check results")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise Refused(413, f"the body has more than {MAX_BODY} bytes", "post only the check results")
    return bytes(body)


def _report(body: bytes, batteries: Mapping[str, Sequence[str]]) -> results.Report:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # deep nesting too
        raise Refused(
            400, f"the body is not JSON ({type(error).__name__})", "send what the check command sends"
        ) from None
    try:
        return results.parse(data, batteries)
    except RoomError as error:
        raise Refused(422, error.problem, error.fix or "post what `python -m cq4ds check --room` sends") from None


def _receive(
    body: bytes,
    batteries: Mapping[str, Sequence[str]],
    posts: limits.Limiter,
    folder: Callable[[], Path],
) -> dict[str, object]:
    """Check one post's body and store its report (in a worker thread, as parsing and SQLite take the CPU and may
    wait: the server's event loop meanwhile serves every page); what the laptop is told."""
    report = _report(body, batteries)
    key = (report.code, report.nickname.casefold())
    if not posts.allow(key):
        wait = math.ceil(posts.wait(key)) or 1
        raise Refused(
            429, f"too many posts from {report.nickname}", f"post again in {wait} s", {"Retry-After": str(wait)}
        )
    where = folder()  # a RoomError here (an unsafe rooms folder) is the instructor's to fix: a 503
    try:
        room = store.existing(where, report.code)
    except RoomError as error:
        raise Refused(404, error.problem, error.fix) from None
    try:
        results.record(room, report, batteries)
    except RoomError as error:  # the room is full
        raise Refused(409, error.problem, error.fix) from None
    except (OSError, sqlite3.Error) as error:
        LOG.warning("room %s: could not store a report: %s: %s", report.code, type(error).__name__, error)
        raise Refused(503, "the room could not store it just now", "post again in a minute") from None
    graded = [
        f"{c.port} {c.kind}: {sum(r.passed for r in c.checks)} of {len(c.checks)} passed" for c in report.components
    ]
    return {"received": True, "room": report.code, "name": report.nickname, "stored": graded}


def checks_route(
    batteries: Mapping[str, Sequence[str]],
    folder: Callable[[], Path] = place.folder,
    limiter: limits.Limiter | None = None,
) -> Route:
    """The route `POST /room/checks`, given each port's check names (the grader's) and where rooms live."""
    posts = limiter or limits.Limiter(POSTS_PER_MINUTE)
    limit = _limit(posts)

    async def receive(request: Request) -> JSONResponse:
        try:
            if not place.room_mode():
                raise Refused(404, "this server runs no room", "the instructor starts the app with `make room`")
            if request.method != "POST":
                raise Refused(405, "post your results here; nothing else is served", "", {"Allow": "POST"})
            stored = await run_in_threadpool(_receive, await _body(request), batteries, posts, folder)
            return JSONResponse({**stored, "limit": limit})
        except Refused as refused:
            body = {"error": refused.error, "fix": refused.fix, "limit": limit}
            return JSONResponse(body, status_code=refused.status, headers=refused.headers)
        except RoomError as error:  # an unsafe rooms folder: the instructor's to fix
            LOG.warning("room route: %s", error)
            body = {"error": "the server's rooms folder cannot be used", "fix": "tell your instructor", "limit": limit}
            return JSONResponse(body, status_code=503)

    return Route(PATH, receive, methods=["GET", "POST"])
