"""Glossary: the course's words, each with the file of the package that is its example."""

import streamlit as st

from course.ui import frame, glossary

frame.routed()

st.title("Glossary")
st.write(
    "The words the course uses, in the order you meet them. Each one says what it means in this project, "
    "points to the file of the `cq4ds` package that is its example, and links the first page that uses it."
)
glossary.show()
