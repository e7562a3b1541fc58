"""A lesson link's task done in the Lab is reported to the room once, and the dashboard counts it per exercise."""

from __future__ import annotations

from course.room import store
from course.ui import room_task
from tests.ui import helpers
from tests.ui import test_room as room_tests
from tests.ui.test_room import _instructor, _join, _open_room
from tests.ui.test_workshop import empty_exercises
from tests.ui.test_workshop_flow import LESSON, TREE

rooms = room_tests.rooms  # the fixture: room mode on, rooms in the test's folder


def _tasks(folder, code):
    labs = store.existing(folder, code).snapshot().events.query("kind == 'lab'")
    return [detail for detail in labs["detail"] if detail.get("milestone") == room_task.MILESTONE]


def test_the_lessons_task_counts_once_its_own_component_ran_in_its_port_and_the_dashboard_says_who(
    rooms, tmp_path, monkeypatch
):
    exercises = empty_exercises(tmp_path, monkeypatch)
    instructor = _instructor()
    code = _open_room(instructor)
    ada = _join("Ada", code)
    ada.query_params.update(LESSON)  # the lesson link of exercise 3: a decision tree in the model port
    ada.switch_page(helpers.lab_page().path).run()
    helpers.assert_no_exception(ada)
    assert ada.query_params["room"] == code
    assert _tasks(rooms, code) == []  # the file is not written yet: a built-in model stands in

    (exercises / "decision_tree.py").write_text(TREE)
    ada.button(key="lab.reload").click().run()
    helpers.assert_no_exception(ada)
    assert ada.selectbox(key="lab.model.kind").value == "decision_tree"
    ada.run()
    assert _tasks(rooms, code) == [{"milestone": "task", "exercise": 3, "port": "model", "kind": "decision_tree"}]

    instructor.run()
    helpers.assert_no_exception(instructor)
    (table,) = [frame.value for frame in instructor.dataframe if "done in the Lab" in frame.value.columns]
    row = table.set_index("exercise").loc["3. A model strategy: a decision tree with a depth limit"]
    assert (row["done in the Lab"], row["by"]) == (1, "Ada")
    assert table["done in the Lab"].sum() == 1
