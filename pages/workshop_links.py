"""Instructors: build one link per exercise that opens a page with a composition and chosen controls."""

import streamlit as st

from course.ui import frame, lab
from course.ui import lesson_links as lessons

frame.routed()
st.title("Lesson links")
st.write(
    "Build the link you send the room for one exercise: it opens a page, and for the Pipeline Lab it also sets "
    "the composition and hides or locks the pickers that would distract from the exercise. Links carry only "
    "bundled sample files, never an upload."
)
registry = lab.registry()
page = lessons.chosen_page()
config = lessons.chosen_composition(registry) if page == lessons.LAB else None
controls = lessons.chosen_controls() if page == lessons.LAB else lessons.Controls()
if page != lessons.LAB:
    st.info("Only the Pipeline Lab takes a composition and hidden or locked controls; other pages open as they are.")
lessons.show(lessons.link(page, config, controls, registry))
