"""The room's dashboard counts the exercises laptops reported; a participant's browser cannot flood the room."""

from __future__ import annotations

import logging

from course.room import limits, results, store
from course.ui import room_events, room_member
from cq4ds.domain import PORTS
from cq4ds.grading import check_names
from tests.ui import helpers, test_room
from tests.ui.test_room import _instructor, _join, _open_room

BATTERIES = {port: check_names(port) for port in PORTS}
rooms = test_room.rooms  # the fixture: room mode on, rooms in the test's folder, a known instructor key


def _post(room: store.Room, name: str, failing: tuple[str, ...] = ()) -> None:
    checks = [{"name": check, "passed": check not in failing, "message": "ok"} for check in BATTERIES["model"]]
    report = {
        "code": room.code,
        "name": name,
        "components": [{"port": "model", "kind": "decision_tree", "checks": checks}],
    }
    results.record(room, results.parse(report, BATTERIES), BATTERIES)


def _table(at, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def test_the_dashboard_counts_who_passed_each_exercise_and_each_check(rooms):
    instructor = _instructor()
    code = _open_room(instructor)
    room = store.existing(rooms, code)
    room.join("Ada")
    _post(room, "Ada")
    _post(room, "Bob", failing=("predicts probabilities",))  # Bob graded on his laptop only
    instructor.run()
    helpers.assert_no_exception(instructor)

    summary = _table(instructor, "not yet").set_index("exercise")
    assert summary.loc["3. A model strategy: a decision tree with a depth limit (model decision_tree)"].tolist() == [
        2,
        1,
        1,
    ]
    assert summary["reported"].sum() == 2  # the other four exercises: nobody yet
    progress = _table(instructor, "nickname").set_index("nickname")
    total = len(BATTERIES["model"])
    assert progress.loc["Ada", "exercises"] == "decision_tree ✓"
    assert progress.loc["Bob", "exercises"] == f"decision_tree {total - 1}/{total}"

    instructor.selectbox(key="room.exercises.of").set_value(("model", "decision_tree")).run()
    checks = _table(instructor, "failed").set_index("check")
    assert checks.loc["predicts probabilities"].tolist() == [1, 1]
    assert checks.loc["runs end to end"].tolist() == [2, 0]
    assert any(f"--code {code} --name NICKNAME" in block.value for block in instructor.code)


def test_a_participant_past_the_event_limit_is_dropped_quietly_unless_they_ask_for_help(rooms, monkeypatch, caplog):
    at = _join("Ada", _open_room(_instructor()))
    code = at.query_params["room"]
    monkeypatch.setattr(room_events, "LIMITER", limits.Limiter(1))
    with caplog.at_level(logging.WARNING, logger=room_events.LOG.name):
        for page in ("pages/glossary.py", "pages/workshop_links.py", "pages/start.py"):
            at.switch_page(page).run()
            helpers.assert_no_exception(at)
    assert not helpers.errors(at) and room_events.FAILED not in [c.value for c in at.sidebar.caption]
    visits = store.existing(rooms, code).snapshot().events.query("kind == 'visit'")
    assert list(visits["page"])[-1] == "pages/glossary.py"  # the first step within the limit, the rest dropped
    assert sum("dropped a visit" in record.getMessage() for record in caplog.records) == 2

    at.sidebar.toggle(key=room_member.STUCK).set_value(True).run()
    assert room_events.FAILED in [caption.value for caption in at.sidebar.caption]  # a dropped "stuck" matters
