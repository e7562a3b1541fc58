"""The dashboard's tables, from a room's events: each participant's steps, the stuck queue, answers, time per page."""

from __future__ import annotations

from course.explain import questions
from course.room import board, store
from course.room.board import Step

STEPS = (Step("pages/start.py", "Start"), Step("pages/eos.py", "EOS"), Step("pages/lab.py", "Lab"))


def _room(tmp_path):
    room = store.open_new(tmp_path, now=0.0)
    ada, bob = room.join("Ada", now=1.0), room.join("Bob", now=2.0)
    room.record(ada, "visit", "pages/start.py", now=10.0)
    room.record(ada, "visit", "pages/eos.py", now=70.0)
    room.record(ada, "answer", "pages/eos.py", {"question": "eos.q1", "option": 1, "right": False}, now=80.0)
    room.record(ada, "answer", "pages/eos.py", {"question": "eos.q1", "option": 0, "right": True}, now=90.0)
    room.record(ada, "predict", "pages/eos.py", {"key": "eos", "choice": 0, "right": True}, now=95.0)
    room.record(ada, "visit", "pages/lab.py", now=250.0)
    room.record(bob, "visit", "pages/start.py", now=20.0)
    room.record(bob, "visit", "pages/eos.py", now=200.0)
    room.record(bob, "answer", "pages/eos.py", {"question": "eos.q1", "option": 2, "right": False}, now=210.0)
    room.record(bob, "stuck", "pages/eos.py", now=240.0)
    return room, ada, bob


def test_progress_has_a_row_per_participant_and_a_cell_per_step(tmp_path):
    room, _, _ = _room(tmp_path)
    shown, states = board.progress(room.snapshot().events, STEPS, now=300.0)
    assert list(shown["nickname"]) == ["Ada", "Bob"]
    assert list(shown[board.NOW_ON]) == ["Lab", "EOS"]
    assert list(shown["predictions"]) == ["1/1", ""]
    assert list(shown["idle (min)"]) == [0.8, 1.0]
    assert shown.loc[0, ["Start", "EOS", "Lab"]].tolist() == ["seen", "1/1 ✓", "seen"]
    assert shown.loc[1, ["Start", "EOS", "Lab"]].tolist() == ["seen", "stuck", ""]
    assert states.loc[0, ["Start", "EOS", "Lab"]].tolist() == [board.SEEN, board.RIGHT, board.SEEN]
    assert states.loc[1, ["Start", "EOS", "Lab"]].tolist() == [board.SEEN, board.STUCK, board.AHEAD]


def test_the_stuck_queue_lists_who_is_stuck_since_when_until_handled(tmp_path):
    room, ada, bob = _room(tmp_path)
    titles = {step.script: step.title for step in STEPS}
    queue = board.stuck_queue(room.snapshot().events, titles, now=360.0)
    assert queue.to_dict("records") == [{"participant": bob, "nickname": "Bob", "page": "EOS", "minutes": 2.0}]
    room.record(ada, "stuck", "pages/lab.py", now=300.0)
    room.record(bob, "handled", now=330.0)
    queue = board.stuck_queue(room.snapshot().events, titles, now=360.0)
    assert list(queue["nickname"]) == ["Ada"]
    shown, _ = board.progress(room.snapshot().events, STEPS, now=360.0)
    assert shown.loc[1, "EOS"] == "0/1"  # handled: the answer's state shows again


def test_the_grid_has_a_cell_per_participant_step_and_exercises_and_tells_namesakes_apart(tmp_path):
    room, ada, _ = _room(tmp_path)
    room.record(room.join("Ada", now=300.0), "visit", "pages/lab.py", now=301.0)
    room.record(ada, "exercise", "", {"port": "source", "kind": "jsonl", "passed": True, "checks": []}, now=302.0)
    cells = board.grid(*board.progress(room.snapshot().events, STEPS, now=360.0))
    assert list(dict.fromkeys(cells["participant"])) == ["Ada (1)", "Bob", "Ada (2)"]
    assert list(dict.fromkeys(cells["step"])) == ["Start", "EOS", "Lab", board.EXERCISES]
    mine = cells.set_index(["participant", "step"])
    assert mine.loc[("Ada (1)", "EOS")].tolist() == ["1/1 ✓", board.RIGHT]
    assert mine.loc[("Bob", "EOS")].tolist() == ["stuck", board.STUCK]
    assert mine.loc[("Ada (1)", board.EXERCISES)].tolist() == ["jsonl ✓", board.RIGHT]
    assert mine.loc[("Ada (2)", "Start")].tolist() == ["", board.AHEAD]


def test_answers_count_each_participants_first_and_latest_option(tmp_path):
    room, _, _ = _room(tmp_path)
    ((prompt, table), *_) = board.answers(room.snapshot().events, questions.of("eos"))
    assert prompt == questions.of("eos").questions[0].prompt
    assert table["option"][0].startswith("✓ ")
    assert list(table["first answers"])[:3] == [0, 1, 1]
    assert list(table["answers now"])[:3] == [1, 0, 1]


def test_time_per_page_is_the_median_over_participants(tmp_path):
    room, _, _ = _room(tmp_path)
    minutes = board.page_minutes(room.snapshot().events, STEPS, now=310.0).set_index("step")
    assert minutes.loc["Start", "reached"] == 2
    assert minutes.loc["Start", "median minutes"] == 2.0  # Ada 1 min, Bob 3 min
    assert minutes.loc["EOS", "median minutes"] == 2.4  # Ada 3 min, Bob 1.83 min so far: (3.0 + 1.83) / 2
    assert minutes.loc["Lab", "reached"] == 1


def test_a_room_of_a_hundred_with_a_long_session_is_tabled_whole(tmp_path):
    room = store.open_new(tmp_path)
    scripts = [f"pages/p{number}.py" for number in range(18)]
    steps = tuple(Step(script, script) for script in scripts)
    people = [room.join(f"p{number}") for number in range(100)]
    rows = [
        (person, kind, script, detail, float(at))
        for at, (person, script) in enumerate((p, s) for s in scripts for p in people)
        for kind, detail in (("visit", "{}"), ("answer", '{"question": "eos.q1", "option": 1, "right": false}'))
    ]
    with store.sqlite3.connect(room.path) as connection:  # 3,600 events at once, as a long session leaves
        connection.executemany("INSERT INTO events (participant, kind, page, detail, at) VALUES (?,?,?,?,?)", rows)
    events = room.snapshot().events
    shown, _ = board.progress(events, steps, now=1e5)
    assert len(shown) == 100 and (shown[scripts[-1]] == "0/1").all()
    assert board.stuck_queue(events, {}, now=1e5).empty
    ((_, table), *_) = board.answers(events, questions.of("eos"))
    assert table["first answers"][1] == table["answers now"][1] == 100
    assert (board.page_minutes(events, steps, now=1e5)["reached"] == 100).all()
