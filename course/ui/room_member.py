"""A participant in the room: joining from Start, staying in across reloads, and the "I'm stuck" toggle.

Only in room mode (`make room`). A participant joins with the room code and a nickname, nothing else; their
place is kept in this session and in the link (`?room=CODE&me=ID`, ROOM_KEYS), so a reload finds it again.
The link's id is the participant's own: whoever opens a copy of the link is counted as them.
"""

from __future__ import annotations

import streamlit as st

from course.room import codes, place, store
from course.room.codes import RoomError
from course.ui import notices, room_events, state
from course.ui.room_events import MEMBER, Member, member
from course.ui.site import DEFAULT_PAGE

ROOM_KEYS = ("room", "me")
CODE_FIELD = "room.join.code"
NICK_FIELD = "room.join.nickname"
STUCK = "room.stuck"
HANDLED = "A helper has marked your question as handled. Switch it on again if you are still stuck."


def link_entries() -> dict[str, str]:
    """The link entries that keep this session in its room across a reload (none when not in a room)."""
    joined = member()
    return {} if joined is None else {"room": joined.code, "me": joined.participant}


def rejoin() -> None:
    """In room mode, a session not in a room yet (a reload) rejoins the room its link names, if it joined it."""
    if place.room_mode() and state.get(MEMBER) is None:
        _rejoin(st.query_params.to_dict())


def arrive(script: str, reached: bool = True) -> None:
    """At the start of every run: rejoin from the link if need be, note the page (a coming-up page is not reached)."""
    if not place.room_mode():
        return
    rejoin()
    if reached:
        room_events.note(script)


def reached(script: str) -> None:
    """Once the page is drawn: report the visit to the room if it is a page not reported last (the participant
    sees the page without waiting on the room)."""
    if place.room_mode():
        room_events.arrive(script)


def _rejoin(query: dict[str, str]) -> None:
    code, participant = query.get("room"), query.get("me")
    if not (codes.is_code(code) and codes.is_participant(participant)):
        return
    try:
        nickname, last = store.existing(place.folder(), code).standing(participant, room_events.STUCK_KINDS)
        stuck = last == "stuck"
    except (RoomError, OSError) as error:
        room_events.failed("rejoin", error)
        return
    if nickname is not None:
        state.put(MEMBER, Member(code, participant, nickname))
        st.session_state[STUCK] = stuck  # the toggle shows what the room knows (the sidebar is drawn later)


def keep_in_link() -> None:
    """Put this session's room entries back into the link when a page left them out (page links drop them)."""
    entries = link_entries()
    if entries and any(st.query_params.get(key) != value for key, value in entries.items()):
        st.query_params.update(entries)


def join_panel() -> None:
    """On Start, in room mode: join with the room code and a nickname, or see the room you are in."""
    if not place.room_mode():
        return
    with st.container(border=True):
        joined = member()
        if joined is not None:
            st.markdown(f"**You are in room `{joined.code}`** as")
            st.text(joined.nickname)
            st.caption(
                "The instructor sees which pages you reach, your check answers and predictions, and when you ask "
                "for help, under this nickname only. Keep this tab's link to come back after a reload."
            )
            st.button("Leave the room", key="room.leave", on_click=_leave)
            return
        st.markdown("**Join the room**: your instructor shows the room's code.")
        if CODE_FIELD not in st.session_state and st.query_params.get("room"):
            st.session_state[CODE_FIELD] = str(st.query_params["room"])[: codes.CODE_LENGTH + 4]
        code, nickname, join = st.columns([1, 2, 1], vertical_alignment="bottom")
        code.text_input("Room code", key=CODE_FIELD, max_chars=codes.CODE_LENGTH + 4)
        nickname.text_input(
            "Nickname", key=NICK_FIELD, max_chars=codes.NICKNAME_MAX, help="Any name the room may see: no other data"
        )
        join.button("Join", key="room.join", type="primary", on_click=_join)
        problem = state.get("room.join.problem")
        if problem:
            notices.error(problem)


def _join() -> None:
    """Join the room typed in (a button callback, so the page draws as joined at once)."""
    state.put("room.join.problem", None)
    try:
        code = codes.typed_code(st.session_state.get(CODE_FIELD, ""))
        nickname = codes.nickname(st.session_state.get(NICK_FIELD, ""))
        participant = store.existing(place.folder(), code).join_browser(nickname)
    except RoomError as error:
        state.put("room.join.problem", str(error))
        return
    except OSError as error:
        room_events.failed("join", error)
        state.put("room.join.problem", "The room could not be joined just now: ask your instructor.")
        return
    state.put(MEMBER, Member(code, participant, nickname))
    st.query_params.update({"room": code, "me": participant})
    room_events.arrive(DEFAULT_PAGE, force=True)


def _leave() -> None:
    state.put(MEMBER, None)
    for key in ROOM_KEYS:
        if key in st.query_params:
            del st.query_params[key]


def sidebar() -> None:
    """In a room: the "I'm stuck" toggle, and a line when the room could not record a step."""
    joined = member()
    if joined is None:
        return
    with st.sidebar:
        st.markdown(f"**Room `{joined.code}`**")
        if st.session_state.get(STUCK) and room_events.handled():
            st.session_state[STUCK] = False
            state.put("room.handled", True)
        st.toggle(
            "I'm stuck",
            key=STUCK,
            on_change=_stuck_changed,
            help="Tells the instructor and helpers which page you are on; switch it off once you are unstuck.",
        )
        if state.get("room.handled"):
            st.caption(HANDLED)
        if room_events.take_failure():
            st.caption(room_events.FAILED)


def _stuck_changed() -> None:
    state.put("room.handled", False)
    room_events.stuck(bool(st.session_state.get(STUCK)))
