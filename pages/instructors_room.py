"""Instructors: open a room, show its code, and watch where every participant is, live."""

import streamlit as st

from course.ui import frame, room_board, room_pacing

frame.routed()
st.title("Room dashboard")
st.write(
    "Open a room, show its code or join link, and watch the room: who is on which page, who is stuck and for how "
    "long, how the room answers each check question, and how long each page takes. The dashboard refreshes itself."
)
if not room_board.room_mode():
    st.info(
        "Room mode is off on this server. Start it with `make room` (or `CQ4DS_ROOM=1 make run`): the terminal "
        "prints the instructor key this page asks for."
    )
elif not room_board.unlocked():
    room_board.key_form()
else:
    folder = room_board.folder()  # a RoomError (an unsafe folder) shows its one line through the app's boundary
    code = room_board.choose_room(folder)
    if code is not None:
        room_board.room_header(code)
        room_pacing.control(folder, code)
        room_board.live(folder, code)
        room_board.summaries(folder, code)
        room_board.export_and_delete(folder, code)
