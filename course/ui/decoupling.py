"""The Decoupling page's pieces: the legacy lines bound to storage, and six adapters compared on their output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from course.explain import decoupling, story
from course.explain.decoupling import SAMPLE_ROWS, SAMPLE_SEED, SOURCE_KINDS, Reading, raw_type
from course.explain.told import joined, told
from course.ui import concept
from cq4ds.columnar import conform
from cq4ds.domain import Passengers
from cq4ds.ports import PassengerSource
from cq4ds.registry import Registry
from cq4ds.usecases.training import read_all

LABELS = {
    "sqlite": "SQLite",
    "csv": "CSV (titanic3)",
    "parquet": "Parquet",
    "duckdb": "DuckDB",
    "synthetic": "Generated",
    "memory": "In memory",
}
SAME, DIFFERENT = "✓ same", "✗ different"


@st.cache_data(show_spinner="Reading the sample through the adapter…", max_entries=64)
def reading(kind: str, seed: int) -> Reading:
    """One adapter's reading of the sample (read-only and the same for everyone, so shared)."""
    return decoupling.read(kind, seed)


def what_crosses() -> str:
    """Which representation crosses the source port and how the batch paths check it, generated from the code."""
    return joined(told(story.sources, story.training_checks, story.no_passengers_on))


def problem(text: str) -> None:
    """The legacy script's storage-bound lines, highlighted, and how many there are."""
    concept.problem(text, decoupling.storage_excerpt())
    st.caption(decoupling.storage_summary() + ".")


def pickers() -> tuple[str, str, int]:
    """The source before and after the swap, and the generated source's seed."""
    before = st.segmented_control(
        "Before: where the passengers live today",
        SOURCE_KINDS,
        default="sqlite",
        format_func=LABELS.get,
        key="decoupling.before",
    )
    after = st.segmented_control(
        "After: move them to", SOURCE_KINDS, default="csv", format_func=LABELS.get, key="decoupling.after"
    )
    seed = st.number_input(
        "Seed of the generated source",
        min_value=0,
        max_value=2**31 - 1,
        value=SAMPLE_SEED,
        key="decoupling.seed",
        help=f"The sample files were written from generate({SAMPLE_ROWS}, seed={SAMPLE_SEED}).",
    )
    return before or "sqlite", after or "csv", int(seed)


def _card(title: str, found: Reading) -> None:
    with st.container(border=True):
        st.markdown(f"**{title}: {LABELS[found.kind]}** · adapter `{found.adapter}`")
        count, digest = st.columns([1, 2])
        count.metric("Passengers", f"{found.passengers:,}")
        digest.markdown(f"Passengers.content_hash()\n#### `{found.content_hash}`")
        st.caption(
            f"{found.origin}. The raw frame had {len(found.raw_columns)} columns; pclass arrived as "
            f"`{raw_type(found, 'pclass')}`, age as `{raw_type(found, 'age')}`. "
            f"Read, checked and built in {found.seconds * 1000:.0f} ms (first reading)."
        )


def compare(before: str, after: str, seed: int) -> None:
    """Both readings side by side, and whether their passengers are equal."""
    old, new = reading(before, seed), reading(after, seed)
    left, right = st.columns(2)
    with left:
        _card("Before", old)
    with right:
        _card("After", new)
    if old.content_hash == new.content_hash:
        st.success(
            f"The same {new.passengers:,} passengers reach the domain: every field of every passenger is equal, "
            "although the raw frames the two adapters yielded were not."
        )
    else:
        st.warning(
            "Different passengers: these two sources do not hold the same data (the generated source "
            f"reproduces the sample only with seed {SAMPLE_SEED})."
        )


def what_changed(before: str, after: str, seed: int) -> None:
    """The config diff of the swap, and the one module it swaps."""
    diff = decoupling.config_diff(decoupling.config_for(before, seed), decoupling.config_for(after, seed))
    old, new = reading(before, seed), reading(after, seed)
    left, right = st.columns(2)
    with left:
        st.markdown("**The config** (the notebook recipe, `dump_config` before and after)")
        st.code(diff or "(no difference: the same source twice)", language="diff")
        st.caption(f"{decoupling.changed_lines(diff)} lines change, all in the [source] table.")
    with right:
        st.markdown("**The code**")
        if old.module == new.module:
            st.write(f"Nothing is swapped: both sides use `{new.module}.{new.adapter}`.")
        else:
            st.write(f"One module is swapped: `{old.module}.{old.adapter}` → `{new.module}.{new.adapter}`.")
        st.write(
            "Unchanged: the port (`cq4ds.ports`), the schema check (`cq4ds.columnar`), the domain "
            "(`cq4ds.domain`), the use cases, features and models."
        )


def all_sources(after: str, seed: int) -> None:
    """All six adapters, their raw frames and the hash of the passengers they produce."""
    target = reading(after, seed).content_hash
    rows = []
    for kind in SOURCE_KINDS:
        found = reading(kind, seed)
        rows.append(
            {
                "source": LABELS[kind],
                "adapter": found.adapter,
                "raw columns": len(found.raw_columns),
                "pclass arrives as": raw_type(found, "pclass"),
                "passengers": found.passengers,
                "content_hash()": found.content_hash,
                f"same as {LABELS[after]}": SAME if found.content_hash == target else DIFFERENT,
            }
        )
    st.markdown("**All six adapters on the sample**")
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(
        "The in-memory source holds the sample injected in code by the Lab's context (read once from titanic.db), "
        "so its row shows that the in-memory adapter changes nothing on the way in; the other five read stored "
        "files, or generate the passengers, independently."
    )


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The port, two of its adapters, the read that checks every batch with `conform`, and the demo's hash."""
    registry = Registry()
    sqlite, csv = (registry.component_class("source", kind) for kind in ("sqlite", "csv"))
    return PassengerSource, sqlite, csv, read_all, conform, Passengers.content_hash
