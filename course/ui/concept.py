"""The anatomy every concept page shares, so learners always know where to look.

The idea in two sentences; the problem in the legacy script; the move; a live demo;
"try this"; "check yourself"; and where it lives in the code.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Callable
from typing import Any, Literal

import streamlit as st

from course.explain import questions
from course.explain.checks import shuffled
from course.explain.lessons import LEGACY_SCRIPT, Excerpt, excerpt
from course.explain.source import module_source, source_of
from course.ui import frame, glossary, path, progress, room_events, state, synthetic

TALK_VIDEO = "https://www.youtube.com/watch?v=QXfsS-ZOeyA"
SLIDES_POST = "https://laszlo.substack.com/p/slides-for-my-talk-at-pydata-london"
Evidence = Literal["sourced", "inferred"]
SESSION_TOKEN = "checks.session"


def header(title: str, idea: str, evidence: Evidence) -> None:
    """Title, the idea in two sentences, and how closely it follows the talk."""
    frame.routed()
    st.title(title)
    st.markdown(f"**The idea.** {idea}")
    source = (
        "Built on the talk's own material (its exercise repository and the author's posts)."
        if evidence == "sourced"
        else "**In the spirit of the talk**: the talk's exact wording is not available, so this page is our "
        "reconstruction of the idea."
    )
    st.caption(f"{source} Talk: [video]({TALK_VIDEO}) · [slides post]({SLIDES_POST}).")
    page = path.current()
    if page is not None:
        glossary.new_words(page.script)
        if page.metrics:
            synthetic.notice()


def legacy(start: str, end: str | None = None, highlight: tuple[str, ...] = ()) -> Excerpt:
    """Lines of the legacy notebook script, from regex `start` to regex `end`, with `highlight` lines marked."""
    return excerpt(LEGACY_SCRIPT, start, end, highlight)


def lesson(name: str, start: str, end: str | None = None, highlight: tuple[str, ...] = ()) -> Excerpt:
    """Lines of any lesson file under lessons/ (e.g. "coupled/creator_builds_its_own.py")."""
    return excerpt(name, start, end, highlight)


def problem(text: str, code: Excerpt) -> None:
    """The problem, shown in the legacy notebook script with the guilty lines highlighted."""
    st.subheader("The problem")
    st.markdown(text)
    show_excerpt(code)


def show_excerpt(code: Excerpt) -> None:
    """Lesson code with line numbers, the highlighted lines marked."""
    rows = []
    for offset, line in enumerate(code.lines):
        number = code.first_line + offset
        marked = number in code.highlighted
        style = "background:#fff3c4;border-left:3px solid #d49b00;" if marked else "border-left:3px solid transparent;"
        rows.append(
            f'<div style="{style}padding:0 8px;display:flex;">'
            f'<span style="color:#8a939b;flex:0 0 3.2em;">{number}</span>'
            f'<span style="white-space:pre-wrap;overflow-wrap:anywhere;">{html.escape(line)}</span></div>'
        )
    st.html(
        '<div style="font-family:monospace;font-size:13px;line-height:1.5;background:#f7f8fa;'
        f'border:1px solid #e1e4e8;border-radius:6px;padding:8px 0;overflow-x:auto;">{"".join(rows)}</div>'
    )
    st.caption(f"`{code.path}`, lines {code.first_line}–{code.first_line + len(code.lines) - 1}")


def move(text: str) -> None:
    """The move that fixes the problem."""
    st.subheader("The move")
    st.markdown(text)


def demo(title: str = "Live demo") -> None:
    """The heading of the live demo section."""
    st.subheader(title)


def try_this(*prompts: str) -> None:
    """Things to try in the demo."""
    st.subheader("Try this")
    st.markdown("\n".join(f"- {prompt}" for prompt in prompts))


def check_yourself(key: str) -> None:
    """The page's questions (`course.explain.questions`, under `key`), each option with its own feedback.

    The options come in this session's order for each question (see `checks.shuffled`), so neither the right
    answer's place nor the order it was written in gives it away. This session's progress counts the questions
    last answered right.
    """
    st.subheader("Check yourself")
    checks = questions.of(key)
    for widget_key, question in zip(checks.widget_keys(), checks.questions, strict=True):
        order = shuffled(question, _session_token(), widget_key)
        choice = st.radio(question.prompt, [option.text for option in order], index=None, key=widget_key)
        if choice is None:
            continue
        right = question.is_right(choice)
        progress.answer(widget_key, right)
        room_events.answered(widget_key, question.options.index(question.option(choice)), right)
        why = question.option(choice).why
        if right:
            st.success(f"Right. {why}")
        else:
            st.error(f"Not quite. {why}")


def _session_token() -> str:
    """A random token this browser session keeps: it seeds the order of every question's options."""
    token = state.get(SESSION_TOKEN)
    if token is None:
        token = secrets.token_hex(8)
        state.put(SESSION_TOKEN, token)
    return token


def where_in_code(*objects: type | Callable[..., Any] | str) -> None:
    """The real source of the package's classes, functions or modules (named as "cq4ds.x.y") this page is about."""
    st.subheader("Where this lives in the code")
    for obj in objects:
        view = module_source(obj) if isinstance(obj, str) else source_of(obj)
        with st.expander(f"{view.qualname} · {view.location}"):
            st.code(view.text, language="python", line_numbers=True)
