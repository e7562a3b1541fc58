"""The app's frame: what every page needs before it draws anything."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def routed() -> None:
    """Make sure the page runs inside app.py's navigation, even on a fresh server's first deep link.

    Streamlit treats a `pages/` folder as an old-style multipage app until some session runs
    `st.navigation`; until then a link like /lab would run pages/lab.py on its own, without the
    app's frame. This switches that mode off and reruns, so app.py routes the link as usual.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
