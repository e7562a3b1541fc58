"""The warehouse page: two nights of batch scoring in DuckDB files, a failure, and the test context."""

from __future__ import annotations

import dataclasses
import math
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from course.explain import warehouse, warehouse_code
from course.explain.warehouse import Night, Scenario, TableState
from course.ui import notices
from cq4ds.domain import Cq4dsError
from cq4ds.usecases import Predictor

ROWS = (1_000, 5_000, 20_000, 50_000, 100_000)
CHUNK_ROWS = (500, 1_000, 5_000, 10_000)
HASH_SHOWN = 10  # hex digits of the content hash on a card


@st.cache_data(show_spinner=False, max_entries=1)
def model() -> Predictor:
    """The notebook recipe trained on the sample data, once per server (each caller gets its own copy)."""
    return warehouse.train_model()


@st.cache_data(show_spinner=False, max_entries=32)
def nights(rows: int, seed: int, chunk_rows: int, fail_after: int | None) -> Scenario:
    """Both nights for these choices, run once per server in a temporary folder's DuckDB files.

    Every input follows from the choices, so the answer is the same for every session: a room opening the
    page at once waits for one run, not thirty. Each caller gets its own copy.
    """
    with tempfile.TemporaryDirectory(prefix="cq4ds-warehouse-") as folder:
        ran = warehouse.run_nights(Path(folder), model(), rows, seed, chunk_rows, fail_after)
    named = ran.second.error.replace(f"{folder}/", "the warehouse folder's ")  # the folder is gone: name its role
    return dataclasses.replace(ran, second=dataclasses.replace(ran.second, error=named))


def choose() -> tuple[int, int, int, int | None]:
    """Rows per night, seed, chunk size, and after how many chunks the second night fails (None: it does not)."""
    left, middle, right = st.columns([2, 1, 2])
    rows = left.select_slider(
        "Passengers to score each night", ROWS, value=5_000, format_func="{:,}".format, key="q_warehouse.rows"
    )
    seed = middle.number_input("Seed", min_value=0, max_value=2**31 - 1, value=0, key="q_warehouse.seed")
    chunk_rows = right.select_slider(
        "Rows per chunk", CHUNK_ROWS, value=1_000, format_func="{:,}".format, key="q_warehouse.chunk"
    )
    chunks = math.ceil(rows / chunk_rows)
    fail = st.toggle(
        "Inject a failure into night 2: the warehouse connection drops", value=True, key="q_warehouse.fail"
    )
    after_key = "q_warehouse.after"
    if after_key not in st.session_state:
        st.session_state[after_key] = min(2, chunks)
    st.session_state[after_key] = min(st.session_state[after_key], chunks)  # fewer chunks now: stay in range
    after = st.slider(
        f"…after this many of its {_chunks(chunks)} reached the sink",
        0,
        chunks,
        key=after_key,
        disabled=not fail,
        help=f"{chunks} means after every chunk was written, just before the checks and the COMMIT.",
    )
    return int(rows), int(seed), int(chunk_rows), int(after) if fail else None


def _chunks(count: int) -> str:
    return f"{count} chunk{'' if count == 1 else 's'}"


def scenario(rows: int, seed: int, chunk_rows: int, fail_after: int | None) -> Scenario | None:
    """Both nights for these choices, or None after showing why they could not run."""
    try:
        with st.spinner("Loading the warehouse and scoring two nights…"):
            return nights(rows, seed, chunk_rows, fail_after)
    except Cq4dsError as error:
        notices.error(error)
        return None


def _table(title: str, table: TableState) -> None:
    with st.container(border=True):
        st.markdown(f"**{title}**")
        count, digest = st.columns([2, 3])
        count.metric("rows in `predictions`", f"{table.rows:,}")
        digest.metric(
            "content hash",
            table.content_hash[:HASH_SHOWN] or "none",
            help="md5 of every row in pid order, queried live",
        )
        st.dataframe(table.sample, hide_index=True, width="stretch")
        st.caption(f"Tables in {warehouse.OUTPUT_FILE}: {', '.join(table.tables) or 'none'}")


def first_night(ran: Scenario) -> None:
    """Night 1: the job that publishes."""
    result = ran.first.result
    st.markdown(
        f"**Night 1.** `{warehouse.INPUT_TABLE}` holds {result.data.rows_read:,} passengers (pids 1 to "
        f"{result.data.rows_read:,}). `score_batch` read them in {result.chunks} chunks, scored each, and the "
        f"DuckDB sink published {result.rows_scored:,} predictions in {result.seconds:.2f} s."
    )
    _table("`predictions` after night 1, queried from DuckDB", ran.first.after)


def second_night(ran: Scenario) -> None:
    """Night 2: new passengers; the table before and after the run, and what stopped it."""
    second: Night = ran.second
    st.markdown(
        f"**Night 2.** An upstream job replaces `{warehouse.INPUT_TABLE}` with the next passengers; "
        "the same job runs again."
    )
    before, after = st.columns(2)
    with before:
        _table("Before night 2's run", second.before)
    with after:
        _table("After night 2's run", second.after)
    if second.error:
        untouched = second.before == second.after
        st.markdown(
            f"**Untouched: {'yes' if untouched else 'NO'}** (row count, content hash and tables compared live). "
            f"{_chunks(second.delivered_chunks)} ({second.delivered_rows:,} rows) had already gone into "
            f"`{warehouse.OUTPUT_TABLE}__buffer` inside the transaction when the connection dropped; "
            "the ROLLBACK took them out again. The job raised:"
        )
        st.code(second.error, language="text", wrap_lines=True)
    else:
        st.markdown(
            f"**Published.** Night 2's {second.result.rows_scored:,} predictions replaced night 1's in one "
            "COMMIT: the hash changed and the pids moved on. Switch the failure on to compare."
        )


def test_context(ran: Scenario) -> None:
    """Night 1's passengers scored again with in-memory doubles: same predictions, and the speed."""
    parity, warehouse_seconds, memory_seconds = ran.parity, ran.first.result.seconds, ran.test_result.seconds
    cards = st.columns(4)
    cards[0].metric("Same pids", "yes" if parity.same_pids else "NO")
    cards[1].metric("Max |probability difference|", f"{parity.max_abs_difference:g}")
    cards[2].metric("DuckDB context", f"{warehouse_seconds:.2f} s")
    cards[3].metric("Test context (memory)", f"{memory_seconds:.2f} s")
    st.caption(
        f"{parity.rows:,} predictions compared; labels equal: {'yes' if parity.same_labels else 'no'}. "
        "Both runs are `score_batch` with the same model and chunk size; only the injected source and sink differ. "
        f"The test context took {memory_seconds / warehouse_seconds:.2f}× the DuckDB context's time here. Against a "
        "real warehouse, the doubles also remove credentials, network access and tables to clean up."
    )


def sink_sql() -> None:
    """The SQL the DuckDB sink runs, read from its source, and the full code in expanders."""
    for name, statements in warehouse_code.filled_sql(warehouse.OUTPUT_TABLE):
        st.markdown(f"From `{name}`:")
        st.code(";\n".join(statements) + ";", language="sql", wrap_lines=True)
    st.caption(
        "In the order the code holds them. Between the CREATE and the first DROP of the table, `write` calls "
        "`_insert` once per chunk, then `_check_buffer`; the ROLLBACK runs instead of what is left when anything fails."
    )
    for view in warehouse_code.sink_sources():
        with st.expander(f"{view.qualname} · {view.location}"):
            st.code(view.text, language="python", line_numbers=True)


def buffer_owner() -> None:
    """Which modules know the buffer table: computed from the code."""
    owners = warehouse_code.pipeline_modules_mentioning(warehouse_code.BUFFER_SUFFIX)
    mentions = warehouse_code.use_case_mentions_buffer()
    st.markdown(
        f"Modules of the pipeline whose code mentions `{warehouse_code.BUFFER_SUFFIX}`: "
        + ", ".join(f"`{path}`" for path in owners)
        + f". Does `score_batch` mention a buffer at all? **{'yes' if mentions else 'no'}**."
    )


def code_objects() -> tuple[Any, ...]:
    """The package code this page is about."""
    return warehouse_code.code_objects()
