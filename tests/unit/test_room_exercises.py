"""The dashboard's exercise counts: who passed each exercise and each check, from the reports laptops posted."""

from __future__ import annotations

from course.room import board, exercises, results, store
from course.room.board import Step
from cq4ds.domain import PORTS
from cq4ds.grading import check_names

BATTERIES = {port: check_names(port) for port in PORTS}
TITLES = {("source", "jsonl"): "1. JSON lines", ("cleaning", "cap_fares"): "2. Cap fares"}


def _post(room: store.Room, name: str, port: str, kind: str, failing: tuple[str, ...] = ()) -> None:
    checks = [{"name": check, "passed": check not in failing, "message": "ok"} for check in BATTERIES[port]]
    report = {"code": room.code, "name": name, "components": [{"port": port, "kind": kind, "checks": checks}]}
    results.record(room, results.parse(report, BATTERIES), BATTERIES)


def _room(tmp_path) -> store.Room:
    room = store.open_new(tmp_path)
    room.join("Ada")
    room.join("Bob")
    _post(room, "Ada", "source", "jsonl", failing=("batching keeps the rows",))
    _post(room, "Ada", "source", "jsonl")  # fixed: her latest report counts
    _post(room, "Bob", "source", "jsonl", failing=("reads schema columns", "runs end to end"))
    _post(room, "Bob", "model", "my_tree")  # a component of his own, not one of the exercises
    return room


def test_the_summary_counts_each_participants_latest_report_per_exercise(tmp_path):
    summary = exercises.summary(exercises.latest(_room(tmp_path).snapshot().events), TITLES)
    assert summary.to_dict("records") == [
        {"exercise": "1. JSON lines (source jsonl)", "reported": 2, "passed": 1, "not yet": 1},
        {"exercise": "2. Cap fares (cleaning cap_fares)", "reported": 0, "passed": 0, "not yet": 0},
        {"exercise": "model my_tree", "reported": 1, "passed": 1, "not yet": 0},
    ]


def test_each_check_counts_who_passed_and_who_failed_it(tmp_path):
    table = exercises.checks(
        exercises.latest(_room(tmp_path).snapshot().events), "source", "jsonl", BATTERIES["source"]
    )
    counts = table.set_index("check")
    assert list(counts.index) == list(BATTERIES["source"])
    assert counts.loc["reads schema columns"].tolist() == [1, 1]
    assert counts.loc["batching keeps the rows"].tolist() == [2, 0]
    assert counts.loc["runs end to end"].tolist() == [1, 1]
    assert (counts.loc["keyword-only dataclass"] == [2, 0]).all()


def test_each_participants_row_says_which_exercises_passed_and_how_far_the_others_are(tmp_path):
    room = _room(tmp_path)
    carl = room.join("Carl")
    shown, states = board.progress(room.snapshot().events, (Step("pages/start.py", "Start"),), now=0.0)
    total = len(BATTERIES["source"])
    assert list(shown[board.EXERCISES]) == ["jsonl ✓", f"jsonl {total - 2}/{total} · my_tree ✓", ""]
    assert list(states[board.EXERCISES]) == [board.RIGHT, board.WRONG, board.AHEAD]
    assert carl not in exercises.cells(exercises.latest(room.snapshot().events))


def test_a_name_nobody_joined_under_joins_the_room_once(tmp_path):
    room = store.open_new(tmp_path)
    _post(room, "Dee", "source", "jsonl")
    _post(room, "dee", "source", "jsonl")
    people = board.participants(room.snapshot().events)
    assert list(people["nickname"]) == ["Dee"]
    assert room.named("DEE") == people["participant"][0] and room.named("Eve") is None
