"""Decoupling: the core knows what a passenger is, not where passengers are stored."""

import streamlit as st

from course.ui import concept, predictions
from course.ui import decoupling as demo

concept.header(
    "Decoupling",
    "The code that trains and evaluates should know *what* the data is, not *where* it comes from. "
    "Put everything about storage into one adapter behind a port, and moving the data becomes a change "
    "to that adapter and one config entry, not to the pipeline.",
    "sourced",
)

demo.problem(
    "In the notebook script, knowledge of the storage is spread through the flow: the connection, two SQL "
    "queries naming the exercise's tables, the join on `pid` (the titanic3 CSV has no pid column at all), the "
    "label's SQLite name `is_survived` (titanic3 calls it `survived`), and a home-made regression test that "
    "pickles the raw frame exactly as SQLite returned it. Move the data to a CSV file and every highlighted "
    "line has to be found and edited, in cells far apart."
)

concept.move(
    "Give the core one port, `PassengerSource`, with one promise: `read_batches(rows)` yields records in the "
    "passenger schema's columns. Each store gets its own adapter that knows its file or table and renames "
    "columns, and nothing more. What crosses the port, read from the code: "
    + demo.what_crosses()
    + " The talk's exercise makes this move in its step 05, where a `SqlLoader` with `get_passengers()` takes "
    "the SQL out of `run()`; here the same move is made for six stores."
)

concept.demo("Live demo: six adapters, one set of passengers")
st.write(
    "Each side below is read live through the real adapter and checked with `conform`, as the use cases do. "
    "To compare the two sides, the demo alone then builds `Passenger` objects with `to_passengers` and hashes "
    "them: `Passengers.content_hash()` covers every field of every passenger in order, so equal hashes mean "
    "equal passenger lists."
)
predictions.decoupling()
before, after, seed = demo.pickers()
demo.compare(before, after, seed)
demo.what_changed(before, after, seed)
demo.all_sources(after, seed)

concept.try_this(
    "Compare **SQLite** with **CSV (titanic3)**: the raw frames differ (15 columns against 12, `pclass` as "
    "floats against text), yet the passengers are identical. The adapter and `conform` absorb the difference.",
    "Choose **Generated** and move the seed away from 42: the hash changes and the check marks go. The hash "
    "notices a different list, so equal hashes are worth something.",
    "Pick the same source on both sides: the config diff is empty and no module is swapped.",
    "In the Pipeline Lab, swap the source between SQLite, CSV, Parquet and DuckDB: the metrics do not move, "
    "because the model sees the same passengers.",
)

concept.check_yourself("decoupling")

concept.where_in_code(*demo.code_objects())
