"""The storage half of the many-features question: Parquet for tables, a signed pickle for the model only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from course.explain import storage
from course.explain.source import source_of
from cq4ds.usecases import Predictor

KIB = 1024


@st.cache_data(show_spinner=False, max_entries=1)
def _recording() -> storage.StoredTable:
    return storage.recording()


@st.cache_data(show_spinner=False, max_entries=1)
def _pickled_list() -> storage.PickledList:
    return storage.pickled_list()


@st.cache_data(show_spinner=False, max_entries=1)
def _stored_model() -> storage.StoredModel:
    return storage.stored_model()


def tables() -> None:
    """The recording the test context replays: a Parquet file a source adapter reads and `conform` checks."""
    st.subheader("Where stored tables live")
    found = _recording()
    st.markdown(
        f"A table worth keeping is a Parquet file, written and read at the adapter boundary. The package's own is "
        f"`{found.path}`, the frozen recording the recorded test context replays (`contexts.recorded`): "
        f"{found.rows} passengers in {len(found.columns)} typed columns, {found.size / KIB:.1f} KiB. Read through "
        f"`ParquetSource`, the way that context reads it, every row is checked by `conform` against the domain's "
        f"rules again: {found.checked} of {found.rows} kept. A SQL engine reads the same file with no Python class "
        f"at all: DuckDB's `read_parquet` counts {found.counted_by_duckdb} rows."
    )
    with st.expander("The file's columns and types, read from its schema"):
        st.dataframe(pd.DataFrame(found.columns, columns=["column", "Parquet type"]), hide_index=True)


def no_pickled_lists() -> None:
    """The sample passengers pickled as objects against the same rows as Parquet, and a record smuggled through."""
    st.subheader("Why lists of passengers are not pickled")
    found = _pickled_list()
    st.markdown(
        f"The bundled {found.passengers:,} passengers as a pickled `Passengers` list take "
        f"{found.pickle_size / KIB:.0f} KiB; as Parquet, {found.parquet_size / KIB:.0f} KiB. Size is the small "
        "difference. Loading the pickle imports and calls what the file names, here "
        + ", ".join(f"`{name}`" for name in found.loads)
        + ": only Python with those very classes can read it, and whoever wrote the file chose the code. And a "
        "pickle restores objects without running their checks. A record that breaks a rule (written straight to "
        "the object's slot here, as a file saved before the rule existed would hold it) comes back from "
        "`pickle.loads` without a word:"
    )
    st.code(found.smuggled, language="python", wrap_lines=True)
    st.markdown("The same record in a Parquet file, read through `ParquetSource`, is refused by the domain's rule:")
    st.code(found.refused, language=None, wrap_lines=True)


def model() -> None:
    """The notebook recipe's `Predictor` saved in the signed store, loaded back, and two files the store refuses."""
    st.subheader("The one pickle: the trained model, signed")
    found = _stored_model()
    versions = ", ".join(f"{name} {version}" for name, version in sorted(found.versions.items()))
    st.markdown(
        "A trained model is the one thing the package keeps as a pickle: `FileModelStore` saves the fitted `Predictor` "
        "(its cleaning, features and model together) and signs every file with HMAC-SHA256 under a key only this "
        f"store holds. The notebook recipe's model, saved just now in a temporary folder: `{found.file}`, "
        f"{found.size / KIB:.1f} KiB, kept with its metadata ({', '.join(found.metadata)}) and the versions it was "
        f"trained with ({versions}). Loading checks the signature before a single byte is unpickled. One byte "
        "changed:"
    )
    st.code(found.tampered, language=None, wrap_lines=True)
    st.markdown("A plain pickle of the same model, dropped into the store's folder under the model's name:")
    st.code(found.foreign, language=None, wrap_lines=True)
    with st.expander("How the store signs and checks: `FileModelStore.save` and `.load`"):
        for view in storage.store_code():
            st.caption(view.location)
            st.code(view.text, language="python", line_numbers=True)


def features() -> None:
    """What the fitted steps learned, and the loaded model scoring the recording exactly as the trained one."""
    st.subheader("Features recomputed through the fitted steps")
    found = _stored_model()
    st.markdown(
        "The features themselves are never stored. Scoring hands raw rows to `Predictor.predictions`, which runs "
        "the row rules, the learned cleaning, the fitted features and the model, in that order, with what each "
        f"step learned in training. The model loaded back from the store scored the recording's {found.scored} "
        f"passengers; the largest difference from the model that was trained: **{found.max_difference:g}**. What "
        "its fitted steps carry:"
    )
    st.dataframe(pd.DataFrame(found.learned, columns=["learned in training", "value"]), hide_index=True)
    view = source_of(Predictor.predictions)
    with st.expander(f"`Predictor.predictions` · {view.location}"):
        st.code(view.text, language="python", line_numbers=True)
