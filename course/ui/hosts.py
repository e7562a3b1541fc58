"""The host selector: one use case run live from the CLI, a scheduled job, a notebook cell or the web app."""

from __future__ import annotations

import inspect
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from course.explain import contracts, hosts
from course.explain.hosts import HostRun
from course.ui import concept, homes, notices, state
from course.ui.charts import metric_label
from cq4ds import bootstrap, contexts
from cq4ds.domain import Cq4dsError
from cq4ds.usecases import train_and_evaluate

KEY = "clean_architecture"
RUNS = f"{KEY}.host_runs"
AGAIN = f"{KEY}.run_again"  # the host this session asked to run again, for itself alone


@st.cache_data(show_spinner=False, max_entries=len(hosts.HOSTS))
def first_run(key: str) -> HostRun:
    """Host `key`'s first run on this server, shown to every session until it runs the host again.

    The hosts run the same use case on the same recipe for everyone, so a room opening the page at once
    waits for one run of each host, not thirty (the CLI host starts a Python process). Each caller gets
    its own copy; the files the run writes go into a temporary folder.
    """
    with tempfile.TemporaryDirectory(prefix="cq4ds-hosts-") as folder:
        return hosts.run_host(key, Path(folder))


def _run(key: str, again: bool) -> None:
    """Host `key`'s run kept in this session: the server's first run, or (`again`) a new run for this session."""
    with st.spinner(f"Running the use case from the {hosts.HOSTS[key].title.lower()} host…"):
        try:
            run = hosts.run_host(key, homes.session_folder() / "hosts") if again else first_run(key)
        except Cq4dsError as error:
            notices.error(error)
            return
    state.put(RUNS, {**state.get(RUNS, {}), key: run})
    state.put(AGAIN, None)


def _again(key: str) -> None:
    """Drop host `key`'s kept run and ask for a new one, for this session alone (a button callback)."""
    state.put(RUNS, {host: run for host, run in state.get(RUNS, {}).items() if host != key})
    state.put(AGAIN, key)


def host_view() -> None:
    """Pick a host: see its outer code with the core call marked, run it, and compare with the other hosts."""
    key = st.radio(
        "Host",
        list(hosts.HOSTS),
        format_func=lambda k: hosts.HOSTS[k].title,
        horizontal=True,
        key=f"{KEY}.host",
    )
    host = hosts.HOSTS[key]
    st.markdown(f"**Started by** {host.started_by}. The marked lines call into the shared core.")
    concept.show_excerpt(hosts.host_code(key))
    st.button("Run this host again", key=f"{KEY}.again", on_click=_again, args=(key,), help="A new run, for you alone")
    if key not in state.get(RUNS, {}):
        _run(key, again=state.get(AGAIN) == key)
    runs: dict[str, HostRun] = state.get(RUNS, {})
    if key in runs:
        _show(runs[key])
        _compare(runs)


def _show(run: HostRun) -> None:
    """The chosen host's test-split metrics, what it did and how long it took."""
    for column, (name, value) in zip(st.columns(5), asdict(run.metrics).items(), strict=True):
        column.metric(metric_label(name), f"{value:.3f}")
    st.caption(f"{hosts.HOSTS[run.host].title}: {run.output}; {run.seconds:.2f} s.")


def _compare(runs: dict[str, HostRun]) -> None:
    """Every host run in this session, side by side, and whether their metrics agree exactly."""
    table = pd.DataFrame(
        [
            {"host": hosts.HOSTS[r.host].title, **asdict(r.metrics), "seconds": round(r.seconds, 2)}
            for r in runs.values()
        ]
    )
    st.dataframe(table, hide_index=True)
    distinct = {run.metrics for run in runs.values()}
    if len(runs) < 2:
        st.info("Pick another host: its run is added to this table.")
    elif len(distinct) == 1:
        st.success(f"All {len(runs)} hosts report identical metrics, to the last digit: the core is the same code.")
    else:
        st.error(f"The hosts disagree: {len(distinct)} different sets of metrics.")


def code_objects() -> tuple[Callable[..., Any], ...]:
    """The package code this page is about: the composition root, the contexts, the use case, the checker."""
    return (
        bootstrap.build_pipeline,
        contexts.production,
        contexts.testing,
        contexts.notebook,
        contexts.lab,
        train_and_evaluate,
        inspect.unwrap(contracts.evaluate),  # cached: show the function itself
    )


def outer_code(*names: tuple[str, str]) -> None:
    """Source expanders for code the UI may not import (the CLI is its sibling layer), read from the files."""
    for module, name in names:
        view = hosts.named_source(module, name)
        with st.expander(f"{view.qualname} · {view.location}"):
            st.code(view.text, language="python", line_numbers=True)
