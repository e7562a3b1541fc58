"""The engine switch on the warehouse page: the same job in this process or on the server's local Dask cluster."""

from __future__ import annotations

import inspect
import math
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from course.explain import engines
from course.ui import notices
from course.ui import warehouse as demo
from cq4ds.domain import Cq4dsError, PartitionTiming
from cq4ds.usecases import score_batch

LABELS = {"in_process": "In this process", "dask": f"Local Dask cluster ({engines.WORKERS} workers)"}
HOW = {"in_process": "read and scored one after another", "dask": "each worker read its own pid ranges"}
ROWS = (20_000, 50_000, 100_000)
CHUNK_ROWS = (5_000, 10_000)
RUNS_KEY = "q_warehouse.engine_runs"
ASKED_KEY = "q_warehouse.engine_asked"
SHOWN_ROWS = 5  # partitions listed before the table scrolls
ROW_PIXELS = 35


def switch() -> None:
    """The section: choose an engine, score, and compare the published tables' hashes across engines."""
    st.subheader("Same job, another engine: a local Dask cluster")
    st.write(
        "When the nightly table outgrows one machine, the engine becomes one more adapter. The use case below "
        "runs unchanged; the composition root injects either the in-process engine or a Dask engine whose "
        "workers read their own pid ranges of the warehouse table. The model reaches each worker once."
    )
    with st.expander("The use case both engines run (`score_batch`)"):
        st.code(inspect.getsource(score_batch), language="python")
        st.caption(_part_writer_note())
    left, middle, right = st.columns([2, 2, 1])
    engine = left.radio("Engine", engines.ENGINES, format_func=LABELS.get, key="q_warehouse.engine", horizontal=True)
    rows = middle.select_slider("Passengers", ROWS, value=20_000, format_func="{:,}".format, key="q_warehouse.e_rows")
    chunk_rows = right.selectbox("Rows per partition", CHUNK_ROWS, format_func="{:,}".format, key="q_warehouse.e_chunk")
    st.button("Score on this engine", key="q_warehouse.engine_run", type="primary", on_click=_asked)
    if st.session_state.pop(ASKED_KEY, False):
        ran = _score(engine, int(rows), int(chunk_rows))
        if ran is not None:
            st.session_state.setdefault(RUNS_KEY, {})[(engine, int(rows), int(chunk_rows))] = ran
    _compare(int(rows), int(chunk_rows))


def _part_writer_note() -> str:
    """What the use case's `write` line does on this page, with the sinks that can take parts read from the code."""
    kinds = engines.sinks_taking_parts()
    listed = ", ".join(f"`{kind}`" for kind in kinds)
    if "duckdb" in kinds:
        return f"The DuckDB sink, like {listed}, takes each partition where it is scored: `write` is its part writer."
    return (
        "On this page `write` is None: the DuckDB sink is not a `PartitionedSink`, so each partition's predictions "
        f"come back here and fill its buffer table. A sink that is ({listed}; Parquet in its dataset layout) gets "
        "a part writer instead: the workers write their own parts, send back a note, and one rename publishes them."
    )


def _asked() -> None:
    st.session_state[ASKED_KEY] = True


def _score(engine: str, rows: int, chunk_rows: int) -> engines.EngineRun | None:
    total = math.ceil(rows / chunk_rows)
    progress = st.progress(0.0, text=f"0 of about {total} partitions")
    timings: list[PartitionTiming] = []

    def finished(timing: PartitionTiming) -> None:
        timings.append(timing)
        progress.progress(min(len(timings) / total, 1.0), text=f"{len(timings)} of about {total} partitions")

    def job(client: object = None) -> engines.EngineRun:
        with tempfile.TemporaryDirectory(prefix="cq4ds-engine-") as folder:
            return engines.score_on(engine, Path(folder), demo.model(), rows, 0, chunk_rows, client, finished)

    try:
        if engine == "dask":
            cluster = engines.shared_cluster()
            with st.spinner("Starting the local cluster…" if not cluster.started else "Scoring on the cluster…"):
                return cluster.run(job, waiting=lambda: st.info(_QUEUED))
        return job()
    except Cq4dsError as error:
        notices.error(error)
        return None
    finally:
        progress.empty()


_QUEUED = (
    "The server's Dask cluster is scoring for another session. Your run is queued and starts when it is "
    "free: one cluster per server, no session starts its own."
)


def _compare(rows: int, chunk_rows: int) -> None:
    runs = st.session_state.get(RUNS_KEY, {})
    done = [runs[(engine, rows, chunk_rows)] for engine in engines.ENGINES if (engine, rows, chunk_rows) in runs]
    if not done:
        st.caption("Score on both engines with the same choices to compare the published tables.")
        return
    columns = st.columns(len(engines.ENGINES))
    for column, ran in zip(columns, done, strict=False):
        with column.container(border=True):
            st.markdown(f"**{LABELS[ran.engine]}**")
            st.caption(f"{ran.result.chunks} partitions in {ran.result.seconds:.2f} s · {HOW[ran.engine]}")
            st.metric("hash of the published table", ran.content_hash[: demo.HASH_SHOWN])
            st.metric("rows/s", f"{ran.result.rows_per_second:,.0f}", help=f"{ran.result.seconds:.2f} s in all")
            partitions = _partitions(ran)
            st.dataframe(partitions, hide_index=True, width="stretch", height=_height(len(partitions)))
    if len(done) == 2:
        same = done[0].content_hash == done[1].content_hash
        (st.success if same else st.error)(
            "The published tables are identical: same rows, same probabilities, same hash."
            if same
            else "The published tables differ."
        )


def _height(rows: int) -> int:
    """Pixels for a table's header and up to SHOWN_ROWS rows (Streamlit draws 35 px a row, 3 px of border)."""
    return (min(rows, SHOWN_ROWS) + 1) * ROW_PIXELS + 3


def _partitions(ran: engines.EngineRun) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partition": [p.index + 1 for p in ran.result.partitions],
            "rows": [p.rows_scored for p in ran.result.partitions],
            "seconds": [round(p.seconds, 3) for p in ran.result.partitions],
            "worker": [p.worker for p in ran.result.partitions],
        }
    )
