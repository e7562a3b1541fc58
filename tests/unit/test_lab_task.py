"""A lesson link's task is done when the exercise's own component ran in its port; the dashboard counts who did."""

from __future__ import annotations

import pandas as pd
import pytest

from course.ui import room_task
from cq4ds.config_file import load_config
from cq4ds.domain import ComponentSpec
from cq4ds.grading.exercises import EXERCISES, exercise
from cq4ds.registry import Registry


@pytest.mark.parametrize("task", EXERCISES, ids=lambda task: task.file)
def test_a_task_is_done_only_by_its_own_component_in_its_own_port(task):
    assert task.kind not in Registry().kinds(task.port)  # else a built-in could pass for the participant's work
    recipe = load_config("configs/notebook.toml")
    assert not room_task.done(task, recipe)
    assert room_task.done(task, recipe.with_spec(task.port, ComponentSpec(task.kind, {})))
    elsewhere = next(port for port in ("cleaning", "model") if port != task.port)
    assert not room_task.done(task, recipe.with_spec(elsewhere, ComponentSpec(task.kind, {})))


def test_the_dashboard_counts_each_participant_once_per_exercise_and_only_tasks():
    def lab(name, detail):
        return {"participant": name.lower(), "nickname": name, "kind": "lab", "detail": detail}

    task = {"milestone": room_task.MILESTONE, "exercise": 3, "port": "model", "kind": "decision_tree"}
    events = pd.DataFrame(
        [
            lab("Ada", {"milestone": "first run"}),
            lab("Ada", task),
            lab("Bob", {"milestone": "swap", "port": "model", "kind": "decision_tree"}),  # a swap is not a task
            lab("Ada", task),  # a second session of Ada's
            lab("Cy", task),
            lab("Cy", {**task, "exercise": 1, "port": "source", "kind": "jsonl"}),
            {"participant": "dee", "nickname": "Dee", "kind": None, "detail": {}},  # joined, nothing yet
        ]
    )
    table = room_task.tally(events).set_index("exercise")
    assert list(table.index) == [f"{task.number}. {task.title}" for task in EXERCISES]
    third = table.loc[f"3. {exercise(3).title}"]
    assert (third["done in the Lab"], third["by"]) == (2, "Ada, Cy")
    assert (table.loc[f"1. {exercise(1).title}", "done in the Lab"], table["done in the Lab"].sum()) == (1, 3)
