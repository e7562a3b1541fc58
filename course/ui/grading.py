"""The grading panel: pick one of your exercise components, run the grader, see every check pass or fail."""

from __future__ import annotations

import shlex

import pandas as pd
import streamlit as st

from course.ui import notices
from cq4ds.extensions import Discovery, Found
from cq4ds.grading import Check, grade


def label(found: Found) -> str:
    """How the picker names a component: port, kind and file."""
    return f"{found.port} · {found.kind} ({found.path})"


def cli_command(found: Found) -> str:
    """The shell command that runs the same checks on the component's file."""
    return f"python -m cq4ds check {shlex.quote(found.path)}"


def listing(discovery: Discovery) -> None:
    """The components the exercise files add, as a table, or how to add the first one."""
    if not discovery.found:
        st.info(
            "No components in your exercises folder yet. Write one in a file such as `exercises/jsonl_source.py` "
            'ending with `COMPONENTS = {"source": {"jsonl": JsonLinesSource}}`, then rerun this page: '
            "`exercises/README.md` has the five exercises."
        )
        return
    st.dataframe(pd.DataFrame(discovery.found), hide_index=True, width="stretch")


def choose(discovery: Discovery) -> Found | None:
    """The component to grade, picked from those discovered (None when there are none)."""
    if not discovery.found:
        return None
    return st.selectbox("Component to grade", discovery.found, format_func=label, key="grader.component")


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
    st.markdown("**The same checks on the command line** (exit status 0 when all pass, 1 when one fails)")
    st.code(cli_command(found), language="bash")
    return checks
