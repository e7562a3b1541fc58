"""Pacing in a room: the instructor opens the course page by page, and the pages after it are "coming up".

Off by default: a room's `released_up_to` is None and every page is open. On the dashboard the instructor
releases the course up to one of its pages (`control`); a participant in that room then sees every course page
after it as coming up: marked with a clock in the navigation, the syllabus and the Next link, and, when opened, a notice
in place of the page (what it teaches, that the instructor opens it, a link back to the page open now). Pacing
keeps the room together; it is not access control, and the notice does not pretend otherwise: a participant
who leaves the room sees every page again. Only the course's path is paced, never the glossary or the
instructors' pages. Sessions outside a room, and rooms without pacing, see every page as before.

Each run reads the released page once (`refresh`, one small query, before the navigation is drawn); when it
has moved on since this session's previous run, the page opens with a banner naming the page just opened
(`banner`). A coming-up page checks every POLL_SECONDS (a fragment, one query) and reruns the app as soon as
it opens, so a participant waiting on it sees it open without touching anything.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from course.room import place, store
from course.room.codes import RoomError
from course.ui import notices, room_events, state
from course.ui.site import DEFAULT_PAGE, course_order, entry
from course.ui.site_entry import PageEntry

ICON = ":material/schedule:"  # Streamlit's own icon font: shown alike on every machine, fetched from nowhere
BELL = ":material/notifications_active:"
POLL_SECONDS = 3
RELEASED = "room.pacing"  # (room code, released page) as this session last read it
OPENED = "room.pacing.opened"  # the pages opened since this session's previous run: this run's banner
OFF = "Pacing is off: every page is open to everyone."
NOT_SECRET = (
    "Pacing keeps the room together; it is not a lock, and nothing here is secret. Working ahead on your own? "
    "Leave the room on Start and every page opens (the instructor then no longer sees your progress)."
)


def coming_up_after(released: str | None) -> tuple[str, ...]:
    """The scripts of the course pages after `released`, in order (none when pacing is off)."""
    order = [page.script for page in course_order()]
    if released not in order:
        return ()
    return tuple(order[order.index(released) + 1 :])


def _read(code: str) -> str | None:
    return store.existing(place.folder(), code).released_up_to()


def refresh() -> None:
    """At the start of every run: read the page this session's room is released up to, and what opened since."""
    state.put(OPENED, ())
    joined = room_events.member()
    if joined is None:
        state.put(RELEASED, None)
        return
    try:
        released = _read(joined.code)
    except Exception as error:  # pacing must never break a page: keep what was read last
        room_events.failed("read the room's pacing", error)
        return
    before = state.get(RELEASED)
    if before is not None and before[0] == joined.code:
        still = set(coming_up_after(released))
        state.put(OPENED, tuple(script for script in coming_up_after(before[1]) if script not in still))
    state.put(RELEASED, (joined.code, released))


def released() -> str | None:
    """The page this session's room is released up to, as read this run (None: pacing off, or not in a room)."""
    known = state.get(RELEASED)
    return None if known is None else known[1]


def waiting(script: str) -> bool:
    """Whether the page `script` is coming up for this session (after the page its room is released up to)."""
    return script in coming_up_after(released())


def icon(script: str) -> str | None:
    """The mark of a coming-up page in the navigation and in links to it, else None."""
    return ICON if waiting(script) else None


def banner(script: str) -> None:
    """When the instructor opened pages since this session's previous run: say which, with a link to the first."""
    opened = [entry(page) for page in state.get(OPENED, ())]
    if not opened:
        return
    with st.container(border=True, key="room.pacing.banner"):
        if released() is None:
            st.markdown(f"{BELL} **The instructor has switched pacing off: every page of the course is open.**")
            return
        names = ", ".join(page.title for page in opened)
        st.markdown(f"{BELL} **The instructor has opened {names}.**")
        first = opened[0]
        if first.script == script:
            st.caption("It is this page: read on.")
        else:
            st.page_link(first.script, label=f"Go to {first.title} →")
    st.toast(f"Opened: {names}", icon=BELL)


def coming_up(page: PageEntry) -> None:
    """In place of a page the room has not reached: what it teaches, that it opens later, the way back."""
    now = entry(released() or DEFAULT_PAGE)
    st.title(page.title)
    with st.container(border=True, key="room.pacing.coming_up"):
        st.markdown(f"### {ICON} Coming up")
        st.markdown(
            "Your instructor opens the course page by page, and this page is not open yet: it opens when the room "
            "gets here. You need not reload: it appears by itself, with a note, once it is open."
        )
        st.markdown(f"**What you will learn here**: {page.learn} (about {page.minutes} min)")
        st.page_link(now.script, label=f"Back to the page open now: {now.title}", icon=":material/arrow_back:")
        st.caption(NOT_SECRET)
    _poll(page.script)


@st.fragment(run_every=POLL_SECONDS)
def _poll(script: str) -> None:
    """Every few seconds on a coming-up page: rerun the whole app once the page has opened."""
    joined = room_events.member()
    if joined is None:
        return
    try:
        opened = script not in coming_up_after(_read(joined.code))
    except Exception:  # already said once by `refresh`; the next check may succeed
        return
    if opened:
        st.rerun(scope="app")


def control(folder: Path, code: str) -> None:
    """On the dashboard: release the course up to a page, open the next one, or switch pacing off."""
    st.subheader("Pacing")
    try:
        now = store.existing(folder, code).released_up_to()
    except (RoomError, OSError) as error:
        notices.error(f"The room's pacing could not be read: {error}")
        return
    order = course_order()
    scripts = [page.script for page in order]
    ahead = coming_up_after(now)
    if now is None:
        st.caption(f"{OFF} Release the course up to a page to pace the room: the pages after it show as coming up.")
    else:
        st.markdown(f"Open up to **{entry(now).title}**; {len(ahead)} pages show as *coming up* in this room.")
    pick, release, off = st.columns([4, 1.4, 1.2], vertical_alignment="bottom")
    chosen = pick.selectbox(
        "Open the course up to",
        scripts,
        index=scripts.index(now) if now in scripts else 0,
        format_func=lambda script: entry(script).title,
        key=f"room.pace.{code}.{now}",  # a new key when the room's pacing changes: the box then shows it
    )
    release.button(
        "Open up to it" if now is not None else "Pace the room",
        key="room.pace.release",
        on_click=_release,
        args=(folder, code, chosen),
    )
    off.button("Pacing off", key="room.pace.off", disabled=now is None, on_click=_release, args=(folder, code, None))
    if ahead:
        st.button(
            f"Open the next page: {entry(ahead[0]).title}",
            key="room.pace.next",
            type="primary",
            icon=":material/skip_next:",
            on_click=_release,
            args=(folder, code, ahead[0]),
        )
        st.caption(
            "Whoever waits on it sees it open by itself, with a note; the others get the note at their next step."
        )
    if state.get("room.pace.problem"):
        notices.error(state.get("room.pace.problem"))


def _release(folder: Path, code: str, script: str | None) -> None:
    try:
        store.existing(folder, code).release(script)
    except (RoomError, OSError) as error:
        state.put("room.pace.problem", f"The course could not be released: {error}")
        return
    state.put("room.pace.problem", None)
