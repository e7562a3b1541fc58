"""The check every audience-question page shares: it opens with the question and a short answer, each point shown."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from course.explain.audience import Asked


def assert_answers_first(at: AppTest, asked: Asked) -> None:
    """The question is quoted and attributed, every point of the answer is there, and its section follows it."""
    shown = "\n".join(md.value for md in at.markdown)
    assert f"> {asked.question}" in shown and "— a member of the audience" in shown
    headings = [h.value for h in at.subheader]
    assert headings[0] == "The question", headings
    for point in asked.points:
        assert point.answer in shown, point.answer
        assert point.shown_in in headings[1:], point.shown_in
