"""Audience question: can the Strategy pattern tame chained pandas cleaning?"""

import streamlit as st

from course.ui import asked, concept, predictions, symmetry
from course.ui import chained_cleaning as chain

concept.header(
    "Chained pandas cleaning, as strategies",
    "Each cleaning step is a small object with one job, and the list of steps is injected from outside. One rule "
    "keeps it honest: a step that computes a statistic (a median, a percentile) is learned on the training rows "
    "and travels inside the model; a step that does not is a row rule, safe on every row.",
    "inferred",
)
asked.show(asked.CHAINED_CLEANING)
concept.problem(
    "In the notebook, every preparation step is a line that changes the global `df` in place (highlighted). To try "
    "another order or leave a step out you edit the middle of the script, and nothing records which recipe "
    "produced a model.",
    concept.legacy(r"^df\[\"family_size\"\]", r"rare\), \"title\"\] = \"rare\"", highlight=(r"df\[",)),
)
concept.move(
    "Give every step the same small surface (`apply_rules` for row rules; `fit` and `transform` for learned "
    "steps), register each one, and inject an ordered list of them. The pipeline runs the row rules on every row "
    "before the split; the learned steps are fitted on the training rows inside the `Predictor`, so scoring fills "
    "a gap with the very value evaluation used. The package's `chain` does this from names in a config, row rules "
    "first; below, the page injects steps with your parameters."
)

concept.demo("Live demo: your chain of steps")
predictions.q_chained_cleaning()
problems = st.toggle("Add 40 re-sent duplicate rows (same pid, age blanked)", value=True, key="chain.problems")
steps = chain.chosen_steps()
chain.profile_charts(chain.profiles(steps, problems))

st.subheader("Row rules first, learned steps inside the model")
st.write(
    "The pipeline runs your chain's row rules on every row it read, then splits the passengers, then fits the "
    "learned steps on the training rows inside the `Predictor`. A row rule listed after a learned step is refused "
    "before anything trains, with the fix."
)
result = chain.train_with(steps, problems)
if result is not None:
    metrics = result.metrics
    left, middle, right = st.columns(3)
    left.metric("Accuracy", f"{metrics.accuracy:.3f}")
    middle.metric("ROC AUC", f"{metrics.roc_auc:.3f}")
    right.metric("Passengers trained on", result.n_train)
    st.caption(
        f"Rows after the row rules: {result.data.rows_after_cleaning} of {result.data.rows_read} read. The profile "
        "above fits each learned step on every row to show what it does; the training run fits it on the "
        "training rows only."
    )

st.subheader("What goes wrong when a learned step runs outside the model")
symmetry.skew_measured("chain")

concept.try_this(
    "Remove **dedupe** while the duplicates are on: the run stops with a message naming the repeated pid and the fix.",
    "Put **drop_incomplete** before **impute**, then after it: after it, the chain is refused, because a row rule "
    "must run before every learned step (it runs on every row, before the split).",
    "Switch **impute** to the median of everyone: watch the age histogram grow one tall bar.",
)
concept.check_yourself("chain")
concept.where_in_code(*chain.code_shown())
