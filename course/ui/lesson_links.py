"""The instructor's lesson-link builder: a page, a composition, and the Lab controls to hide or lock."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from course.ui import lab, notices, state
from course.ui.links import Controls, lesson_query
from cq4ds.config_file import load_config
from cq4ds.domain import PORTS, Cq4dsError, PipelineConfig
from cq4ds.grading.exercises import EXERCISES, exercise
from cq4ds.registry import Registry

__all__ = ["Controls"]
from course.ui.site import DEFAULT_PAGE, SECTIONS

LAB = "pages/lab.py"
CURRENT = "My current Lab composition"


def chosen_page() -> str:
    """The page the link opens (the Lab by default), by script."""
    pages = {page.script: f"{section} · {page.title}" for section, entries in SECTIONS.items() for page in entries}
    return st.selectbox(
        "Page the link opens", list(pages), index=list(pages).index(LAB), format_func=pages.get, key="lessons.page"
    )


def chosen_composition(registry: Registry) -> PipelineConfig | None:
    """The composition the Lab opens with: a shipped config, or this session's Lab composition."""
    choice = st.selectbox("Composition", [*lab.config_files(), CURRENT], key="lessons.config")
    if choice == CURRENT:
        return state.get("lab.config") or lab.default_config()
    try:
        return registry.check(load_config(Path("configs") / choice))
    except Cq4dsError as error:
        notices.error(error)
        return None


def chosen_controls() -> Controls:
    """The ports to hide from learners, the ports to show but lock, and the exercise the link belongs to."""
    hidden = st.multiselect("Hide these pickers", PORTS, key="lessons.hide")
    locked = st.multiselect(
        "Lock these pickers (shown, not editable)", [p for p in PORTS if p not in hidden], key="lessons.lock"
    )
    chosen = st.selectbox(
        "Exercise this link is for",
        [None, *(e.number for e in EXERCISES)],
        format_func=lambda n: "none" if n is None else f"{n} · {exercise(n).title}",
        key="lessons.exercise",
        help="The Lab then shows the exercise's task, the file to write, how to grade it, and a link to the grader",
    )
    return Controls(hidden=frozenset(hidden), locked=frozenset(locked), exercise=chosen)


def link(script: str, config: PipelineConfig | None, controls: Controls, registry: Registry) -> str:
    """The lesson link's path and query, relative to the app's address."""
    url_path = next(page.url_path for entries in SECTIONS.values() for page in entries if page.script == script)
    path = "/" if script == DEFAULT_PAGE else "/" + url_path  # the default page lives at the app's root
    if script != LAB or config is None:
        return path
    query = lesson_query(config, lab.default_config(), registry, controls)
    if controls.exercise is not None:  # the Lab switches to the participant's component as soon as they write it
        wanted = exercise(controls.exercise)
        query = {k: v for k, v in query.items() if k.split(".", 1)[0] != wanted.port} | {wanted.port: wanted.kind}
    return f"{path}?{urlencode(query)}" if query else path


def show(relative: str) -> None:
    """The link, full (from this page's own address) and relative, ready to copy and to try."""
    base = st.context.url.split("/workshop_links")[0].rstrip("/") if st.context.url else ""
    st.code(base + relative, language=None)
    st.markdown(f"[Open it in a new tab]({relative})")
    st.caption("Each participant who opens the link gets their own session with this composition.")
