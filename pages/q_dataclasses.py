"""Audience question: why wrap rows into domain dataclasses instead of using pandas DataFrames?"""

import streamlit as st

from course.ui import concept
from course.ui import representations as demo
from course.ui.concept import Question

concept.header(
    "Dataclasses or DataFrames?",
    "A `Passenger` type says what a passenger is and refuses anything that is not one; a DataFrame holds whatever "
    "it is given. Keep the rules in the domain type, build real `Passenger` objects where records come one at a "
    "time, and apply the very same rules to whole columns where the data is large.",
    "inferred",
)
concept.problem(
    "The notebook's frame has no idea what a passenger is. Columns are added to it in place, and nothing stops "
    "`sex = 'M'`, `pclass = 4` or a negative age: the values would reach the one-hot encoder as new categories and "
    "the imputer as numbers. Every cell downstream has to trust that the data is right, and none of them checks.",
    concept.legacy(
        r"^df = passengers\.merge",
        r"^df\.loc\[df\[\"title\"\]\.isin",
        highlight=(r"^df = passengers\.merge", r"^df\[\"\w+\"\] =", r"^df\.loc"),
    ),
)
concept.move(
    "Name the business object and write its rules once, as data: `FIELDS` in `cq4ds/domain/passenger.py`. "
    "`Passenger(...)` applies them to one record; `conform` applies the same rules to whole columns. "
    "Derived attributes come in both forms too (`derive_passenger`, `derive_frame`), and tests hold each pair "
    "equal. The pipeline then chooses the form that fits the job, and the demo below measures the difference."
)

concept.demo("Live demo: the same work on objects and on columns")
st.write(
    "Generated passengers, as a source adapter yields them, go down both paths. **Objects**: `to_passengers` "
    "builds one validated `Passenger` per row, then `derive_passenger` runs on each. **Columns**: `conform` "
    "checks the frame, then `derive_frame` derives for all rows at once. The outputs are compared value by value."
)
rows, seed = demo.choose()
comparisons = demo.measure_all(rows, seed)
demo.results(comparisons)

st.subheader("Try it: a record with bad values")
st.write(
    "Edit the five fields that carry a rule. The other fields are fixed and valid "
    "(`name='Doe, Mr. John'`, `ticket='A/5 21171'`, `fare=7.25`, no relatives aboard)."
)
demo.verdicts(demo.bad_record())

st.subheader("The design the package uses, and why")
demo.design(comparisons)

concept.try_this(
    "Slide to **100,000** rows: both lines in the chart climb, but the objects' line pulls away.",
    "Look at **1,000** rows in the table: the columnar path pays a fixed cost per column, so for a small list "
    "the objects can even win. Columns pay off once there are enough rows.",
    "Change the seed: the data changes (see the missing ages), the paths still agree on every value.",
    "In the bad record, set pclass to 3: both messages move on to `sex`. Fix all five and both accept it.",
    "Set age to `-0.5`: pandas still takes it; `Passenger` and `conform` both name the minimum 0.",
)
concept.check_yourself(
    "q_dataclasses",
    Question(
        "A CSV row has `sex = 'M'`. What does the package do when a pipeline reads it?",
        (
            "Nothing: pandas reads the text and the model sees a new category",
            "`conform` stops with a message naming the file, row, column and fix (or sets the row aside)",
            "The model raises when it meets an unknown category",
        ),
        1,
        "Every read goes through `conform`, which applies the domain's rule for `sex`; with "
        '`on_invalid = "quarantine"` the row is set aside and counted instead.',
    ),
    Question(
        "Why does the pipeline check large inputs with `conform` rather than with a `Passenger` per row?",
        (
            "`conform` applies weaker rules",
            "Same rules, and on large inputs whole columns are much faster and lighter, as the demo measures",
            "DataFrames cannot hold invalid values",
        ),
        1,
        "Both read the same `FIELDS`; the demo shows identical outputs and the columnar path ahead on time and memory.",
    ),
    Question(
        "Where would you add the rule 'fare must be below 1,000'?",
        (
            "In `FIELDS`, the one place both checks read",
            "In `conform` only",
            "In the feature builder",
        ),
        0,
        "Rules are data in the domain; `Passenger` and `conform` both apply whatever `FIELDS` says.",
    ),
)
concept.where_in_code(*demo.code_objects())
