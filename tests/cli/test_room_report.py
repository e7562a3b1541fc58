"""`check --room`: the laptop grades as always, posts only the results to a real room server, and says what it sent.

The server is the room's route in a Starlette app served by uvicorn on a free local port, in a thread of this test.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
import uvicorn
from starlette.applications import Starlette

from course.room import place, results, route, store
from cq4ds import cli
from cq4ds.domain import PORTS
from cq4ds.grading import check_names, commands, grade_file
from cq4ds.grading import report as room_report

SOLUTION = "exercises/solutions/jsonl_source.py"
BATTERIES = {port: check_names(port) for port in PORTS}


@pytest.fixture(scope="module")
def graded():
    """The reference solution graded once: the CLI's grading is the grader's, tested elsewhere."""
    return grade_file(SOLUTION)


@pytest.fixture
def quick_grading(graded, monkeypatch):
    monkeypatch.setattr(commands, "grade_file", lambda path: graded)


@pytest.fixture
def server(tmp_path, monkeypatch):
    """A room server on 127.0.0.1 (a free port), rooms in this test's folder; its base URL."""
    monkeypatch.setenv(place.ROOM_MODE, "1")
    app = Starlette(routes=[route.checks_route(BATTERIES, folder=lambda: tmp_path)])
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    serving = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=serving.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not serving.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert serving.started
    yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    serving.should_exit = True
    thread.join(timeout=10)
    listening.close()


def _exercise_events(folder, code):
    events = store.existing(folder, code).snapshot().events
    return events[events["kind"] == results.KIND]


def test_check_grades_posts_only_the_results_and_prints_what_the_room_received(server, tmp_path, capsys):
    room = store.open_new(tmp_path)
    status = cli.main(["check", SOLUTION, "--room", server, "--code", room.code, "--name", "Ada"])
    out = capsys.readouterr().out
    assert status == 0  # the reference solution passes every check
    assert "PASS  runs end to end" in out  # the local grade, as always
    assert f"room: sent to {server}{route.PATH} as 'Ada' in room {room.code}, only these results:" in out
    assert f"[source] jsonl: {len(BATTERIES['source'])} check results, {len(BATTERIES['source'])} passed" in out
    assert out.rstrip().endswith(f"room: received by room {room.code} as Ada")
    (stored,) = _exercise_events(tmp_path, room.code).itertuples()
    assert stored.nickname == "Ada" and stored.detail["passed"] is True
    assert {check["name"] for check in stored.detail["checks"]} == set(BATTERIES["source"])
    assert "solutions" not in json.dumps(stored.detail)  # no file name, no path, no code


def test_a_join_link_gives_the_code_and_a_refusal_is_printed_in_one_line(server, tmp_path, capsys, quick_grading):
    room = store.open_new(tmp_path)
    assert cli.main(["check", SOLUTION, "--room", f"{server}/?room={room.code}", "--name", "Bob"]) == 0
    assert f"room: received by room {room.code} as Bob" in capsys.readouterr().out

    absent = "AAAAA" if room.code != "AAAAA" else "BBBBB"
    assert cli.main(["check", SOLUTION, "--room", server, "--code", absent, "--name", "Bob"]) == 0
    out = capsys.readouterr().out
    assert f"room: not received (HTTP 404): there is no room {absent} on this server. Fix: check the code" in out

    assert cli.main(["check", SOLUTION, "--json", "--room", server, "--code", room.code, "--name", "Bob"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["passed"] is True  # stdout stays one JSON document
    assert f"room: received by room {room.code} as Bob" in captured.err
    assert len(_exercise_events(tmp_path, room.code)) == 2


def test_without_a_server_the_grade_stands_and_one_line_says_the_room_was_not_reached(capsys, quick_grading):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now: the connection is refused at once
    assert cli.main(["check", SOLUTION, "--room", f"http://127.0.0.1:{port}", "--code", "ABCDE", "--name", "A"]) == 0
    out = capsys.readouterr().out
    assert "PASS  runs end to end" in out
    (line,) = [line for line in out.splitlines() if line.startswith("room: not reached")]
    assert f"http://127.0.0.1:{port}{route.PATH}" in line and "Fix: check the address your instructor shows" in line


def test_an_incomplete_room_option_is_refused_before_grading(capsys, monkeypatch):
    monkeypatch.setattr(commands, "grade_file", lambda path: pytest.fail("graded before the options were checked"))
    assert cli.main(["check", SOLUTION, "--room", "http://127.0.0.1:8501", "--name", "Ada"]) == 2
    assert "needs its code and your nickname" in capsys.readouterr().err
    assert cli.main(["check", SOLUTION, "--room", "127.0.0.1:8501", "--code", "ABCDE", "--name", "Ada"]) == 2
    assert "give it as http://HOST:PORT" in capsys.readouterr().err
    assert cli.main(["check", SOLUTION, "--code", "ABCDE"]) == 2


def test_messages_travel_as_one_short_line_and_the_paths_agree_with_the_route():
    assert room_report.one_line("a\nb\t c") == "a b c"
    cut = room_report.one_line("x" * 500)
    assert len(cut) == results.MAX_MESSAGE and cut.endswith("…")
    assert room_report.ROUTE == route.PATH and room_report.MAX_MESSAGE == results.MAX_MESSAGE
