"""The participant's own components, as the app finds them: every file in the exercises folder, run afresh.

The folder is `$CQ4DS_EXERCISES` (read on every call) or `exercises`. Only files on disk
are run; the app never executes code typed into the browser.
"""

from __future__ import annotations

from course.ui import notices
from cq4ds.extensions import Discovery, discover, exercises_folder


def discovered() -> Discovery:
    """The built-in registry extended with the exercise files' components, and what could not be added."""
    return discover(exercises_folder())


def warn_about(discovery: Discovery) -> None:
    """One warning per file or component that could not be added, saying why and how to fix it."""
    for problem in discovery.problems:
        notices.warning(f"Not added from your exercises: {problem.message}")
