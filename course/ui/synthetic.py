"""Say where the passengers behind the numbers come from: a generator, not the real ship."""

from __future__ import annotations

import streamlit as st

NOTICE = (
    "**These passengers are generated, not the real ones.** A seeded generator modelled on the real 1,309-passenger "
    "list made them (synthetic, seed 42; see `sample_data/README.md`), so the numbers on these pages describe them, "
    "not the real ship. To use the real Titanic files, open the **Pipeline Lab**, pick *Upload your own file…* in "
    "its source picker and upload a titanic3 CSV or Kaggle's `train.csv` (with **Source · adapter** `csv`), or the "
    "exercise's SQLite `titanic.db` (with `sqlite`)."
)


def notice() -> None:
    """The notice, as an information box."""
    st.info(NOTICE, icon=":material/science:")
