"""The app's frame: page settings and navigation, shared by app.py and by every page."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from course.ui.site import DEFAULT_PAGE, SECTIONS


def navigation() -> StreamlitPage:
    """Set the page settings and the sidebar navigation; return the page the address asks for."""
    st.set_page_config(page_title="cq4ds: Clean Architecture for ML", page_icon="🚢", layout="wide")
    pages = {
        section: [
            st.Page(page.script, title=page.title, url_path=page.url_path, default=page.script == DEFAULT_PAGE)
            for page in entries
        ]
        for section, entries in SECTIONS.items()
    }
    return st.navigation(pages)


def routed() -> None:
    """Give the page the app's frame even when Streamlit ran it on its own.

    Streamlit treats a `pages/` folder as an old-style multipage app until some session has run
    `st.navigation`: on a fresh server a link like /lab runs pages/lab.py by itself, without
    app.py. Setting up the navigation switches that mode off; the page then hands over to the same
    page under the navigation, with the link's query, so that its widgets get the ids every later
    run uses and the visitor's first input is not lost.
    """
    if PagesManager.uses_pages_directory:
        st.switch_page(navigation(), query_params=st.query_params.to_dict())
