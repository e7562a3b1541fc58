"""The room's HTTP route: a laptop's results are stored only when every rule holds; anything else is refused."""

from __future__ import annotations

import json

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.web.server.app_discovery import discover_asgi_app

from course.room import limits, place, results, route, store
from cq4ds.domain import PORTS
from cq4ds.grading import check_names
from tests.conftest import ROOT

BATTERIES = {port: check_names(port) for port in PORTS}
SOURCE = BATTERIES["source"]


@pytest.fixture
def rooms(tmp_path, monkeypatch):
    monkeypatch.setenv(place.ROOM_MODE, "1")
    return tmp_path


def _client(rooms, per_minute: int = 20) -> TestClient:
    checks = route.checks_route(BATTERIES, folder=lambda: rooms, limiter=limits.Limiter(per_minute))
    return TestClient(Starlette(routes=[checks]))


def _report(code: str, name: str = "Ada", failing: int = 0, **extra) -> dict:
    checks = [
        {"name": check, "passed": index >= failing, "message": f"{check}: as it should"}
        for index, check in enumerate(SOURCE)
    ]
    return {"code": code, "name": name, "components": [{"port": "source", "kind": "jsonl", "checks": checks}], **extra}


def _exercises(rooms, code: str):
    events = store.existing(rooms, code).snapshot().events
    return events[events["kind"] == results.KIND]


def test_a_valid_report_is_stored_in_the_row_of_the_participant_who_joined_under_that_name(rooms):
    room = store.open_new(rooms)
    ada = room.join("Ada")
    client = _client(rooms)

    answer = client.post(route.PATH, json=_report(room.code.lower(), name=" ada ", failing=1))
    assert answer.status_code == 200, answer.text
    assert answer.json()["received"] is True and answer.json()["room"] == room.code
    assert "20 posts a minute per participant" in answer.json()["limit"]
    (stored,) = _exercises(rooms, room.code).itertuples()
    assert stored.participant == ada
    assert stored.detail["port"] == "source" and stored.detail["kind"] == "jsonl"
    assert stored.detail["passed"] is False
    assert [check["name"] for check in stored.detail["checks"]] == list(SOURCE)

    assert client.post(route.PATH, json=_report(room.code, name="Bob")).status_code == 200  # a new name joins
    events = store.existing(rooms, room.code).snapshot().events
    bob = events[events["nickname"] == "Bob"]
    assert list(bob["kind"]) == ["join", results.KIND] and bob["detail"].iloc[-1]["passed"] is True


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        (lambda r: {**r, "code": "AAAA"}, 422, "not a room code"),
        (lambda r: {**r, "name": "x" * 25}, 422, "at most 24 characters"),
        (lambda r: {**r, "file": "/home/ada/exercises/jsonl_source.py"}, 422, "unexpected file"),
        (lambda r: {"code": r["code"], "name": r["name"]}, 422, "missing components"),
        (lambda r: {**r, "components": [r["components"][0]] * 5}, 422, "1 to 4"),
        (lambda r: _checks(r, name="runs my code"), 422, "not a check of a source"),
        (lambda r: _checks(r, message="m" * 161), 422, "at most 160"),
        (lambda r: _checks(r, message="two\nlines"), 422, "one line"),
        (lambda r: _checks(r, passed="yes"), 422, "true or false"),
        (lambda r: _checks(r, extra="field"), 422, "unexpected extra"),
        (lambda r: {**r, "components": [{**r["components"][0], "port": "engine"}]}, 422, "not a port"),
        (lambda r: {**r, "components": [{**r["components"][0], "kind": "Jsonl!"}]}, 422, "not a component's name"),
        (lambda r: [r], 422, "JSON object"),
    ],
)
def test_a_report_breaking_a_rule_is_refused_with_one_line_and_not_stored(rooms, change, status, says):
    room = store.open_new(rooms)
    answer = _client(rooms).post(route.PATH, json=change(_report(room.code)))
    assert answer.status_code == status
    assert says in answer.json()["error"] and answer.json()["fix"]
    assert _exercises(rooms, room.code).empty


def _checks(report: dict, **change) -> dict:
    (component,) = report["components"]
    first = {**component["checks"][0], **change}
    return {**report, "components": [{**component, "checks": [first, *component["checks"][1:]]}]}


def test_wrong_codes_deleted_rooms_and_room_mode_off_are_refused(rooms, monkeypatch):
    room = store.open_new(rooms)
    client = _client(rooms)
    absent = "AAAAA" if room.code != "AAAAA" else "BBBBB"
    answer = client.post(route.PATH, json=_report(absent))
    assert answer.status_code == 404 and f"no room {absent}" in answer.json()["error"]
    store.delete(rooms, room.code)
    assert client.post(route.PATH, json=_report(room.code)).status_code == 404
    assert not store.path_of(rooms, room.code).exists()  # refusing created nothing
    monkeypatch.setenv(place.ROOM_MODE, "0")
    answer = client.post(route.PATH, json=_report(store.open_new(rooms).code))
    assert answer.status_code == 404 and "runs no room" in answer.json()["error"]


def test_only_json_bodies_within_the_size_limit_are_read(rooms):
    room = store.open_new(rooms)
    client = _client(rooms)
    valid = json.dumps(_report(room.code)).encode()
    assert client.post(route.PATH, content=valid, headers={"Content-Type": "text/plain"}).status_code == 415
    assert (
        client.post(route.PATH, content=b'{"code": ', headers={"Content-Type": "application/json"})
        .json()["error"]
        .startswith("the body is not JSON")
    )
    assert client.post(route.PATH, content=b"\xff\xfe", headers={"Content-Type": "application/json"}).status_code == 400
    nested = b"[" * 5000 + b"]" * 5000
    assert client.post(route.PATH, content=nested, headers={"Content-Type": "application/json"}).status_code == 400
    big = b" " * (route.MAX_BODY + 1)
    declared = client.post(route.PATH, content=big, headers={"Content-Type": "application/json"})
    assert declared.status_code == 413 and "12288 bytes" in declared.json()["error"]
    streamed = client.post(
        route.PATH, content=iter([big[:8000], big[8000:]]), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413  # no Content-Length: refused once the body passes the limit
    answer = client.get(route.PATH)
    assert answer.status_code == 405 and answer.headers["allow"] == "POST"
    assert _exercises(rooms, room.code).empty
    assert client.post(
        route.PATH, content=valid, headers={"Content-Type": "application/json; charset=utf-8"}
    ).is_success


def test_a_flood_from_one_participant_is_refused_with_429_and_stores_nothing_more(rooms):
    room = store.open_new(rooms)
    client = _client(rooms, per_minute=3)
    statuses = [client.post(route.PATH, json=_report(room.code)).status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 429, 429, 429]
    refused = client.post(route.PATH, json=_report(room.code, name="ADA"))  # the same participant, other case
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert "3 posts a minute per participant" in refused.json()["limit"] and "too many posts" in refused.json()["error"]
    assert len(_exercises(rooms, room.code)) == 3
    assert client.post(route.PATH, json=_report(room.code, name="Bob")).status_code == 200  # others still post


def test_the_limiter_lets_a_participant_post_again_once_the_minute_has_passed():
    limiter = limits.Limiter(2)
    assert [limiter.allow("ada", now=t) for t in (0.0, 1.0, 2.0)] == [True, True, False]
    assert limiter.wait("ada", now=2.0) == pytest.approx(58.0)
    assert limiter.allow("ada", now=60.5) and not limiter.allow("ada", now=60.8)  # 1.0 is still within the minute
    assert limiter.allow("ada", now=61.5)
    assert limiter.allow("bob", now=2.0)


def test_streamlit_run_serves_serve_py_as_an_st_app_with_the_route():
    """`make room` runs `streamlit run serve.py`: Streamlit must find its st.App (else it would run it as a page)."""
    found = discover_asgi_app(ROOT / "serve.py")
    assert found.is_asgi_app and found.import_string == "serve:app"
