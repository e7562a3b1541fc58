"""The grader: the contract battery every component of a port passes, the project's own and yours alike.

`grade(port, cls)` runs the checks in order, each on its own (one that raises fails with the
exception's one line, and the next still runs): the component's shape, its behaviour at its
port on generated passengers, and a run of the notebook recipe with it injected.
"""

from __future__ import annotations

from cq4ds.grading.battery import Check, Graded, check_names, grade, grade_file

__all__ = ["Check", "Graded", "check_names", "grade", "grade_file"]
