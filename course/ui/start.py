"""Pieces of the Start page that come from the package itself, not from prose."""

from __future__ import annotations

import streamlit as st

from cq4ds.domain import PORTS
from cq4ds.registry import Registry

TALK_VIDEO = "https://www.youtube.com/watch?v=QXfsS-ZOeyA"
SLIDES_POST = "https://laszlo.substack.com/p/slides-for-my-talk-at-pydata-london"


def talk_credit() -> None:
    """Credit the talk this app teaches, with links to its video and slides post."""
    st.caption(
        f"After Laszlo Sragner's PyData London 2022 talk *Clean Architecture: How to structure your ML projects "
        f"to reduce technical debt* ([video]({TALK_VIDEO}), [slides post]({SLIDES_POST})). "
        "The wording here is ours; where we reconstruct the talk's ideas we say so."
    )


def at_a_glance() -> None:
    """What the Lab can plug into each port, read from the registry."""
    registry = Registry()
    st.markdown("**What you can plug in, port by port** (read live from the package's registry)")
    rows = [{"port": port, "components": ", ".join(registry.kinds(port))} for port in PORTS]
    st.dataframe(rows, hide_index=True, width="stretch")
