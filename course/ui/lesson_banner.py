"""The exercise a lesson link belongs to, above the Lab's pickers: the task, the file, how to grade it, and where.

Commands are the project's own Python, typed at the project root (`.venv/bin/python`, with the Windows
form beside it), so they work copied as they are.
"""

from __future__ import annotations

import os

import streamlit as st

from course.ui import exercises
from cq4ds.grading.exercises import Exercise, check_command, file_argument, new_command
from cq4ds.registry import Registry

GRADER = "pages/workshop_grader.py"


def commands(exercise: Exercise) -> None:
    """The starter and grading commands for this machine, and the same for the other kind of system."""
    windows = os.name == "nt"
    for_system = (new_command(exercise.number, windows), check_command(exercise.path(), windows))
    st.code("\n".join(for_system), language="bash" if not windows else "powershell")
    other = (new_command(exercise.number, not windows), check_command(exercise.path(), not windows))
    st.caption(f"On {'Linux or macOS' if windows else 'Windows'}: `{other[0]}`, then `{other[1]}`")


def status(exercise: Exercise, registry: Registry) -> str:
    """Where the participant is: no file yet, a file that does not load, or their component ready to pick."""
    path = file_argument(exercise.path())
    if exercise.kind in registry.kinds(exercise.port):
        return f"✅ Your `{exercise.kind}` is loaded: pick it in the **{exercise.port.title()}** picker below."
    if exercise.path().exists():
        return f"⚠️ `{path}` exists but does not load yet: the warning above says why."
    return f"✏️ `{path}` does not exist yet: start from its starter (first command below)."


def banner(exercise: Exercise, registry: Registry) -> None:
    """The exercise's goal and the way through it, in one bordered box."""
    path = exercise.path()
    with st.container(border=True, key="lab.exercise"):
        st.markdown(f"#### Exercise {exercise.number} · {exercise.title}")
        st.markdown(
            f"**Task**: {exercise.task}. **Your file**: `{file_argument(path)}`, adding the "
            f"{exercise.port} `{exercise.kind}`."
        )
        st.markdown(status(exercise, registry))
        st.markdown(
            f"**Steps**: copy the starter, fill in its TODOs in your editor, save, press **{exercises.RELOAD}**, "
            "then grade it (every check green), here or on the grading page:"
        )
        commands(exercise)
        st.page_link(
            GRADER,
            label=f"Grade exercise {exercise.number} on Grade your component",
            icon="✅",
            query_params={"exercise": str(exercise.number)},
        )
        with st.expander("Finished early? A stretch goal"):
            st.markdown(exercise.stretch[0].upper() + exercise.stretch[1:] + ".")
