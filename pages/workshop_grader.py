"""Grade your component: the checks every built-in component passes, run on the files in your exercises folder."""

import streamlit as st

from course.ui import exercises, frame, grading

frame.routed()

st.title("Grade your component")
st.write(
    "Write a component in a file in your checkout's `exercises/` folder and pick it here. The grader runs the "
    "**same contract battery** the project's own adapters and strategies pass: its shape (a keyword-only dataclass "
    "with a one-line summary and documented parameters, built without logic), its port's behaviour on generated "
    "passengers, and a run of the notebook recipe with your component plugged into its port."
)
st.caption(
    "The app runs only files in your checkout, afresh on every rerun, never code typed into the browser. "
    "Save your file, then press **Reload my files** to grade the new version."
)
exercises.reload_button("grader.reload")

discovery = exercises.discovered()
exercises.warn_about(discovery)
grading.listing(discovery)
chosen = grading.choose(discovery)
if chosen is not None:
    grading.report(chosen, discovery)
