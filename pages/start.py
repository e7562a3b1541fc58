"""Start: what cq4ds is, the course step by step, and where to begin."""

import streamlit as st

from course.ui import frame, path, room_member, setup_check, site, start, synthetic

frame.routed()

st.title("Clean Architecture for ML, hands on")
st.markdown(
    "A notebook that predicts which Titanic passengers survived works once. Then the data moves from SQLite to "
    "a warehouse, a feature changes, the model is swapped, and somebody wants to score one new passenger. "
    "**cq4ds** lets you feel what a clean architecture does to those changes, on a real pipeline that runs here."
)
start.talk_credit()
room_member.join_panel()
synthetic.notice()

with st.container(border=True):
    setup_check.panel()

st.subheader("The course, step by step")
st.markdown(
    "Open the pages in this order: every page ends with a **Next** link to the one after it. The twelve pages of "
    "the talk come first, then the Pipeline Lab, the audience's questions and the workshop. A word you meet for "
    "the first time links to the **Glossary**; your progress shows at the foot of the sidebar."
)
first = path.neighbours(site.DEFAULT_PAGE)[1]
if first is not None:
    st.page_link(first.script, label=f"Begin with {first.title} →", icon=":material/play_arrow:")
path.syllabus()
st.caption(
    "For instructors: *Lesson links (instructors)*, in the Workshop section of the sidebar, builds the link you "
    "send the room for one exercise. It is not a step of the course."
)

st.subheader("What the Pipeline Lab lets you do")
left, middle, right = st.columns(3)
with left:
    st.markdown("**Swap**")
    st.write(
        "In the **Pipeline Lab**, every part of the pipeline is a port. Pick another data source, "
        "cleaning step, feature recipe or model: the Lab reruns at once and the metrics move."
    )
with middle:
    st.markdown("**Look inside**")
    st.write(
        "The Lab's tabs show the architecture computed from the real imports, the real source of each "
        "component, and the exact Python and TOML that build what you chose."
    )
with right:
    st.markdown("**Take it home**")
    st.write(
        "Copy the link to share a composition. Download the TOML into the project's folder and run "
        "`.venv/bin/python -m cq4ds run --config lab.toml` there: same code, same metrics, no app needed."
    )

st.page_link("pages/lab.py", label="Already know the ideas? Open the Pipeline Lab →")
start.at_a_glance()
