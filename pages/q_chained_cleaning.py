"""Audience question: can the Strategy pattern tame chained pandas cleaning?"""

import streamlit as st

from course.ui import chained_cleaning as chain
from course.ui import concept

concept.header(
    "Chained pandas cleaning, as strategies",
    "Each cleaning step is a small object with one job: take a frame, return a cleaned frame. The list of steps "
    "is injected from outside, and the pipeline applies them in order with `DataFrame.pipe`.",
    "inferred",
)
concept.problem(
    "In the notebook, every preparation step is a line that changes the global `df` in place (highlighted). To try "
    "another order or leave a step out you edit the middle of the script, and nothing records which recipe "
    "produced a model.",
    concept.legacy(r"^df\[\"family_size\"\]", r"rare\), \"title\"\] = \"rare\"", highlight=(r"df\[",)),
)
concept.move(
    "Give every step the same shape (`frame -> frame`), register each one, and inject an ordered list of them. "
    "The pipeline core never changes; a different recipe is a different list. The package's `chain` cleaner does "
    "exactly this from names in a config, and below the page injects steps with your parameters."
)

concept.demo()
problems = st.toggle("Add 40 re-sent duplicate rows (same pid, age blanked)", value=True, key="chain.problems")
steps = chain.chosen_steps()
chain.profile_charts(chain.profiles(steps, problems))
result = chain.train_with(steps, problems)
if result is not None:
    metrics = result.metrics
    left, middle, right = st.columns(3)
    left.metric("Accuracy", f"{metrics.accuracy:.3f}")
    middle.metric("ROC AUC", f"{metrics.roc_auc:.3f}")
    right.metric("Passengers trained on", result.n_train)
    st.caption(f"Rows after cleaning: {result.data.rows_after_cleaning} of {result.data.rows_read} read.")

concept.try_this(
    "Remove **dedupe** while the duplicates are on: the run stops with a message naming the repeated pid and the fix.",
    "Put **drop_incomplete** before **impute**, then after it: the row count and the metrics change with the order.",
    "Switch **impute** to the median of everyone: watch the age histogram grow one tall bar.",
)
concept.check_yourself(
    "chain",
    concept.Question(
        "A colleague wants to try cleaning without imputation. With steps as strategies, what changes?",
        ("The list of steps in the config", "The training use case", "Every feature builder"),
        0,
        "The core only sees 'a cleaner'; the recipe is data handed to it from outside.",
    ),
    concept.Question(
        "Why does the order of steps matter here?",
        ("It does not: pandas reorders them", "Each step sees the output of the one before it", "Only for speed"),
        1,
        "`pipe` feeds each step the previous step's result, so dropping before imputing differs from imputing first.",
    ),
)
concept.where_in_code(*chain.code_shown())
