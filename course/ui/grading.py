"""The grading panel: pick one of your exercise components, run the grader, see every check pass or fail."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from course.ui import notices
from cq4ds.domain import Cq4dsError
from cq4ds.extensions import Discovery, Found
from cq4ds.grading import Check, grade
from cq4ds.grading.exercises import EXERCISES, check_command, exercise, new_command


def label(found: Found) -> str:
    """How the picker names a component: port, kind and file."""
    return f"{found.port} · {found.kind} ({found.path})"


def cli_command(found: Found, windows: bool | None = None) -> str:
    """The command that runs the same checks on the component's file, typed at the project root."""
    return check_command(Path(found.path), windows)


def make_command(found: Found) -> str:
    """The same checks through make (Linux and macOS)."""
    return f"make check FILE={Path(found.path).as_posix()}"


def listing(discovery: Discovery) -> None:
    """The components the exercise files add, as a table, or how to add the first one."""
    if not discovery.found:
        st.info(
            "No components in your exercises folder yet. Start an exercise from its starter, at the project root: "
            f"`{new_command(1)}` writes `exercises/jsonl_source.py` (exercises 1 to {len(EXERCISES)}; "
            "`exercises/README.md` has them all). Fill in its TODOs, save, then press **Reload my files**."
        )
        return
    st.dataframe(pd.DataFrame(discovery.found), hide_index=True, width="stretch")


def choose(discovery: Discovery) -> Found | None:
    """The component to grade, picked from those discovered (None when there are none)."""
    if not discovery.found:
        return None
    index = 0
    if "grader.component" not in st.session_state and st.query_params.get("exercise"):
        index = _index_for(discovery, st.query_params["exercise"])
    return st.selectbox("Component to grade", discovery.found, index=index, format_func=label, key="grader.component")


def _index_for(discovery: Discovery, number: str) -> int:
    """The position of the component the link's exercise adds (0 when the link names none that is found)."""
    try:
        wanted = exercise(number)
    except Cq4dsError:
        return 0
    found = [i for i, f in enumerate(discovery.found) if (f.port, f.kind) == (wanted.port, wanted.kind)]
    return found[0] if found else 0


def show_check(check: Check) -> None:
    """One check, green when it passed and red when it failed, with its reason."""
    text = f"**{check.name}**: {notices.literal(check.reason)}"  # the reason may quote the participant's code
    if check.passed:
        st.success(text, icon="✅")
    else:
        st.error(text, icon="❌")


def report(found: Found, discovery: Discovery) -> tuple[Check, ...]:
    """Grade `found` now (its file was just run afresh) and show every check, then the CLI equivalent."""
    registry = discovery.registry
    with st.spinner(f"Grading {found.kind}…"):
        checks = grade(found.port, registry.component_class(found.port, found.kind), registry)
    passed = sum(check.passed for check in checks)
    verdict = "every check passed" if passed == len(checks) else f"{len(checks) - passed} check(s) to fix"
    st.subheader(f"{passed} of {len(checks)} checks passed: {verdict}")
    for check in checks:
        show_check(check)
    st.markdown(
        "**The same checks on the command line**, typed in the project's folder (exit status 0 when all pass, "
        "1 when one fails)"
    )
    st.code(cli_command(found), language="bash")
    windows = os.name == "nt"
    st.caption(
        f"On {'Linux or macOS' if windows else 'Windows'}: `{cli_command(found, not windows)}`. "
        f"With make: `{make_command(found)}`."
    )
    return checks
