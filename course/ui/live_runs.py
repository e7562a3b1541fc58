"""Run a change request's two sides for real from the page, and show what came out and what it reveals."""

from __future__ import annotations

import streamlit as st

from course.explain import change_checks, change_runs
from course.explain.change_runs import ROW_CHOICES, SideRun
from course.explain.changes import SIDES, ChangeRequest
from course.ui import state
from course.ui.change_charts import NAMES as SIDE_TITLES

DEFAULT_ROWS = 100_000


def run_panel(request: ChangeRequest, page: str) -> None:
    """The commands both sides run, a button that runs them for real, and what came out."""
    rows = ROW_CHOICES[0]
    if change_runs.scales(request.key):
        rows = st.select_slider(
            "Rows to generate and score",
            ROW_CHOICES,
            value=DEFAULT_ROWS,
            format_func=lambda n: f"{n:,}",
            key=f"{page}.rows",
            help="A million rows takes a while and, on the legacy side, gigabytes of memory: try 10,000 first.",
        )
    setup = change_runs.shown(request.key, "setup", rows)
    if setup:
        st.caption("First, both sides get the same generated file:")
        st.code("\n".join(setup), language="bash", wrap_lines=True)
    for column, side in zip(st.columns(2, gap="large"), SIDES, strict=True):
        column.markdown(f"**{SIDE_TITLES[side]} runs**")
        column.code("\n".join(change_runs.shown(request.key, side, rows)), language="bash", wrap_lines=True)
    st.caption(
        "$WORK is a fresh temporary folder for each run. The legacy script keeps its reference pickles there "
        "(CQ4DS_LEGACY_CACHE), so its home-made regression tests start from scratch. The sides run one after the "
        "other, so their times and memory are comparable; on a busy machine times vary from run to run."
    )
    slot, pending = f"{page}.run.{request.key}.{rows}", f"{page}.pending"
    # The click only asks for a run (the callback); the run happens here, so its spinner shows in place.
    st.button("Run both sides now", key=f"{page}.run", type="primary", on_click=state.put, args=(pending, slot))
    if state.get(pending) == slot:
        state.put(pending, None)
        with st.spinner("Running the legacy side, then the package side…"):
            state.put(slot, change_runs.run_request(request.key, rows))
    outcome = state.get(slot)
    if outcome is not None:
        _outcome(request, outcome, rows)


def _outcome(request: ChangeRequest, outcome: dict[str, SideRun], rows: int) -> None:
    """Each side's status, time, peak memory and output, then what the outputs reveal about the encodings."""
    if "setup" in outcome and not outcome["setup"].ok:
        st.error(f"Generating the file failed: {outcome['setup'].runs[-1].error}")
    for column, side in zip(st.columns(2, gap="large"), SIDES, strict=True):
        run = outcome[side]
        with column:
            summary = f"{run.seconds:.1f} s, peak memory {run.peak_mib:,.0f} MiB"
            if run.ok:
                st.success(f"{SIDE_TITLES[side]}: finished in {summary}")
            else:
                st.error(f"{SIDE_TITLES[side]}: failed after {summary}: {run.runs[-1].error}")
            st.code(run.output or "(printed nothing)", language="text", wrap_lines=True)
    if request.key == "score_one":
        _compare_encodings(outcome)
    if request.key == "one_million":
        _unseen_titles(outcome, rows)


def _compare_encodings(outcome: dict[str, SideRun]) -> None:
    """What each side fed its model for the same new passenger, read from what they printed."""
    seen = change_checks.encodings({side: outcome[side].output for side in SIDES})
    if seen is None:
        return
    legacy, package = seen["legacy"], seen["package"]
    if legacy.title == package.title:
        st.info(f"Both sides encoded the title as '{legacy.title}'.")
        return
    st.warning(
        f"Same passenger, different input. The legacy script encoded the title as '{legacy.title}' and gave a "
        f"survival probability of {legacy.probability}; the package encoded it as '{package.title}' and gave "
        f"{package.probability}. No error was raised: the pasted rare-title step counted titles over one "
        "passenger, while the package's model kept the common titles it learned in training."
    )


def _unseen_titles(outcome: dict[str, SideRun], rows: int) -> None:
    """The titles the legacy script kept over the big file that its encoder never saw in training."""
    unseen = change_checks.unseen_titles(outcome["legacy"].output)
    if not unseen:
        return
    with st.spinner("Reading the titles the package's model learned…"):
        learned = ", ".join(sorted(change_checks.learned_titles()))
    st.warning(
        f"Over {rows:,} passengers the legacy script's pasted rare-title step counted titles afresh and kept "
        f"{len(unseen)} that its encoder never saw in training ({', '.join(unseen)}). Those passengers get no "
        f"title column at all (the encoder ignores unknown values). The package's model keeps the titles it "
        f"learned ({learned}) and maps every other title to 'rare', as in training."
    )
