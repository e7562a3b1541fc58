"""The room's worker process: the posts `make room`'s server receives are checked and stored there, not in the server.

A real worker process (spawned, as serve.py runs it) behind the real route, served by Starlette's test client with
the worker as the app's lifespan; rooms in this test's folder, found by the worker through the environment.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from course.room import codes, limits, place, results, route, store, worker
from cq4ds.domain import PORTS
from cq4ds.grading import check_names
from tests.conftest import ROOT

BATTERIES = {port: check_names(port) for port in PORTS}
SOURCE = BATTERIES["source"]


@pytest.fixture
def rooms(tmp_path, monkeypatch):
    monkeypatch.setenv(place.ROOM_MODE, "1")
    monkeypatch.setenv(place.ROOMS, str(tmp_path))  # the worker inherits the server's environment
    return tmp_path


def _served(per_minute: int = 20) -> tuple[TestClient, worker.Worker]:
    posts = limits.Limiter(per_minute)
    receiver = worker.Worker(BATTERIES, posts)
    app = Starlette(routes=[route.checks_route(BATTERIES, limiter=posts, receive=receiver)], lifespan=receiver.running)
    return TestClient(app), receiver


def _report(code: str, name: str = "Ada", **extra) -> dict:
    checks = [{"name": check, "passed": True, "message": f"{check}: as it should"} for check in SOURCE]
    return {"code": code, "name": name, "components": [{"port": "source", "kind": "jsonl", "checks": checks}], **extra}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by its parent) is gone too
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _alive(pid)


def test_posts_are_checked_and_stored_in_a_process_of_their_own_which_stops_with_the_server(rooms):
    room = store.open_new(rooms)
    client, receiver = _served()
    with client:
        pid = asyncio.run(receiver.pid())
        assert pid != os.getpid() and _alive(pid)

        answer = client.post(route.PATH, json=_report(room.code))
        assert answer.status_code == 200, answer.text
        assert answer.json()["stored"] == [f"source jsonl: {len(SOURCE)} of {len(SOURCE)} passed"]
        assert "20 posts a minute per participant" in answer.json()["limit"]

        wrong = client.post(route.PATH, json=_report(room.code, file="/home/ada/source.py"))
        assert wrong.status_code == 422 and "unexpected file" in wrong.json()["error"]
        elsewhere = client.post(route.PATH, json=_report(next(c for c in iter(codes.new_code, "") if c != room.code)))
        assert elsewhere.status_code == 404 and elsewhere.json()["fix"]
        assert asyncio.run(receiver.pid()) == pid  # one worker served them all
    assert _gone(pid), "the worker outlived the server"

    events = store.existing(rooms, room.code).snapshot().events
    assert list(events["kind"]) == ["join", results.KIND]  # the refused posts stored nothing


def test_the_worker_holds_the_rate_limit_for_every_post(rooms):
    room = store.open_new(rooms)
    client, _ = _served(per_minute=3)
    with client:
        answers = [client.post(route.PATH, json=_report(room.code)) for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert int(answers[3].headers["Retry-After"]) >= 1 and "too many posts from Ada" in answers[3].json()["error"]
    assert "3 posts a minute" in answers[3].json()["limit"]
    events = store.existing(rooms, room.code).snapshot().events
    assert (events["kind"] == results.KIND).sum() == 3


def test_a_post_the_dead_worker_held_is_answered_post_again_and_the_next_starts_a_new_worker(rooms):
    room = store.open_new(rooms)
    client, receiver = _served()
    with client:
        first = asyncio.run(receiver.pid())
        os.kill(first, signal.SIGKILL)
        assert _gone(first)

        lost = client.post(route.PATH, json=_report(room.code))
        assert lost.status_code == 503 and lost.json() | {"limit": ""} == {
            "error": "the room's worker stopped while storing it",
            "fix": "post again",
            "limit": "",
        }
        again = client.post(route.PATH, json=_report(room.code))
        assert again.status_code == 200, again.text
        assert asyncio.run(receiver.pid()) not in (first, os.getpid())
    events = store.existing(rooms, room.code).snapshot().events
    assert (events["kind"] == results.KIND).sum() == 1


PARENT = """
import asyncio, sys, time
from course.room import codes, limits, worker
receiver = worker.Worker({"source": ("reads",)}, limits.Limiter(20))
print(asyncio.run(receiver.pid()), flush=True)
time.sleep(60)
"""


def test_the_worker_exits_when_the_server_is_killed(rooms):
    server = subprocess.Popen([sys.executable, "-c", PARENT], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    pid = int(server.stdout.readline())
    try:
        assert _alive(pid)
        server.send_signal(signal.SIGKILL)  # no lifespan's end, no exit handlers: only the worker's watch
        server.wait(timeout=10)
        assert _gone(pid), "the worker outlived its killed server"
    finally:
        server.kill()
        server.wait()
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
