"""Inversion of Control and Dependency Injection: the core calls what it is given; the wiring decides what that is."""

import streamlit as st

from course.ui import concept, predictions
from course.ui import principles as talk
from course.ui import wiring_board as board

concept.header(
    "Inversion of Control and Dependency Injection",
    "The core owns the flow (load, clean, split, train, evaluate) and calls its collaborators through ports; "
    "the code around it decides which collaborators those are and hands them in when the objects are built. "
    "Behaviour then changes by changing the construction, not by editing the core.",
    "sourced",
)

board.problem(
    "Moving the notebook into a class is a start (the talk's exercise pastes it into "
    "`TitanicModelCreator.run()` in its step 03), but a class that **builds its own collaborators** is still "
    "welded to them. In `lessons/coupled/creator_builds_its_own.py`, `run()` opens the SQLite file, creates "
    "the encoders and the `LogisticRegression`, and pickles the model itself. Every other source, model or "
    "output is an edit inside `run()`, the one method everything depends on."
)

concept.move(
    "Invert the control: the core asks for a source, a cleaning, the features, a model and a split "
    "as arguments, typed by ports, and calls them. Inject the dependencies: one place, the composition root "
    "(`build_pipeline`), turns a config into objects and passes them in. The exercise does this in its step 06, "
    "where the loader becomes a constructor argument built in `main()`; its instructions sum it up as "
    '"Complex behaviour is constructed not written."'
)

concept.demo("Live demo: the wiring board")
st.write(
    "Each row is a slot; its cards are the components registered for that port, read from the registry. "
    "Pick a card and the board rewires and runs at once on the bundled sample through "
    "`cq4ds.usecases.training.train_and_evaluate`, the core, whose source is hashed below on every run."
)
predictions.dependency_injection()
config = board.board()
ran = board.run(config)
if ran:
    board.results(*ran)

st.markdown("#### The core, read from disk on every run")
board.core(config)
st.markdown("#### What you changed: the Python wiring, against the notebook's")
board.wiring_change(config)

st.markdown("#### The same swaps in the coupled version")
st.write(
    "For each card you changed, here is the real variant of the coupled lesson with that swap made, diffed "
    "against the original. The tests run every variant and check it gives the same confusion matrix as the "
    "board wired with the same card, so both sides really do the same thing."
)
board.coupled(config)

talk.dependency_inversion()

concept.try_this(
    "Swap **Model** to `random_forest`, then `gradient_boosting`: the metrics move, the core's hash does not.",
    "Swap **Source** to `csv`: the metrics stay put (same passengers) while the coupled version rewrites its "
    "loading lines inside `run()`.",
    "Swap **Sink** to `csv`: the predictions are written to a file in your session's own folder; the coupled "
    "version needs new lines inside `run()` for that.",
    "Swap **Features** to `minimal`: on the board it is one spec; in the coupled file it is a rewrite of the "
    "whole feature section.",
)

concept.check_yourself("dependency_injection")

concept.where_in_code(*board.code_objects())
