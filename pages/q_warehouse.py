"""Audience question: BigQuery in, BigQuery out: batch scoring through a buffer table."""

import streamlit as st

from course.ui import asked, concept, engine, predictions
from course.ui import warehouse as demo
from course.ui import warehouse_answer as answer

concept.header(
    "Warehouse in, warehouse out",
    "A nightly job reads passengers from a warehouse table, scores them and writes predictions to another table. "
    "The input adapter reads, the core scores, the output adapter publishes all or nothing through a buffer "
    "table; tests swap both adapters for in-memory doubles and run the very same core.",
    "inferred",
)
asked.show(asked.WAREHOUSE)
concept.problem(
    "The notebook knows exactly one place the data lives, and scoring ends in a `print`: predictions are never "
    "written anywhere. Pointing it at a warehouse means editing the connection and queries in the middle of the "
    "script and bolting a write onto the end, where a crash half-way leaves a half-written table for everyone "
    "who reads it the next morning.",
    concept.legacy(r"^con = sqlite3", r"^con\.close", highlight=(r"sqlite3\.connect", r"read_sql")),
)
concept.show_excerpt(concept.legacy(r"^y_test_pred = ", r"^print\(cm_test\)", highlight=(r"predict", r"print")))
concept.move(
    "Give the job the shape of the talk's exercise. An input adapter (the exercise's `SqlLoader` role; here "
    "`DuckdbSource`) yields passenger records; the core, `score_batch`, checks and scores them chunk by chunk; "
    "an output adapter (the `ModelSaver` role; here `DuckdbSink`) writes them to a buffer table, checks it in "
    "SQL and swaps it in with one COMMIT. The test context injects `InMemorySource` and `InMemorySink` instead."
)

concept.demo("Live demo: two nights in a DuckDB warehouse")
st.write(
    "DuckDB stands in for BigQuery. The files live in a temporary folder: `warehouse_in.duckdb` holds "
    "`passengers_to_score`, `warehouse_out.duckdb` receives `predictions` (DuckDB opens a file either read-only "
    "or read-write within one process, so input and output are two files, like two datasets). The model is the "
    "notebook recipe, trained on the sample data. Each set of choices runs once on this server and every "
    "session is shown that run, so a room opening this page together waits for one run, not one each."
)
predictions.q_warehouse()
ran = demo.scenario(*demo.choose())
if ran:
    demo.first_night(ran)
    demo.second_night(ran)
    st.subheader("The test context: same core, in-memory doubles")
    demo.test_context(ran)
    st.subheader("The SQL the sink runs, read from its code")
    demo.sink_sql()
    st.subheader("Where does the buffer table live?")
    st.markdown(
        "**In the spirit of the talk (inferred):** the buffer table is an infrastructure detail, so it belongs in "
        "the output adapter; the core should not know it exists. In this package that is checkable:"
    )
    demo.buffer_owner()
    answer.stays_put()
    answer.bad_row(ran)
    answer.vocabulary()
    answer.costs(ran)
engine.switch()
answer.bigquery()

concept.try_this(
    "Slide the failure to the last chunk: every row reached the buffer, yet the checks and the COMMIT never "
    "ran, and the table is still night 1's.",
    "Switch the failure off: night 2 publishes, the hash changes and the sample's pids start after night 1's.",
    "Change the chunk size: the number of chunks and the slider's range follow; the predictions do not change.",
    "Compare the two contexts' times at 100,000 rows, and the max probability difference: still exactly 0.",
)
concept.check_yourself("q_warehouse")
concept.where_in_code(*demo.code_objects())
