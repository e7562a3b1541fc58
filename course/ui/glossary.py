"""The glossary page, and the links to it from the first page of the course that uses each word."""

from __future__ import annotations

import streamlit as st

from course.explain.glossary import TERMS, Term, example, first_used_on, term
from course.ui import notices, site

PAGE = "pages/glossary.py"
PARAM = "term"
ICON = ":material/menu_book:"


def link(found: Term) -> None:
    """A link to the term's entry in the glossary."""
    st.page_link(PAGE, label=found.name, icon=ICON, query_params={PARAM: found.slug}, help=found.definition)


def new_words(script: str) -> None:
    """Links to the glossary for the words the page `script` is the first of the course to use."""
    words = first_used_on(script)
    if not words:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption("New words on this page, in the glossary:")
        for found in words:
            link(found)


def show() -> None:
    """Every term: what it means here, its example in the package and the page that first uses it."""
    asked = st.query_params.get(PARAM)
    if asked:
        found = term(asked)
        if found is None:
            notices.warning(f"The glossary has no entry {asked}. Every entry is listed below.")
        else:
            with st.container(border=True):
                st.caption("You asked about")
                entry(found)
    st.markdown("**All the words**: " + " · ".join(f"[{found.name}](#{found.slug})" for found in TERMS))
    for found in TERMS:
        entry(found, anchor=True)


def entry(found: Term, anchor: bool = False) -> None:
    """One term: its meaning, its example (with the code behind an expander) and where the course first uses it."""
    st.subheader(found.name, anchor=found.slug if anchor else False)
    st.markdown(found.definition)
    shown = example(found)
    st.markdown(f"**Example in the package:** `{found.example}` in `{found.file}`")
    with st.expander(f"The code · {shown.location}"):
        st.code(shown.text, language=shown.language, line_numbers=True)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption("First used on")
        st.page_link(found.first_page, label=site.entry(found.first_page).title)
