"""Start: what cq4ds is, how to use it, and where to begin."""

import streamlit as st

from course.ui import frame, start

frame.routed()

st.title("Clean Architecture for ML, hands on")
st.markdown(
    "A notebook that predicts which Titanic passengers survived works once. Then the data moves from SQLite to "
    "a warehouse, a feature changes, the model is swapped, and somebody wants to score one new passenger. "
    "**cq4ds** lets you feel what a clean architecture does to those changes, on a real pipeline that runs here."
)
start.talk_credit()

left, middle, right = st.columns(3)
with left:
    st.subheader("1 · Swap")
    st.write(
        "In the **Pipeline Lab**, every part of the pipeline is a port. Pick another data source, "
        "cleaning step, feature recipe or model: the Lab reruns at once and the metrics move."
    )
with middle:
    st.subheader("2 · Look inside")
    st.write(
        "The Lab's tabs show the architecture computed from the real imports, the real source of each "
        "component, and the exact Python and TOML that build what you chose."
    )
with right:
    st.subheader("3 · Take it home")
    st.write(
        "Copy the link to share a composition. Download the TOML and run "
        "`python -m cq4ds run --config lab.toml`: same code, same metrics, no app needed."
    )

st.page_link("pages/lab.py", label="Open the Pipeline Lab →")
start.at_a_glance()
