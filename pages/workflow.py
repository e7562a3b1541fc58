"""Workflow: building an ML system from scratch, step by step, running the system as it stands at each step."""

import streamlit as st

from course.ui import concept, hosts, predictions, workflow

concept.header(
    "Workflow: building a system from scratch",
    "Start from what the business talks about, then build the skeleton, the adapters, the test context and "
    "the tests, and only then the model. Each step leaves a system that runs, so every later change is made "
    "under the protection of the earlier ones.",
    "inferred",
)
st.info(workflow.RECONSTRUCTION)

concept.problem(
    "The notebook was written in the order of thought: load, engineer, split, fit. Nothing ever said what a "
    "passenger is. Survival, family size and title exist only as column names created cell by cell, so every "
    "later cell depends on them and no test can say what a valid passenger looks like. Starting a new project "
    "the same way rebuilds the same mess.",
    workflow.legacy_excerpt(),
)

concept.move(
    "Reverse the order. Name the domain first, then give the code a shape that runs end to end (a core with a "
    "run method, an entry point that builds it), plug the outside world in through adapters, and create a "
    "test context and data-level regression tests before the model gets clever. The model arrives late, as "
    "one self-contained class with injected strategies, and every experiment after that is a new wiring, "
    "not an edit. The steps below are that order, each tied to the code and tests that embody it here."
)

concept.demo("Live demo: the guided checklist")
st.write(
    "Pick a step. Its panel runs the package as it stands at that step, live: the domain objects, the CLI, "
    "the adapters, the test context, the characterization test against the legacy notebook, the model, the "
    "sinks and two contexts compared. Tick a step once you have done it in a project of your own."
)
predictions.workflow()
workflow.checklist()

concept.try_this(
    "Step 1: set `pclass` to 4 or `age` to -1. The domain refuses the passenger and names the field and the fix.",
    "Step 2: type `model.kind=random_forest` into `--set`, then `model.kind=magic`: the same `main()` runs a "
    "new composition, or stops with one line and exit status 2. A path such as `source.params.path=/etc/passwd` "
    "is refused before `main()` starts: a page reads only sample_data/ and your own uploads.",
    "Step 5: tick **fix is_alone** or move the threshold off 10. The regression test fails and says how many "
    "cells changed, which is what you want from a test when behaviour changes.",
    "Step 8: compare `notebook.toml` with `random_forest.toml`: one line of wiring changes, and so do the metrics.",
)

concept.check_yourself("workflow")

concept.where_in_code(*workflow.code_objects())
hosts.outer_code(("cq4ds.cli", "main"))
