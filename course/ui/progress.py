"""What a participant has done in this browser session: course pages visited, check questions answered right.

Kept in the session only (course.ui.state): a new session, another browser or a reload starts from zero,
and nothing is written anywhere.
"""

from __future__ import annotations

import streamlit as st

from course.explain import questions
from course.ui import state
from course.ui.site import course_order

VISITED = "progress.visited"
ANSWERS = "progress.answers"


def visit(script: str) -> None:
    """Note that this session has opened the page `script`."""
    seen = visited()
    if script not in seen:
        state.put(VISITED, seen | {script})


def answer(question: str, right: bool) -> None:
    """Note this session's latest answer to the check question `question` (its widget key)."""
    answers = dict(state.get(ANSWERS, {}))
    answers[question] = right
    state.put(ANSWERS, answers)


def visited() -> frozenset[str]:
    """The scripts of the pages this session has opened."""
    return frozenset(state.get(VISITED, frozenset()))


def right() -> int:
    """How many check questions this session last answered right."""
    return sum(state.get(ANSWERS, {}).values())


def course_pages_visited() -> int:
    """How many pages of the course's path this session has opened."""
    return len(visited() & {entry.script for entry in course_order()})


def check_questions() -> int:
    """How many "check yourself" questions the course's pages ask (`course.explain.questions`)."""
    return sum(len(checks.questions) for entry in course_order() for checks in questions.asked_on(entry.script))


def summary() -> str:
    """One line: "N of M course pages visited · K of L check questions right"."""
    return (
        f"{course_pages_visited()} of {len(course_order())} course pages visited · "
        f"{right()} of {check_questions()} check questions right"
    )


def sidebar() -> None:
    """This session's progress, at the foot of the sidebar."""
    with st.sidebar:
        st.markdown("**Your progress**")
        st.progress(course_pages_visited() / len(course_order()))
        st.caption(f"{summary()}. Kept in this browser session only.")
