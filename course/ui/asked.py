"""The opening of an audience-question page: the question, attributed, and our short answer before the demo."""

from __future__ import annotations

import streamlit as st

from course.explain.audience import (
    CHAINED_CLEANING,
    DATACLASSES,
    MANY_FEATURES,
    SOURCE_NOTE,
    WAREHOUSE,
    Asked,
    Point,
)

__all__ = ["CHAINED_CLEANING", "DATACLASSES", "MANY_FEATURES", "WAREHOUSE", "show"]

ATTRIBUTION = "a member of the audience"


def show(asked: Asked) -> None:
    """The question as a quote, where it comes from, and the answer's points with where each is demonstrated."""
    st.subheader("The question")
    st.markdown(f"> {asked.question}\n>\n> — {ATTRIBUTION}")
    st.markdown("**The short answer**")
    st.markdown("\n".join(_line(point) for point in asked.points))
    st.caption(SOURCE_NOTE)


def _line(point: Point) -> str:
    stop = "" if point.shown_in.endswith(("?", ".")) else "."
    return f"- {point.answer} *Shown below: {point.shown_in}{stop}*"
