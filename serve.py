"""The app with its room route: `streamlit run serve.py` serves app.py's pages and, beside them, POST /room/checks.

`make room` starts the app this way, so laptops can report their graded exercises to the room (see README,
"Running a room"); `make run` starts app.py alone. The route is told each port's check names by the grader
(dependency injection: the room's code knows no grader), and answers only while the server runs a room.
"""

import streamlit as st

from course.room import route
from cq4ds.domain import PORTS
from cq4ds.grading import check_names

app = st.App("app.py", routes=[route.checks_route({port: check_names(port) for port in PORTS})])
