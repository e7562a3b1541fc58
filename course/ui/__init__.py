"""The UI layer: the only part of cq4ds that imports streamlit (and plotly)."""
