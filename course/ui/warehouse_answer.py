"""The warehouse answer, demonstrated: a bad row stopped, the code's words, what stays put, the costs, BigQuery."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from course.explain import warehouse_answer as answer
from course.explain.warehouse import Scenario
from course.ui import warehouse as demo

TRANSACTIONS_DOCS = "https://cloud.google.com/bigquery/docs/transactions"
WRITE_DISPOSITION_DOCS = (
    "https://cloud.google.com/python/docs/reference/bigquery/latest/google.cloud.bigquery.job.WriteDisposition"
)


def _choices(ran: Scenario) -> tuple[int, int, int]:
    """Rows per night, seed and chunk size of the nights on show."""
    state = st.session_state
    return (
        ran.first.result.data.rows_read,
        int(state.get("q_warehouse.seed", 0)),
        int(state.get("q_warehouse.chunk", 1_000)),
    )


@st.cache_data(show_spinner=False, max_entries=16)
def _bad_row(rows: int, seed: int, chunk_rows: int) -> answer.BadRow:
    """The bad-row night for these choices, once per server (every input follows from them)."""
    return answer.bad_row_night(demo.model(), rows, seed, chunk_rows)


@st.cache_data(show_spinner=False, max_entries=16)
def _check_cost(rows: int, seed: int) -> answer.CheckCost:
    return answer.check_cost(rows, seed)


def bad_row(ran: Scenario) -> None:
    """Night 1's passengers with one row an upstream job broke: refused with the rule's fix, or set aside."""
    st.subheader("A bad row in the warehouse")
    with st.spinner("Scoring a night with a bad row…"):
        found = _bad_row(*_choices(ran))
    checker, path = answer.checking_code()
    st.markdown(
        f"Night 1's {found.rows:,} passengers again, but an upstream job wrote `{answer.BAD_COLUMN} = "
        f"'{answer.BAD_VALUE}'` into row {answer.BAD_ROW} of `passengers_to_score`. The scoring use case checks "
        f"every partition it reads against the domain's rules before any of it is scored (`{checker}` in `{path}` "
        "calls `conform`, which reads `FIELDS` in `cq4ds/domain/passenger.py`), and the run stops:"
    )
    st.code(found.raised, language=None, wrap_lines=True)
    reasons = "; ".join(f"row {q.row} (pid {q.pid}), column `{q.column}`: {q.reason}" for q in found.quarantined)
    st.markdown(
        f"The fix it names is the rule's own, written once in the domain: *{found.rule_fix}*. "
        f"Was anything published? **{'yes' if found.published_after_raise else 'no'}**. With "
        f'`on_invalid = "quarantine"` the same night publishes {found.scored:,} predictions and sets '
        f"{len(found.quarantined)} row aside, with why: {reasons}."
    )


def vocabulary() -> None:
    """Which words the scoring code uses, and which the adapters use: read from their source."""
    st.subheader("The words each piece of code uses")
    found = answer.vocabulary()
    _table(
        {
            "code": w.name,
            "file": w.path,
            "warehouse words": ", ".join(w.warehouse) or "none",
            "domain words": ", ".join(w.domain) or "none",
        }
        for w in found
    )
    core = found[0]
    st.caption(
        f"Searched in each one's source for {', '.join(answer.WAREHOUSE_WORDS)} and for "
        f"{', '.join(answer.DOMAIN_WORDS)}. `{core.name}` uses "
        f"{'none of the warehouse words' if not core.warehouse else ', '.join(core.warehouse)}: it is written in "
        "the words of the people who use the scores, and a reader needs no SQL to follow it."
    )


def stays_put() -> None:
    """Which modules know the warehouse at all: computed from the code."""
    modules = answer.warehouse_modules()
    inner = [m for m in modules if m.startswith(("cq4ds/domain", "cq4ds/usecases", "cq4ds/ports"))]
    st.markdown(
        "Modules of the package that import duckdb: "
        + ", ".join(f"`{m}`" for m in modules)
        + f". In the domain, the ports or the use cases: **{', '.join(inner) if inner else 'none'}**. Moving to "
        "another warehouse is a new source beside `DuckdbSource` and a new sink beside `DuckdbSink`, and two "
        "config lines; the code that scores does not change."
    )


def costs(ran: Scenario) -> None:
    """What the seam costs: the adapter code, and the time the checks take, measured on this page's night."""
    st.subheader("What it costs, measured")
    pieces = answer.code_costs()
    _table({"piece": c.piece, "what it does": c.role, "file": c.path, "lines": c.lines} for c in pieces)
    seam = sum(c.lines for c in pieces[:-1])
    rows, seed, _ = _choices(ran)
    measured = _check_cost(rows, seed)
    night = ran.first.result.seconds
    st.markdown(
        f"**Code.** The adapters and doubles come to {seam:,} non-blank lines (docstrings included), against "
        f"{pieces[-1].lines} for the use case they serve. The warehouse adapters are the larger part: they read "
        "files anyone may upload, so they bound memory and time, and publish all or nothing. A BigQuery source "
        "and sink would be code of the same kind.\n\n"
        f"**Time.** Checking night 1's {rows:,} rows against the domain's rules took {measured.conform_seconds:.3f} s "
        f"with `conform` (best of three), {measured.conform_seconds / night:.0%} of the {night:.2f} s the whole night "
        f"took. Building a `Passenger` for every row instead took {measured.objects_seconds:.3f} s, "
        f"{measured.objects_seconds / measured.conform_seconds:.1f}× as long: that is why the package checks "
        "batches as columns, with the same rules, and builds objects only for records that come one at a time."
    )


def bigquery() -> None:
    """The caveat for BigQuery: its transactions cannot hold the DDL the DuckDB sink's transaction holds."""
    st.subheader("On BigQuery: the publish is a copy job or one statement")
    st.markdown(
        "DuckDB is this page's stand-in, and one of its features does not carry over. The DuckDB sink runs the "
        "buffer's `CREATE`, the `DROP` of the old table and the `RENAME` inside one transaction. **[R]** "
        f"[BigQuery's multi-statement transactions]({TRANSACTIONS_DOCS}) take queries, DML (`INSERT`, `UPDATE`, "
        "`DELETE`, `MERGE`, `TRUNCATE TABLE`) and DDL on temporary tables only; creating or dropping a permanent "
        "table inside one is not supported. So on BigQuery the buffer is a real table written outside any "
        "transaction, and the publish is one atomic step at the end:\n\n"
        "- a **copy job** from the buffer to the table with `WRITE_TRUNCATE`: **[R]** "
        f"[the client library documents]({WRITE_DISPOSITION_DOCS}) that each write disposition "
        '"is atomic and only occurs if BigQuery is able to complete the job successfully";\n'
        "- or one statement, `CREATE OR REPLACE TABLE ds.predictions AS SELECT * FROM ds.predictions__buffer`. "
        "**[I]** That it swaps the table in one step, as the copy job does, is our reading, not checked here."
    )
    _table(
        {"step": s.step, "the DuckDB sink runs (read from its code)": s.duckdb, "a BigQuery sink would": s.bigquery}
        for s in answer.publish_steps()
    )
    st.caption(
        "What carries over unchanged: `score_batch`, the model, the checks on the buffer, and the promise that "
        "`predictions` changes once, all at once. What does not: on BigQuery a failed night leaves its buffer "
        "table behind (DuckDB's ROLLBACK removes it), so the sink drops it or gives it an expiration."
    )


def _table(rows: Iterable[dict[str, object]]) -> None:
    """Rows of one table, without the index, every cell wrapped so nothing is cut off."""
    st.table(pd.DataFrame(list(rows)), hide_index=True)
