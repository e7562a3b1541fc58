"""What a participant has done in this browser session: course pages visited, check questions answered right.

Kept in the session only (course.ui.state): a new session, another browser or a reload starts from zero,
and nothing is written anywhere.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import streamlit as st

from course.explain.syntax import parse
from course.ui import state
from course.ui.site import course_order

ROOT = Path(__file__).resolve().parents[2]
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


@functools.cache
def check_questions() -> int:
    """How many "check yourself" questions the course's pages ask, counted in their source."""
    return sum(_questions_in((ROOT / entry.script).read_text(encoding="utf-8")) for entry in course_order())


def _questions_in(source: str) -> int:
    """The questions passed to `check_yourself(key, *questions)` calls in a page's source."""
    count = 0
    for node in ast.walk(parse(source)):
        if isinstance(node, ast.Call) and _called(node) == "check_yourself":
            count += sum(isinstance(arg, ast.Call) and _called(arg) == "Question" for arg in node.args[1:])
    return count


def _called(node: ast.Call) -> str:
    """The name a call calls: `concept.check_yourself(...)` → "check_yourself"."""
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


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
