"""Interoperability with Jupyter: a notebook is one more context around the same package."""

import streamlit as st

from course.ui import concept, predictions
from course.ui import notebooks as nb

concept.header(
    "Interoperability with Jupyter notebooks",
    "Notebooks stay the best place to look at data and try ideas. Used as one more context, a notebook imports "
    "the package and wires its components instead of holding a second copy of the pipeline.",
    "inferred",
)
concept.problem(
    "The original notebook *is* the pipeline: loading, features, training and its home-made tests live in cells "
    "that only run top to bottom in one kernel. Every idea tried there has to be translated again before it can "
    "run anywhere else, and the copies drift apart.",
    concept.legacy(r"^con = sqlite3", r"^con.close", highlight=(r"sqlite3|read_sql",)),
)
concept.move(
    "Keep the pipeline in the package and let the notebook be a context: it builds a composition through the "
    "composition root (here `contexts.notebook(passengers)` or `build_pipeline(config)`), runs it, and plots. "
    "What proves useful goes back into the package as a new strategy or adapter, never as copied cells."
)

concept.demo("Live demo: export a composition as a notebook")
predictions.notebooks()
chosen = nb.chosen_config()
if chosen:
    nb.preview_and_download(*chosen)
with st.expander(f"The notebook that ships with the project: {nb.SHIPPED}"):
    for source in nb.shipped_notebook_cells():
        st.code(source, language="python")
st.caption(
    "The test suite executes the shipped notebook and an exported one with nbclient and checks that their "
    "metrics equal what `python -m cq4ds run` prints for the same composition."
)

concept.try_this(
    "Change the model in the Pipeline Lab, come back, and export: the notebook's config follows your composition.",
    f"Open it in Jupyter: in the project folder, run `{nb.OPEN_COMMAND}`. The first time it installs JupyterLab "
    "into the project's `.venv` (the one download; nothing else installs Jupyter), then it opens the shipped "
    "notebook. Save your download into `notebooks/`, open it from JupyterLab's file browser and run all cells.",
    "Compare the printed metrics with the Lab's metric cards: same code, same numbers.",
)
concept.check_yourself("notebooks")
concept.where_in_code(nb.notebook_context(), nb.exporter())
