"""Pick one of the shipped configs, run it, and see what it measured."""

import streamlit as st

from cq4ds.ui import results, runs, state

st.title("Run a pipeline config")
st.write(
    "Each file in `configs/` describes a whole composition: one component per port. "
    "Pick one and run it; the same run is `python -m cq4ds run --config configs/<file>`."
)

name = st.selectbox("Config", runs.config_files(), key="run.config")
loaded = runs.read_config(name) if name else None
if loaded:
    config, toml_text = loaded
    st.code(toml_text, language="toml")
    if st.button("Run", type="primary", key="run.go"):
        trained = runs.train(config)
        if trained:
            state.put("run.result", (name, trained.result))

previous = state.get("run.result")
if previous:
    ran, result = previous
    st.subheader(f"Result of {ran}")
    results.run_summary(result)
