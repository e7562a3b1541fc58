"""How the ML lifecycle affects tech debt: the same change requests, arriving phase after phase."""

import streamlit as st

from course.ui import concept, lifecycle, predictions
from course.ui import principles as talk

concept.header(
    "How the ML lifecycle affects tech debt",
    "A model's life runs from exploration to a first deployment and then on to years of iteration, and each "
    "phase brings its own change requests. Shortcuts that are harmless while exploring turn into work, or into "
    "wrong answers, once the model is deployed and the requests keep coming.",
    "inferred",
)

lifecycle.problem(
    "During exploration the legacy script always holds the whole dataset, so counting titles over `df` before "
    "the split looks harmless. At deployment the same lines meet other data: one new passenger, or a million of "
    "them. Over one passenger every title is rare; over a million, titles that training called rare are common. "
    "The step has to be pasted again for each new use, and each copy quietly encodes passengers differently "
    "from training."
)

concept.move(
    "Decide at the start which choices belong to the fitted model and which belong to the wiring. In the package "
    "the common titles are learned state of the feature builder, so every later use of the model (one passenger, "
    "a batch of a million) encodes passengers exactly as in training. Data sources, models and outputs are picked "
    "in config files, so the requests of later phases arrive as new configs and new modules rather than edits to "
    "what already runs."
)

concept.demo("Live demo: the change requests of a model's life, added up")
st.write(
    "Which requests arrive in which phase is **our illustration**, not data from real projects. The cost of "
    "each request is the diff measured on our lesson files (the same numbers as on the page *Why tech debt "
    "matters*); a request that comes back is costed again with the same diff, and the totals are plain sums. "
    "It is a measurement of these files, not a general law."
)
predictions.lifecycle()
lifecycle.measures_explained()
phase = lifecycle.pick_phase("lifecycle")
measure = lifecycle.pick_measure("lifecycle")
lifecycle.totals(phase, measure)
lifecycle.chart("lifecycle", phase, measure)
st.markdown("#### What arrives in this phase")
lifecycle.arrivals(phase, measure)

talk.one_step_at_a_time()

concept.try_this(
    "Slide from **Exploration** to **Iteration** while counting **existing lines edited**, then again counting "
    "**lines changed**. Where does each codebase spend its effort, and which effort puts working code at risk?",
    "Watch the pasted copies of the feature steps: in which phase do the changes start pasting copies into the "
    "legacy script, and which request pastes the first one?",
    "Open the page *Why tech debt matters*, pick **Score one new passenger** and run it: that is the copy "
    "counted here, and the wrong answer it gives.",
)

concept.check_yourself("lifecycle")

concept.where_in_code(*lifecycle.code_objects())
