"""The cq4ds app: the router and frame. Pages live in pages/; their list lives in cq4ds.ui.site."""

import streamlit as st

from cq4ds.ui.site import DEFAULT_PAGE, SECTIONS


def main() -> None:
    st.set_page_config(page_title="cq4ds: Clean Architecture for ML", page_icon="🚢", layout="wide")
    navigation = {
        section: [
            st.Page(page.script, title=page.title, url_path=page.url_path, default=page.script == DEFAULT_PAGE)
            for page in pages
        ]
        for section, pages in SECTIONS.items()
    }
    st.navigation(navigation).run()


main()
