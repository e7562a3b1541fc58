"""serve.py as it would be without the room's worker: the laptops' posts checked and stored in the server's own
thread pool (`route.in_thread`), taking turns with the sessions for its interpreter. bench/receivers.py's baseline,
started as `streamlit run bench/threaded.py` from the repository root.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from course.room import limits, route  # noqa: E402
from cq4ds.domain import PORTS  # noqa: E402
from cq4ds.grading import check_names  # noqa: E402

batteries = {port: check_names(port) for port in PORTS}
posts = limits.Limiter(route.POSTS_PER_MINUTE)
app = st.App(ROOT / "app.py", routes=[route.checks_route(batteries, limiter=posts)])
