"""Three domain objects beyond the flat `Passenger`: the rule each protects, its code, and inputs that break it."""

from __future__ import annotations

import streamlit as st

from course.explain import domain_examples as lesson
from course.explain.domain_examples import Attempt, Example
from course.explain.source import source_of
from course.ui import notices
from cq4ds.domain import FIELD_NAMES

PREFIX = "q_dataclasses.domain"


def heading(example: Example) -> str:
    """The section's heading: "A value object: `Fare`"."""
    article = "An" if example.kind[0] in "aeiou" else "A"
    return f"{article} {example.kind}: `{example.cls.__name__}`"


def ubiquitous_language() -> None:
    """Name the idea, and what the package and the lesson call things."""
    st.subheader("Ubiquitous language")
    st.markdown(
        "**[R]** The author's post on domain data models takes the idea from Domain-Driven Design: a *ubiquitous "
        "language* that engineers, subject-matter experts, data scientists and executives share, with classes "
        "named the way the business names things (a company that says *clients* gets a `Client` class). Its "
        "building blocks are **entities** (things with an identity), **value objects** (a property wrapped in "
        "a class with its rules) and **aggregates** (related objects kept consistent as one).\n\n"
        f"In this project the entity is `Passenger`, and its fields keep the passenger list's own names: "
        f"{', '.join(f'`{name}`' for name in FIELD_NAMES)}. The three objects below, from `lessons/domain/`, use "
        "a booking clerk's words: a fare, a traveller, the group travelling on one ticket."
    )


def show(example: Example, attempt: Attempt) -> None:
    """An example's heading, rules, the outcome of the learner's attempt, its code and the test that fires it."""
    st.markdown(f"**The rules it protects** (read from `{example.path}`): {example.rules}")
    if attempt.broken is None:
        st.success(attempt.outcome)
    else:
        notices.error(attempt.broken)
    code, test = source_of(example.cls), lesson.test_source(example.test)
    with st.expander(f"The code · {code.location}"):
        st.code(code.text, language="python", line_numbers=True)
    with st.expander(f"The unit test that fires the rule · {lesson.TESTS}"):
        st.code(test, language="python")


def value_object() -> None:
    """`Fare`: two fares added and the total shared out, from what the learner typed."""
    st.subheader(heading(lesson.VALUE))
    st.caption("Type two fares. Try a negative amount, five decimal places, or a second currency such as USD or EUR.")
    columns = st.columns([2, 1, 2, 1, 1])
    first = (
        columns[0].text_input("First fare", "7.25", key=f"{PREFIX}.amount1"),
        columns[1].text_input("Currency", "GBP", key=f"{PREFIX}.currency1"),
    )
    second = (
        columns[2].text_input("Second fare", "71.2833", key=f"{PREFIX}.amount2"),
        columns[3].text_input("Currency ", "GBP", key=f"{PREFIX}.currency2"),
    )
    ways = columns[4].number_input("Shared by", min_value=0, max_value=20, value=3, key=f"{PREFIX}.ways")
    show(lesson.VALUE, lesson.add_fares(first, second, int(ways)))


def entity() -> None:
    """`Traveller`: a known traveller takes in a later record the learner typed."""
    st.subheader(heading(lesson.ENTITY))
    known = ", ".join(f"{key} {value!r}" for key, value in lesson.KNOWN.items())
    st.caption(f"Known so far: {known}. Type a later record; try another sex, another pid, or a negative age.")
    columns = st.columns([1, 2, 1, 1, 1])
    record = {
        "pid": int(columns[0].number_input("pid", value=7, step=1, key=f"{PREFIX}.pid")),
        "name": columns[1].text_input("name", "Doe, Mr. John", key=f"{PREFIX}.name"),
        "sex": _text(columns[2].text_input("sex", "male", key=f"{PREFIX}.sex")),
        "age": _number(columns[3].text_input("age", "30", key=f"{PREFIX}.age")),
        "cabin": _text(columns[4].text_input("cabin", "C85", key=f"{PREFIX}.cabin")),
    }
    show(lesson.ENTITY, lesson.learn(record))


def aggregate() -> None:
    """`TravelGroup`: a traveller joins a founded group with the class and fare their row says."""
    st.subheader(heading(lesson.AGGREGATE))
    ticket, pclass, fare = lesson.FOUNDED
    st.caption(
        f"Ticket {ticket} (class {pclass}, {fare} GBP for the whole ticket) holds traveller {lesson.FOUNDER[0]}. "
        "Another traveller's row says they hold it too: try class 3, another fare, or pid 1 again."
    )
    columns = st.columns(3)
    pid = int(columns[0].number_input("pid of the traveller joining", value=2, step=1, key=f"{PREFIX}.join_pid"))
    row_class = int(columns[1].selectbox("class on their row", (1, 2, 3), key=f"{PREFIX}.join_class"))
    row_fare = columns[2].text_input("fare on their row", fare, key=f"{PREFIX}.join_fare")
    show(lesson.AGGREGATE, lesson.join(pid, row_class, row_fare))


@st.cache_data(show_spinner=False, max_entries=1)
def _sample_tickets() -> lesson.TicketCheck:
    """The bundled passengers grouped once per server: the same for every session, and read-only."""
    return lesson.sample_tickets()


def tickets() -> None:
    """The bundled passengers grouped by ticket with the lesson's factory: what the aggregate makes of them."""
    check = _sample_tickets()
    reasons = "; ".join(f"{count} because *{fix}*" for fix, count in check.reasons)
    st.markdown(
        f"**On the bundled passengers.** `groups_from_rows`, the aggregate's factory, turns the sample's "
        f"{check.rows:,} passengers into {check.groups:,} travel groups, {check.shared or 'none'} of them with more "
        f"than one traveller. It refused {len(check.refused)} rows: {reasons}. The sample is generated, and the "
        "generator draws each passenger's ticket number on its own (`_tickets` in `cq4ds/adapters/synthetic.py`), so a "
        "number seen twice is a coincidence rather than a party, and its two fares disagree. A DataFrame "
        "holds both rows without a word."
    )
    with st.expander("Every refused row, in the aggregate's words"):
        st.code("\n".join(check.refused), language=None, wrap_lines=True)


def _text(value: str) -> str | None:
    return value if value.strip() else None


def _number(value: str) -> float | str | None:
    """An age as typed: empty is unknown, a number is a number, anything else goes to the rule as typed."""
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        return value
