"""The tech-debt page's pieces: the legacy problem, the change-request picker, and each request's measured cost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from course.explain.changes import BY_KEY, MEASURES, REQUESTS, SIDES, ChangeRequest, SideCost, cost
from course.explain.lessons import LEGACY_SCRIPT, excerpt
from course.ui import change_charts, concept
from cq4ds.registry import Registry
from cq4ds.usecases import Predictor

PLOT = {"config": {"displaylogo": False}, "theme": None}
SIDE_TITLES = change_charts.NAMES


def problem(text: str) -> None:
    """The legacy script's hard-wired SQLite access and its rare-title step, highlighted."""
    code = excerpt(
        LEGACY_SCRIPT,
        r"^con = sqlite3\.connect",
        r'isin\(rare\), "title"\] = "rare"',
        highlight=(r"sqlite3\.connect", r"read_sql", r"\.merge\(targets", r"title_counts < 10", r"isin\(rare\)"),
    )
    concept.problem(text, code)


def pick_request(page: str) -> ChangeRequest:
    """The change request the learner chose."""
    key = st.radio(
        "Change request",
        [request.key for request in REQUESTS],
        format_func=lambda key: BY_KEY[key].title,
        horizontal=True,
        key=f"{page}.request",
    )
    request = BY_KEY[key]
    st.markdown(f"**The ask:** {request.ask}")
    return request


def pick_measure(page: str) -> str:
    """How change is counted: lines changed, existing lines edited, or places."""
    return st.radio(
        "Count",
        list(MEASURES),
        format_func=lambda measure: MEASURES[measure],
        horizontal=True,
        key=f"{page}.measure",
        help="Lines changed: added + removed + rewritten. Existing lines edited: rewritten + removed lines of code "
        "that was already there. Places: separate regions of a file that were edited.",
    )


def cost_cards(request: ChangeRequest) -> None:
    """Side by side: files, places and lines the request changes in the legacy script and in the package."""
    for column, side in zip(st.columns(2, gap="large"), SIDES, strict=True):
        measured = cost(request.key, side)
        with column.container(border=True):
            st.markdown(f"**{SIDE_TITLES[side]}**")
            top, bottom = st.columns(2), st.columns(2)
            top[0].metric("Files", measured.files, help="Files added or changed")
            top[1].metric("Places", measured.total("places"), help="Separate regions of a file that were edited")
            bottom[0].metric("Lines changed", measured.total("lines"), help="Added + removed + rewritten")
            bottom[1].metric(
                "Existing lines edited",
                measured.total("edited"),
                help="Lines that were already there, rewritten or removed",
            )
            st.caption(_breakdown(measured))


def _breakdown(measured: SideCost) -> str:
    """'1 new file; +3 added, −0 removed, 2 rewritten' for one side."""
    added, removed, changed = (sum(getattr(d, n) for d in measured.diffs) for n in ("added", "removed", "changed"))
    new = f"{measured.new_files} new file{'s' * (measured.new_files != 1)}; " if measured.new_files else ""
    return f"{new}+{added} added, −{removed} removed, {changed} rewritten in place"


def diffs(request: ChangeRequest) -> None:
    """The two unified diffs, computed with difflib from the variant files on disk."""
    for column, side in zip(st.columns(2, gap="large"), SIDES, strict=True):
        with column:
            st.markdown(f"**{SIDE_TITLES[side]}**")
            for diff in cost(request.key, side).diffs:
                against = f"`{diff.change.original}`" if diff.change.original else "nothing (a new file)"
                st.caption(f"`{diff.change.variant}` compared with {against}")
                height = 440 if diff.text.count("\n") > 24 else "content"
                st.code(diff.text, language="diff", wrap_lines=True, height=height)


def cost_chart(page: str, measure: str, selected: str) -> None:
    """Bars of `measure` per request for both codebases, and what they say, counted."""
    figure = change_charts.cost_figure(measure, selected)
    st.plotly_chart(figure, **PLOT, key=f"{page}.chart")
    fewer = sum(cost(r.key, "package").total(measure) < cost(r.key, "legacy").total(measure) for r in REQUESTS)
    more = sum(cost(r.key, "package").total(measure) > cost(r.key, "legacy").total(measure) for r in REQUESTS)
    st.caption(
        f"Counting {MEASURES[measure]}, the package side needs fewer than the legacy script for {fewer} of "
        f"{len(REQUESTS)} requests and more for {more}. These are our lesson files, measured; other code would "
        "give other numbers."
    )


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The package's code behind the page: the CSV adapter, the notebook's features, the registry, the model."""
    registry = Registry()
    return (
        registry.component_class("source", "csv"),
        registry.component_class("features", "notebook"),
        Registry,
        Predictor,
    )
