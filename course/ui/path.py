"""The newcomer's path through the course: which page this is, and the links to the pages around it.

`frame.Navigation.run` calls `page_end` after every page, so each page of the course ends with the same
"Previous" and "Next" links in the order of `site.course_order()`, the Lab and the questions name the talk
pages where their ideas were taught, and the sidebar shows this session's progress.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from course.ui import progress, room_member, room_pacing, site
from course.ui.site import DEFAULT_PAGE
from course.ui.site_entry import PageEntry

ROOT = Path(__file__).resolve().parents[2]
NEXT = "Next: {} →"
PREVIOUS = "← Previous: {}"
END = "That was the last step of the course. Back to Start →"
VISITED_ICON = ":material/check_circle:"
UNVISITED_ICON = ":material/radio_button_unchecked:"
COMING_UP = "Coming up: your instructor opens it when the room gets there"


def current() -> PageEntry | None:
    """The page of the app that is running now, or None outside a page of the navigation."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    info = ctx.pages_manager.get_pages().get(ctx.page_script_hash)
    script = Path(info["script_path"]).resolve() if info else None
    if script is None or not script.is_relative_to(ROOT):
        return None
    try:
        return site.entry(script.relative_to(ROOT).as_posix())
    except KeyError:
        return None


def neighbours(script: str) -> tuple[PageEntry | None, PageEntry | None]:
    """The pages before and after `script` on the course's path (None at either end, or off the path)."""
    pages = site.course_order()
    scripts = [entry.script for entry in pages]
    if script not in scripts:
        return None, None
    at = scripts.index(script)
    return (pages[at - 1] if at > 0 else None), (pages[at + 1] if at + 1 < len(pages) else None)


def page_end(url_path: str) -> None:
    """Close the page served at `url_path`: where its ideas were taught, its place in the course, progress.

    In a room, the sidebar also has the "I'm stuck" toggle, and the link keeps the session's place in the room.
    """
    entry = site.at_address(url_path)
    if not room_pacing.waiting(entry.script):  # a page shown as coming up was not seen
        progress.visit(entry.script)
    st.divider()
    taught_in(entry)
    if entry.audience == "course":
        next_previous(entry)
    elif entry.audience == "instructors":
        st.caption(
            "This page is for instructors: it is not a step of the course. Participants follow the course from Start."
        )
        st.page_link(DEFAULT_PAGE, label="Back to the course: Start here")
    else:
        st.page_link(DEFAULT_PAGE, label="Back to the course: Start here")
    progress.sidebar()
    room_member.sidebar()
    room_member.keep_in_link()


def taught_in(entry: PageEntry) -> None:
    """Links to the talk pages where the ideas of `entry` were taught, if it names any."""
    if not entry.taught_in:
        return
    st.markdown("**Where these ideas were taught**")
    with st.container(horizontal=True):
        for script in entry.taught_in:
            st.page_link(script, label=site.entry(script).title, icon=":material/school:")


def next_previous(entry: PageEntry) -> None:
    """The "Previous" and "Next" links, in the course's order."""
    before, after = neighbours(entry.script)
    left, right = st.columns(2)
    if before is not None:
        left.page_link(before.script, label=PREVIOUS.format(before.title))
    if after is not None:
        right.page_link(after.script, label=NEXT.format(after.title), icon=room_pacing.icon(after.script))
    else:
        right.page_link(DEFAULT_PAGE, label=END)


def syllabus() -> None:
    """The course on one screen: each step with what you will learn and about how long it takes, ticked once
    this session has opened it."""
    steps = [entry for entry in site.course_order() if entry.script != DEFAULT_PAGE]
    minutes = sum(entry.minutes for entry in steps)
    st.caption(
        f"{len(steps)} steps, about {round(minutes / 30) / 2:g} hours in all ({minutes} minutes). A tick marks "
        "a page you have opened in this session."
    )
    seen = progress.visited()
    for section, entries in site.SECTIONS.items():
        shown = [entry for entry in entries if entry in steps]
        if not shown:
            continue
        st.markdown(f"**{section}**")
        for entry in shown:
            done = entry.script in seen
            link, learn, duration = st.columns([3, 6, 1], vertical_alignment="center")
            link.page_link(
                entry.script,
                label=entry.title,
                icon=room_pacing.icon(entry.script) or (VISITED_ICON if done else UNVISITED_ICON),
                help=COMING_UP if room_pacing.waiting(entry.script) else "Opened in this session" if done else None,
            )
            learn.markdown(entry.learn)
            duration.caption(f"{entry.minutes} min")
