"""Refactoring, the replay: from the notebook script to a clean design in small steps, checked end to end."""

import streamlit as st

from course.ui import concept, predictions
from course.ui import principles as talk
from course.ui import replay as demo

concept.header(
    "Refactoring: the replay",
    "Refactoring changes the structure of code in small steps without changing what it computes, and an "
    "end-to-end check on the data after every step proves it. Replay the talk's Titanic exercise from the "
    "notebook script to a clean design, and watch the checks stay green until you break something on purpose.",
    "sourced",
)

demo.problem(
    "The legacy script can only be run, and so only be checked, as a whole: top to bottom, against the "
    "database. Its home-made checks (`do_test`, highlighted) sit between the production steps, so they run "
    "wherever the script runs and no test can swap in anything smaller. And every transform is written twice, "
    "once for `X_train_*` and once for `X_test_*` (highlighted), so each change must be made twice, and the "
    "copies can drift apart."
)

concept.move(
    "Change the structure one small step at a time, and after each step run the same end-to-end checks. The "
    "exercise's checks pickle intermediate results on the first run and compare every later run with them; "
    "they check the data (processed matrices, which passengers went where, confusion matrices), not a "
    "score, so even a small change shows. Below, the exercise's 21 steps are grouped into 9 moves (our "
    "grouping). Every state is a real script: `python lessons/refactoring/step_04_test_double.py` runs one "
    "from the repository root."
)

concept.demo("Live demo: replay the refactoring")
st.write(
    "Each state runs in a fresh Python process, and its six artefacts are compared with the legacy script's "
    "(state 00 is that script byte for byte, plus one function that hands its results to this panel). Pick a "
    "state, read what changed, then break something and see what the checks and the score make of it."
)
predictions.refactoring()
state = demo.step_picker()
about, checks = st.columns([2, 3], gap="large")
with about:
    demo.about(state)
    key = demo.break_picker()
with checks:
    st.markdown(f"#### Checks: state {state.number:02d} against the legacy script")
    demo.regression_panel(state, key)
demo.code_views(state, key)

talk.behaviour_not_implementation()

concept.try_this(
    "Slide through every state with **Nothing** broken: the code changes shape completely from 00 to 09, "
    "and every check stays green.",
    "At the last state, pick **Fix is_alone**: the processed matrices and the confusion matrices fail, and "
    "look at how far test accuracy moved.",
    "Pick **Rare-title threshold 5** at states 04 and 05: the same change is made as a different edit, because "
    "state 05 turned the title count into the constant `RARE_TITLES`, and the checks fail the same way.",
    "Read the diff of state 07: the transforms written once for `X_train_*` and again for `X_test_*` become "
    "one `TitanicModel.process_inputs()`, and the checks cannot tell.",
)

concept.check_yourself("refactoring")

concept.where_in_code(*demo.code_objects())
demo.counterparts()
