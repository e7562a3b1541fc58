"""The room: what a workshop's participants have done, kept for the instructor's dashboard.

No Streamlit here: `codes` (room codes and nicknames), `place` (where rooms live, room mode, the instructor
key), `store` (one room's record, a `Room`, and the rooms folder's catalogue: open, find, list, delete), `database`
(a room's SQLite file: its tables, what an event may hold, making the file and connecting to it), `wal` (one idle
connection held to each room, so its write-ahead log outlives each call), `snapshot` (what the dashboard reads of
a room at once), `board` (the dashboard's tables, computed from the events), `export` (a room's events as a CSV
file), `results` (the exercise grades a laptop reports, checked before they are stored), `route` (the HTTP route
they are posted to, served beside the pages), `exercises` (the dashboard's exercise counts) and `limits` (events a
minute per participant). The pages draw them through course.ui.room_member, course.ui.room_events and
course.ui.room_board; `serve.py` hands the route to Streamlit's `st.App`.
"""
