"""The participant's own components, as the app finds them: every file in the exercises folder, run afresh.

The folder is `$CQ4DS_EXERCISES` (read on every call) or the project's `exercises`. Only files on disk
are run; the app never executes code typed into the browser. Every rerun runs the files afresh; the
"Reload my files" button is the visible way to ask for one (the R key types into a focused text box).
"""

from __future__ import annotations

import streamlit as st

from course.ui import notices
from cq4ds.domain import ConfigError
from cq4ds.extensions import Discovery, component_failure, discover, exercises_folder

RELOAD = "Reload my files"
AFTER_SAVING = f"press **{RELOAD}**"


def discovered() -> Discovery:
    """The built-in registry extended with the exercise files' components, and what could not be added."""
    return discover(exercises_folder())


def warn_about(discovery: Discovery) -> None:
    """One warning per file or component that could not be added, saying why and how to fix it."""
    for problem in discovery.problems:
        notices.warning(f"Not added from your exercises: {problem.message}")


def reload_button(key: str) -> None:
    """A button that reruns the page, so every exercise file is run afresh (the R key's job, made visible)."""
    st.button(
        RELOAD,
        key=key,
        icon="🔄",
        help=f"Runs every .py file in {exercises_folder().as_posix()}/ again, so your saved edits show up",
    )


def failure(error: Exception) -> ConfigError | None:
    """The one-line error for an exception a participant's component raised (file, line, fix), else None."""
    return component_failure(error, then=f"press {RELOAD}")
