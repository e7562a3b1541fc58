"""Experimental-operational symmetry: the code you experiment with is the code you run in production."""

import streamlit as st

from course.ui import concept, predictions
from course.ui import symmetry as demo
from course.ui import symmetry_runs as runs

KEY = "eos"

GOOGLE_MLOPS = (
    "https://cloud.google.com/architecture/mlops-continuous-delivery-and-automation-pipelines-in-machine-learning"
)

concept.header(
    "Experimental-operational symmetry",
    "The code you experiment with is the code you deploy. Only the wiring differs: a test context injects a "
    "fast in-memory double, the production context reads the real database, and everything in between is the "
    "same files.",
    "sourced",
)
st.caption(
    f"The term is from Google Cloud's [MLOps guide]({GOOGLE_MLOPS}) (level 1: the pipeline built for "
    "experiments is the one used in pre-production and production). The talk's exercise puts it into practice "
    "in its step 08: `test_main` is a copy of `main` that injects a test loader, and from then on only the test "
    "context is run."
)

concept.problem(
    "In the script, experiment and operation are one piece of code: the same cells open the real database and "
    "run the home-made tests. You cannot run the pipeline on a small fixed dataset without editing cells, nor "
    "run it for real without running the tests too. So a 'production version' gets copied out of the "
    "notebook, and from that day the two drift apart.",
    concept.legacy(r"^con = sqlite3", r"^do_pandas_test\(\"raw_df", highlight=(r"sqlite3.connect", r"^do_pandas_test")),
)

concept.move(
    "Write the pipeline once and give it several entry points, *contexts*, that differ only in what they "
    "inject. The test context builds the pipeline on generated passengers held in memory, and that is where "
    "development happens; the production context builds it from the config file. Because the core is the "
    "same files, what passed in the experiment is what runs in production, with nothing translated."
)

concept.demo("Live demo: the test context and the production context, side by side")
predictions.eos()
st.markdown("#### 1 · The same core")
st.caption("Built just now with `contexts.testing()` and `contexts.production()`, as the package defines them.")
demo.core_and_wiring()

st.markdown("#### 2 · Only the wiring differs")
demo.wiring_code()

st.markdown("#### 3 · Same passengers, same answers")
st.caption(
    "The package generates the passengers. The production context reads them from a SQLite file written into "
    "a temporary folder (through a config file that points at it); the test context gets the same "
    "passengers in memory. Both train and evaluate the notebook recipe. Each setting runs once on this server "
    "and every session is shown that run, so a room opening this page together waits for one run, not one each."
)
rows, seed = runs.run_controls()
runs.same_answers(rows, seed)

st.markdown("#### 4 · Where the contexts do differ: the load stage")
st.caption("The load stage reads and checks every passenger. Only here do the two contexts run different code.")
runs.load_at_scale(seed)

st.markdown("#### 5 · One path from raw rows to probabilities")
st.caption(
    "Symmetry is not only shared files: anything learned from data (a median age, a percentile) must be fitted "
    "on the training rows and shipped inside the model, or production cleans passengers differently from the "
    "way evaluation did. cq4ds itself had this bug; the lesson file keeps it so you can see what it cost."
)
demo.skew_measured(KEY)

st.markdown("#### 6 · Two doubles: generated passengers or a recording of the source")
st.caption(
    "A test double stands in for the production source. `contexts.testing()` generates passengers; "
    "`contexts.recorded()` replays a small frozen sample of what the production source returned, recorded once "
    "with `contexts.record()`. Measured just now, beside the production context itself:"
)
demo.two_doubles(KEY)

concept.try_this(
    "Change the seed or the number of passengers: other passengers, other metrics, and still no difference "
    "between the contexts.",
    "Load **200,000** passengers: the in-memory double pulls ahead of the SQLite read. That speed is why "
    "development happens in the test context.",
    "Read the diff: the test context injects a source and a sink; the production context lets the config "
    "build everything. Nothing else differs.",
    "In section 6, find what the generated double cannot tell you about the production source, and what the "
    "recorded double cannot do that section 4 asks of the generated one.",
)

concept.check_yourself("eos")

concept.where_in_code(*demo.code_objects())
