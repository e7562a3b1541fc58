"""Audience question: why wrap rows into domain dataclasses instead of using pandas DataFrames?"""

import streamlit as st

from course.ui import asked, concept, predictions
from course.ui import domain_examples as examples
from course.ui import representations as demo

concept.header(
    "Dataclasses or DataFrames?",
    "A `Passenger` type says what a passenger is and refuses anything that is not one; a DataFrame holds whatever "
    "it is given. Keep the rules in the domain type, build real `Passenger` objects where records come one at a "
    "time, and apply the very same rules to whole columns where the data is large.",
    "inferred",
)
asked.show(asked.DATACLASSES)
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

examples.ubiquitous_language()
predictions.q_dataclasses()
examples.value_object()
examples.entity()
examples.aggregate()
examples.tickets()

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
concept.check_yourself("q_dataclasses")
concept.where_in_code(*demo.code_objects())
