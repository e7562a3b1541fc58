"""Why tech debt matters in ML: the same change requests, carried out on the legacy script and on the package."""

import streamlit as st

from course.ui import changes, concept, live_runs, predictions
from course.ui import principles as talk

concept.header(
    "Why tech debt matters in ML",
    "An ML model keeps receiving change requests: a new data source, a new feature, another model, a new way "
    "to be called. In a tangled script every request is an edit inside code that already works, and some of "
    "those edits come out silently wrong, so the debt is paid again on every change.",
    "inferred",
)

changes.problem(
    "The legacy script hard-wires where its data lives (a SQLite connection, two queries and a join) and counts "
    "titles over whatever frame it happens to hold. Nothing in it is built to be reused: reading a CSV means "
    "editing these lines, and scoring new passengers means pasting copies of them further down the script."
)

concept.move(
    "Give each thing that changes its own seam. The data source is an adapter picked by name in a config file; "
    "the features and the model are strategies the composition root builds or receives by injection; and the "
    "fitted `Predictor` carries its feature steps, including the titles it learned, wherever it is used. "
    "A change request then becomes a config line or a new file, and the code that already works stays as it is."
)

talk.layers_of_abstraction()

concept.demo("Live demo: five change requests, carried out on both codebases")
st.write(
    "Each request has been carried out twice, in real files under `lessons/changes/`: once on a copy of the "
    "legacy script, once on the package side (a changed copy of a config, or a new config, module or script). The "
    "numbers below are computed with Python's `difflib` from those files each time the page runs. Each variant "
    "opens with a few `#|` comment lines saying what it is; they are not counted."
)
predictions.tech_debt()
request = changes.pick_request("tech_debt")
changes.cost_cards(request)

st.markdown("#### The edits")
changes.diffs(request)

st.markdown("#### Run it")
st.write(
    "Both sides are real programs. The button runs them as a developer would, from the repository root, in "
    "separate processes, and shows what they printed."
)
live_runs.run_panel(request, "tech_debt")

st.markdown("#### Every request, counted")
measure = changes.pick_measure("tech_debt")
changes.cost_chart("tech_debt", measure, request.key)

concept.try_this(
    "Pick **Score one new passenger** and run both sides. Neither raises an error, yet they feed their models "
    "different inputs. Find the pasted line in the legacy diff that causes it.",
    "Switch the chart between **lines changed** and **existing lines edited**: which codebase looks cheaper "
    "depends on what you count. Which count tells you more about the risk of breaking what already works?",
    "Pick **Run on 1M rows** and run it with 10,000 rows, then with 100,000. Compare the peak memory of the two "
    "sides: one loads the whole file at once, the other scores it 50,000 rows at a time.",
    "Pick **Swap to a random forest** and run both sides: compare the test confusion matrices they print.",
)

concept.check_yourself("tech_debt")

concept.where_in_code(*changes.code_objects())
