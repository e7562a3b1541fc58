"""The dataclasses-or-DataFrames page: both representations measured live, and one bad record judged three ways."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from course.explain import record_checks, representations, story
from course.explain.costs import recorded_costs
from course.explain.exercise import exercise_choice
from course.explain.record_checks import BAD_RECORD
from course.explain.representations import SIZES, Comparison, PathCost
from course.explain.told import joined, told
from course.ui.charts import FONT, NEUTRAL, RAISES

MIB = 2**20
COLOURS = {"objects": NEUTRAL, "columns": RAISES}
LEGEND = {"objects": "objects: to_passengers + derive_passenger", "columns": "columns: conform + derive_frame"}


@st.cache_data(show_spinner=False, max_entries=32)
def measured(rows: int, seed: int) -> Comparison:
    """One measurement per (rows, seed), shared by every session: the result is read-only."""
    return representations.measure(rows, seed)


def choose() -> tuple[int, int]:
    """The largest size to measure, and the seed of the generated passengers."""
    left, right = st.columns([3, 1])
    rows = left.select_slider(
        "Measure up to this many rows",
        SIZES,
        value=SIZES[1],
        format_func=lambda n: f"{n:,}",
        key="q_dataclasses.rows",
        help="Every size up to this one is measured. 1,000,000 rows take a minute or more the first time, and "
        "about 3 GB of memory while they run; after that the result is kept.",
    )
    seed = right.number_input("Seed", min_value=0, max_value=2**31 - 1, value=0, key="q_dataclasses.seed")
    return int(rows), int(seed)


def measure_all(largest: int, seed: int) -> list[Comparison]:
    """Every size up to `largest`, with progress; each size is measured once per server and seed."""
    sizes = [size for size in SIZES if size <= largest]
    done = []
    with st.status(f"Measuring {_sizes(len(sizes))}…", expanded=False) as status:
        bar = st.progress(0.0)
        for number, size in enumerate(sizes, start=1):
            note = " (the first time, this takes minutes: tracing slows the object path)" if size >= 10**6 else ""
            status.update(label=f"Size {number} of {len(sizes)}: {size:,} rows{note}…")
            done.append(measured(size, seed))
            bar.progress(number / len(sizes))
        status.update(
            label=f"Measured {_sizes(len(sizes))} (seed {seed}); results are kept for everyone", state="complete"
        )
    return done


def _sizes(count: int) -> str:
    return f"{count} size" if count == 1 else f"{count} sizes"


def _mib(size: float) -> str:
    """Mebibytes, with a decimal below 10 so that small measurements do not read as 0."""
    mib = size / MIB
    return f"{mib:.1f}" if mib < 10 else f"{mib:.0f}"


def _row(comparison: Comparison, cost: PathCost) -> dict[str, Any]:
    return {
        "rows": comparison.rows,
        "path": cost.path,
        "runs": comparison.repeats,
        "validate ms": round(cost.validate_seconds * 1000, 1),
        "derive ms": round(cost.derive_seconds * 1000, 1),
        "total ms": round(cost.seconds * 1000, 1),
        "rows/s": round(comparison.rows / cost.seconds),
        "peak MiB (tracemalloc)": round(cost.peak_bytes / MIB, 1),
        "Arrow MiB held": round(cost.arrow_bytes / MIB, 1),
        "identical": "yes" if comparison.agreement.identical else "NO",
    }


def results(comparisons: list[Comparison]) -> None:
    """The largest size as cards, every size as a table and a log-log chart."""
    last = comparisons[-1]
    objects, columns = last.objects, last.columns
    faster, ratio = ("Columns", objects.seconds / columns.seconds)
    if ratio < 1:
        faster, ratio = ("Objects", 1 / ratio)
    cards = st.columns(5)
    cards[0].metric(f"Objects, {last.rows:,} rows", f"{objects.seconds:.3f} s")
    cards[1].metric(f"Columns, {last.rows:,} rows", f"{columns.seconds:.3f} s")
    cards[2].metric(f"{faster} are faster by", f"{ratio:.1f}×")
    peaks = (objects.peak_bytes + objects.arrow_bytes, columns.peak_bytes + columns.arrow_bytes)
    cards[3].metric(
        "Peak memory (MiB)",
        f"{_mib(peaks[0])}/{_mib(peaks[1])}",
        help="objects/columns: the tracemalloc peak plus the Arrow buffers held (table below)",
    )
    cards[4].metric("Identical outputs", "yes" if last.agreement.identical else "NO")
    agreement = last.agreement
    st.caption(
        f"Identical: {agreement.compared_values:,} values compared (every field of every passenger and every derived "
        f"attribute), pids equal: {'yes' if agreement.same_pids else 'no'}"
        + (f", differing: {', '.join(agreement.differing_fields)}" if agreement.differing_fields else "")
        + f". The data (seed {last.seed}): {last.missing_ages:,} ages missing, {last.titles} distinct titles."
    )
    rows = [_row(c, cost) for c in comparisons for cost in (c.objects, c.columns)]
    st.dataframe(rows, hide_index=True, width="stretch")
    st.plotly_chart(time_figure(comparisons), config={"displaylogo": False}, theme=None, key="q_dataclasses.chart")
    st.caption(
        "Time is the fastest of the untraced runs (the table's `runs`); peak memory comes from one more, traced "
        "run (tracemalloc sees Python objects "
        "and NumPy arrays; pandas keeps text in Arrow buffers it cannot see, so those are counted apart, as held "
        "at the end). Measured in the app's own process: other visitors' activity adds noise."
    )


def time_figure(comparisons: list[Comparison]) -> go.Figure:
    """Seconds against rows for both paths, both axes logarithmic."""
    figure = go.Figure()
    for path in ("objects", "columns"):
        costs = [getattr(c, path) for c in comparisons]
        figure.add_scatter(
            x=[c.rows for c in comparisons],
            y=[cost.seconds for cost in costs],
            mode="lines+markers",
            name=LEGEND[path],
            line={"color": COLOURS[path], "width": 2},
            hovertemplate="%{x:,} rows: %{y:.3f} s<extra></extra>",
        )
    sizes = [c.rows for c in comparisons]
    figure.update_xaxes(type="log", title="rows", tickvals=sizes, ticktext=[f"{n:,}" for n in sizes])
    seconds = [base * 10.0**power for power in range(-4, 3) for base in (1, 2, 5)]
    figure.update_yaxes(
        type="log", title="seconds (validate + derive)", tickvals=seconds, ticktext=[f"{v:g}" for v in seconds]
    )
    figure.update_layout(
        title={"text": "Time against rows (log-log)", "x": 0, "font": {"size": 16}},
        template="plotly_white",
        font={"family": FONT, "size": 13},
        height=360,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"x": 0.02, "y": 0.98, "bgcolor": "rgba(255,255,255,0.8)"},
    )
    return figure


def design(comparisons: list[Comparison]) -> None:
    """Where the package uses each representation, read from its code, and what the opposite choice costs."""
    st.markdown(
        "- **The rules live in the domain.** `FIELDS` is plain Python and both checks read it, so a rule is "
        "written once (`tests/unit/test_columnar.py` holds the two to the same verdicts on one record per rule).\n"
        "- **Batches stay frames, checked on columns.** "
        + joined(told(story.training_checks, story.scoring_checks, story.no_passengers_on))
        + "\n- **One passenger is a `Passenger`.** "
        + joined(told(story.single_passenger))
        + " Records held in code (a notebook's list, a test fixture) become `Passenger` objects too, with "
        "`Passengers.from_records` or `to_passengers`, each checked the moment it is made; the notebook context "
        "(`contexts.notebook(passengers)`) takes them.\n"
        "- **The exercise's choice, and its price.** "
        + joined(told(exercise_choice))
        + " That is clear for a handful of passengers and costly for a nightly file. "
        + representations.trade_off(comparisons)
        + " "
        + joined(told(recorded_costs))
        + "\n- **The same name everywhere.** The columns are the `Passenger` fields, so the frames on the batch "
        "paths and the objects of single passengers speak the one vocabulary of the domain."
    )


def bad_record() -> dict[str, Any]:
    """The record the learner edits: the five fields with a rule, the rest fixed and valid."""
    cells = st.columns(5)
    pclass = cells[0].number_input("pclass", value=BAD_RECORD["pclass"], step=1, key="q_dataclasses.pclass")
    sex = cells[1].text_input("sex", value=BAD_RECORD["sex"], key="q_dataclasses.sex")
    age = cells[2].number_input("age", value=BAD_RECORD["age"], step=1.0, key="q_dataclasses.age")
    embarked = cells[3].text_input("embarked", value=BAD_RECORD["embarked"], key="q_dataclasses.embarked")
    survived = cells[4].number_input(
        "is_survived", value=BAD_RECORD["is_survived"], step=1, key="q_dataclasses.survived"
    )
    edited = {"pclass": int(pclass), "sex": sex, "age": float(age), "embarked": embarked, "is_survived": int(survived)}
    return {**BAD_RECORD, **edited}


def verdicts(record: dict[str, Any]) -> None:
    """What pandas, `Passenger(...)` and `conform` each make of the record."""
    judged = record_checks.judge(record)
    frame, domain, columnar = st.columns(3)
    with frame:
        st.markdown("**`pd.DataFrame([record])`**")
        st.dataframe(judged.frame, hide_index=True)
        st.caption("Accepted without a word: " + ", ".join(f"{c} {t}" for c, t in judged.frame.dtypes.items()) + ".")
    with domain:
        st.markdown("**`Passenger(**record)`**")
        _outcome(judged.passenger_error, "a valid Passenger")
    with columnar:
        st.markdown("**`conform(frame, ...)`**, the columnar path")
        _outcome(judged.conform_error, "a conformed frame of 1 row")
    if judged.passenger_rule and judged.passenger_rule == judged.conform_rule:
        st.markdown(f"Both checks stop at `{judged.passenger_rule}`: the same rule, as both read `FIELDS` in order.")
    elif judged.passenger_rule or judged.conform_rule:
        st.warning(
            f"The two checks disagree on this record: `Passenger` {_verdict(judged.passenger_rule)}, "
            f"`conform` {_verdict(judged.conform_rule)}."
        )
    if judged.broken:
        count = len(judged.broken)
        st.markdown(
            f"By the domain's rules the record breaks {count} rule{'s' if count > 1 else ''}; fix them one by one:"
        )
        st.dataframe([{"field": f, "problem": p} for f, p in judged.broken], hide_index=True)
    else:
        st.success("This record keeps every rule: the domain type and the columnar check both accept it.")


def _verdict(rule: str) -> str:
    return f"names `{rule}`" if rule else "accepts it"


def _outcome(error: str, accepted: str) -> None:
    if error:
        st.markdown("raised `InvalidPassengerError`:")
        st.code(error, language="text", wrap_lines=True)
    else:
        st.markdown(f"accepted: {accepted}.")


def code_objects() -> tuple[Any, ...]:
    """The package code this page is about."""
    return representations.code_objects()
