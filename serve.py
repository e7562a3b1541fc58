"""The app with its room route: `streamlit run serve.py` serves app.py's pages and, beside them, POST /room/checks.

`make room` starts the app this way, so laptops can report their graded exercises to the room (see README,
"Running a room"); `make run` starts app.py alone. The route is told each port's check names by the grader
(dependency injection: the room's code knows no grader), and answers only while the server runs a room. The posts
are checked and stored by a worker process that starts and stops with the server (course.room.worker), so the
laptops' posts never take turns with the participants' sessions for the server's interpreter.
"""

import streamlit as st

from course.room import limits, route, worker
from cq4ds.domain import PORTS
from cq4ds.grading import check_names

batteries = {port: check_names(port) for port in PORTS}
posts = limits.Limiter(route.POSTS_PER_MINUTE)
receiver = worker.Worker(batteries, posts)
app = st.App(
    "app.py", routes=[route.checks_route(batteries, limiter=posts, receive=receiver)], lifespan=receiver.running
)
