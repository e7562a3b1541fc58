"""The cq4ds app: the router and frame. Pages live in pages/; shared widgets in cq4ds.ui."""

import streamlit as st


def main() -> None:
    st.set_page_config(page_title="cq4ds: Clean Architecture for ML", page_icon="🚢", layout="wide")
    page = st.navigation({"Lab": [st.Page("pages/run_config.py", title="Run a config", icon="▶️", default=True)]})
    page.run()


main()
