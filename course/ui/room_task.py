"""A lesson link's task in the Pipeline Lab: when it is done, the room hears it once, and the dashboard counts it.

A lesson link (built on *Lesson links (instructors)*) may name a workshop exercise. What its task asks is in the
exercise itself (`cq4ds.grading.exercises`): add the component `Exercise.kind` at the port `Exercise.port`, in
the participant's own file. The Lab counts it done when a run finishes with that component in that port: the
participant's file loaded, their component plugged in, and the whole pipeline ran with it. A built-in
component standing in while their file does not load yet is not it, and no built-in component has an
exercise's kind. Every check of the contract battery passing is another report: the laptop's `cq4ds check
--room` (see the dashboard's Exercises).

In a room the Lab reports a done task once per session and exercise, as a "lab" event whose milestone is "task".
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from course.ui import room_events, state
from cq4ds.domain import PipelineConfig
from cq4ds.grading.exercises import EXERCISES, Exercise
from cq4ds.registry import Registry

MILESTONE = "task"
REPORTED = "room.lab.tasks"


@functools.cache
def _built_in() -> Registry:
    return Registry()


def done(exercise: Exercise, config: PipelineConfig) -> bool:
    """Whether a finished run of `config` does `exercise`'s task: its port held the exercise's own component."""
    kind = config.spec(exercise.port).kind
    return kind == exercise.kind and kind not in _built_in().kinds(exercise.port)


def ran(exercise: Exercise | None, config: PipelineConfig) -> None:
    """After a Lab run of `config` opened by a lesson link for `exercise`: report the task once when it is done."""
    if exercise is None or room_events.member() is None:
        return
    reported = frozenset(state.get(REPORTED, frozenset()))
    if exercise.number in reported or not done(exercise, config):
        return
    detail = {"milestone": MILESTONE, "exercise": exercise.number, "port": exercise.port, "kind": exercise.kind}
    if room_events.lab_milestone(detail):  # deduplicated here, rate-limited there
        state.put(REPORTED, reported | {exercise.number})


def tally(events: pd.DataFrame) -> pd.DataFrame:
    """Per exercise: how many participants did its task in the Lab from a lesson link, and who (in join order)."""
    labs = events[events["kind"] == "lab"]
    tasks = [
        (detail.get("exercise"), name)
        for detail, name in zip(labs["detail"], labs["nickname"], strict=True)
        if detail.get("milestone") == MILESTONE
    ]
    done_by = {
        exercise.number: list(dict.fromkeys(name for number, name in tasks if number == exercise.number))
        for exercise in EXERCISES
    }
    return pd.DataFrame(
        {
            "exercise": [f"{exercise.number}. {exercise.title}" for exercise in EXERCISES],
            "done in the Lab": [len(done_by[exercise.number]) for exercise in EXERCISES],
            "by": [", ".join(done_by[exercise.number]) for exercise in EXERCISES],
        }
    )


def section(events: pd.DataFrame) -> None:
    """On the dashboard: the lesson links' tasks done in the Lab, per exercise."""
    st.subheader("Lab tasks from lesson links")
    st.dataframe(tally(events), hide_index=True, key="room.lab_tasks")
    st.caption("Done: the participant's own component ran in the Lab, in the port their lesson link's exercise names.")
