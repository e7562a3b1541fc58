"""The setup check on the Start page: the same checks as `make check-setup`, one line each, with the fix."""

from __future__ import annotations

import streamlit as st

from course.ui import notices
from cq4ds.grading.exercises import python_command
from cq4ds.grading.setup import run_checks


def panel() -> None:
    """A button that checks this machine's setup (environment, exercises folder, grader), and the result."""
    st.markdown(
        "**Before the first exercise: check your setup.** The button checks that the environment works, that "
        "your exercises folder is found and writable, and that a reference solution grades green. On the "
        f"command line, at the project root: `make check-setup` (without make: `{python_command()} -m cq4ds "
        "check-setup`), which also checks that the app answers."
    )
    clicked = st.button("Check my setup", key="start.setup_check", icon="🩺")
    if not clicked:
        return
    with st.spinner("Checking your setup (grading a reference solution takes a few seconds)…"):
        checks = run_checks(url=None)  # the app answers: this page is it
    for check in checks:
        text = f"**{check.name}**: {notices.literal(check.line)}"
        if check.passed:
            st.success(text, icon="✅")
        else:
            st.error(text, icon="❌")
    st.success("**app**: it answers (you are using it)", icon="✅")
