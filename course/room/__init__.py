"""The room: what a workshop's participants have done, kept for the instructor's dashboard.

No Streamlit here: `codes` (room codes and nicknames), `place` (where rooms live, room mode, the instructor
key), `store` (one SQLite database per room) and `board` (the dashboard's tables, computed from the events).
The pages draw them through course.ui.room_member, course.ui.room_events and course.ui.room_board.
"""
