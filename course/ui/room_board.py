"""The instructor's side of the room: the key, opening a room, and the live dashboard.

The key is typed in a password field and compared in constant time (course.room.place); a session that typed
it is the instructor's until it ends. The dashboard is two fragments that rerun themselves: where everyone is and
who is stuck every REFRESH_SECONDS (`live`), the room's totals every SUMMARY_SECONDS (`summaries`). Each reads
the events recorded since this session last read the room (one query; the room read so far is kept in the
session) and computes its tables with pandas (course.room.board).
Nicknames are only ever shown in tables and plain text, never as Markdown.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import streamlit as st

from course.explain import questions
from course.room import board, exercises, export, place, store
from course.room.board import Step
from course.room.codes import RoomError
from course.ui import notices, room_grid, room_task, state
from course.ui.site import course_order
from cq4ds.grading import check_names
from cq4ds.grading.exercises import EXERCISES

REFRESH_SECONDS = 4  # where everyone is, who is stuck
SUMMARY_SECONDS = 15  # the room's totals change slowly; not a multiple of 4: the two timers seldom fire together
UNLOCKED = "room.instructor"
KEY_FIELD = "room.key"
CHOSEN = "room.board.code"
SNAPSHOT = "room.board.snapshot"  # the room as last read: a refresh reads only the events after it
WRONG_KEY = "That is not the instructor key. It was printed in the terminal where the server started."


def room_mode() -> bool:
    """Whether this server runs a room (`make room`)."""
    return place.room_mode()


def folder() -> Path:
    """The rooms folder (raises RoomError when it is not safe to use)."""
    return place.folder()


def steps() -> tuple[Step, ...]:
    """The dashboard's columns: the course's path."""
    return tuple(Step(entry.script, entry.title) for entry in course_order())


def unlocked() -> bool:
    """Whether this session has typed the instructor key."""
    return bool(state.get(UNLOCKED))


def key_form() -> None:
    """The instructor key, typed in a password field; the right key unlocks this session."""
    typed, unlock = st.columns([3, 1], vertical_alignment="bottom")
    typed.text_input("Instructor key", type="password", key=KEY_FIELD)
    unlock.button("Unlock", key="room.unlock", type="primary", on_click=_unlock)
    if state.get("room.key.wrong"):
        st.error(WRONG_KEY)


def _unlock() -> None:
    """Check the key typed (a button callback); the field is emptied either way."""
    typed = str(st.session_state.get(KEY_FIELD) or "")
    st.session_state[KEY_FIELD] = ""
    right = place.key_matches(typed)
    if not right:
        time.sleep(1)  # a wrong key costs a second: guessing it through the page is hopeless
    state.put(UNLOCKED, right)
    state.put("room.key.wrong", not right)


def choose_room(folder: Path) -> str | None:
    """Open a new room or pick one already on this server; the code of the room to show."""
    opened = store.listed(folder)
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    left.button("Open a new room", key="room.open", type="primary", on_click=_open, args=(folder,))
    chosen = state.get(CHOSEN)
    if chosen not in opened:
        chosen = None
    if opened:
        index = opened.index(chosen) if chosen else 0
        chosen = right.selectbox("Room", opened, index=index, key=f"room.pick.{chosen}")
        state.put(CHOSEN, chosen)
    return chosen


def _open(folder: Path) -> None:
    state.put(CHOSEN, store.open_new(folder).code)


def join_link(code: str) -> str:
    """The link participants open to join room `code`: this server's address with `?room=CODE`."""
    base = (st.context.url or "").split("?", 1)[0]
    start = base.rsplit("/", 1)[0] + "/" if base else "/"
    return f"{start}?room={code}"


def room_header(code: str) -> None:
    """The room's code, large enough for the projector, and the join link."""
    code_box, link_box = st.columns([1, 3])
    with code_box:
        st.caption("Room code")
        st.markdown(f"## `{code}`")
    with link_box:
        st.caption("Join link: participants open it, or type the code on Start, and pick a nickname")
        st.code(join_link(code), language=None)


def _read(folder: Path, code: str) -> pd.DataFrame | None:
    """The room's events, reading only those recorded since this session last read it; None (said) when it cannot."""
    try:
        snapshot = store.existing(folder, code).snapshot(state.get(SNAPSHOT))
    except (RoomError, OSError) as error:
        notices.error(f"The room could not be read: {error}")
        return None
    state.put(SNAPSHOT, snapshot)
    return snapshot.events


@st.fragment(run_every=REFRESH_SECONDS)
def live(folder: Path, code: str) -> None:
    """Where everyone is and who is stuck, redrawn every REFRESH_SECONDS."""
    events = _read(folder, code)
    if events is None:
        return
    now = time.time()
    everyone = board.participants(events)
    stuck = board.stuck_queue(events, {step.script: step.title for step in steps()}, now)
    recent = events[events["at"] >= now - 300]["participant"].nunique() if len(events) else 0
    counts = st.columns(3)
    counts[0].metric("Participants", len(everyone))
    counts[1].metric("Stuck now", len(stuck))
    counts[2].metric("Active in the last 5 minutes", recent)
    st.caption(f"Refreshed every {REFRESH_SECONDS} s · last at {time.strftime('%H:%M:%S', time.localtime(now))}")

    st.subheader("Where everyone is")
    shown, states = board.progress(events, steps(), now)
    if shown.empty:
        st.info("Nobody has joined yet: show the room code or the join link.")
    else:
        room_grid.show(board.grid(shown, states), len(shown))
        st.caption(
            "A step reads *seen* once opened; *k/n ✓* when the latest answers to its check questions are all right "
            "(green), *k/n* when one is wrong (orange); *stuck* (red) where a participant asks for help now. "
            "Exercises, as laptops reported them: *kind ✓* when every check passed (green), *kind k/n* checks passed "
            "of those run (orange). The table has the same rows as text, with each one's page now, minutes idle and "
            "predictions (right of those made)."
        )
        pinned = {"nickname": st.column_config.TextColumn(pinned=True)}
        st.dataframe(shown, hide_index=True, column_config=pinned, key="room.progress")
    stuck_queue(folder, code, stuck)


@st.fragment(run_every=SUMMARY_SECONDS)
def summaries(folder: Path, code: str) -> None:
    """The room's totals, redrawn every SUMMARY_SECONDS: exercises passed, Lab tasks, the answers, time per page."""
    events = _read(folder, code)
    if events is None:
        return
    st.caption(f"The tables below are refreshed every {SUMMARY_SECONDS} s.")
    exercise_counts(events, code)
    room_task.section(events)
    answers(events)
    st.subheader("Time per page")
    st.dataframe(board.page_minutes(events, steps(), time.time()), hide_index=True, key="room.minutes")


def stuck_queue(folder: Path, code: str, stuck: pd.DataFrame) -> None:
    """Who is stuck, longest first, each with a button a helper presses once they have helped."""
    st.subheader("Stuck queue")
    if stuck.empty:
        st.caption("Nobody is stuck.")
        return
    for row in stuck.itertuples():
        name, where, waited, done = st.columns([2, 3, 1, 1], vertical_alignment="center")
        name.text(row.nickname)
        where.text(row.page)
        waited.text(f"{row.minutes:g} min")
        done.button(
            "Handled", key=f"room.handled.{row.participant}", on_click=_handled, args=(folder, code, row.participant)
        )


def _handled(folder: Path, code: str, participant: str) -> None:
    try:
        store.existing(folder, code).record(participant, "handled")
    except (RoomError, OSError) as error:
        notices.error(f"Could not mark it handled: {error}")


def exercise_counts(events: pd.DataFrame, code: str) -> None:
    """How many participants have passed each exercise, and each check of one, as their laptops reported."""
    st.subheader("Exercises")
    titles = {(e.port, e.kind): f"{e.number}. {e.title}" for e in EXERCISES}
    reports = exercises.latest(events)
    st.dataframe(exercises.summary(reports, titles), hide_index=True, key="room.exercises")
    shown = exercises.components(reports, titles)
    port, kind = st.selectbox(
        "Checks of", shown, format_func=lambda pair: titles.get(pair, f"{pair[0]} {pair[1]}"), key="room.exercises.of"
    )
    st.dataframe(exercises.checks(reports, port, kind, check_names(port)), hide_index=True, key="room.exercise.checks")
    base = join_link(code).split("?", 1)[0].rstrip("/")
    st.caption("Participants grade on their laptop and report the results (only check names, pass or fail, messages):")
    st.code(
        f".venv/bin/python -m cq4ds check exercises/FILE.py --room {base} --code {code} --name NICKNAME", language=None
    )


def answers(events: pd.DataFrame) -> None:
    """For the check questions of one page: how the room answered, first and now."""
    st.subheader("Check answers")
    asked = {entry.title: entry.script for entry in course_order() if questions.asked_on(entry.script)}
    title = st.selectbox("Page", list(asked), key="room.answers.page", label_visibility="collapsed")
    for checks in questions.asked_on(asked[title]):
        for prompt, table in board.answers(events, checks):
            st.markdown(f"**{prompt}**")
            st.dataframe(table, hide_index=True)
    st.caption("First answers come before any feedback: the room's misconceptions show there. ✓ marks the right one.")


def export_and_delete(folder: Path, code: str) -> None:
    """Download the room's events as CSV; delete the room once it is no longer needed."""
    st.subheader("Export and delete")
    left, right = st.columns(2)
    left.download_button(
        "Download the events (CSV)",
        data=lambda: export.write_csv(store.existing(folder, code), store.export_path(folder, code)).read_bytes(),
        file_name=f"room-{code}.csv",
        mime="text/csv",
        key="room.export",
    )
    left.caption(f"Also written to `{store.export_path(folder, code)}`.")
    sure = right.checkbox(f"Yes, delete room {code} and everything it recorded", key=f"room.delete.sure.{code}")
    right.button("Delete the room", key="room.delete", disabled=not sure, on_click=_delete, args=(folder, code))


def _delete(folder: Path, code: str) -> None:
    store.delete(folder, code)
    state.put(CHOSEN, None)
