"""Typed access to this browser session's state: each user's results stay in their own session."""

from __future__ import annotations

from typing import Any

import streamlit as st

PREFIX = "cq4ds."


def get(name: str, default: Any = None) -> Any:
    """This session's value for `name`, or `default`."""
    return st.session_state.get(PREFIX + name, default)


def put(name: str, value: Any) -> None:
    """Keep `value` under `name` for this session only."""
    st.session_state[PREFIX + name] = value
