"""The cq4ds app: the router and frame. Pages live in pages/; shared widgets in cq4ds.ui."""

import streamlit as st


def main() -> None:
    st.set_page_config(page_title="cq4ds: Clean Architecture for ML", page_icon="🚢", layout="wide")
    pages = {
        "Start": [st.Page("pages/start.py", title="Start here", default=True)],
        "Lab": [st.Page("pages/lab.py", title="Pipeline Lab", url_path="lab")],
    }
    st.navigation(pages).run()


main()
