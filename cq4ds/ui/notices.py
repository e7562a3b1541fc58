"""Messages to the user whose text may hold what somebody typed, uploaded or put in a link.

Streamlit renders the text of errors, warnings and captions as Markdown: a file name such as
`[prize](http://example.com).csv`, a link entry or a value read from an upload could otherwise
turn into a link, an image, coloured text or maths. `literal` makes such text show exactly as
written; our own `code spans` keep their formatting.
"""

from __future__ import annotations

import re

import streamlit as st

from cq4ds.ui import files

CODE_SPAN = re.compile(r"(`[^`\n]+`)")
PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark: each may be escaped in Markdown


def literal(text: str) -> str:
    """Markdown that shows `text` character for character, except that `code spans` stay code."""
    parts = CODE_SPAN.split(text)
    return "".join(part if part.startswith("`") and part.endswith("`") else _escaped(part) for part in parts)


def _escaped(text: str) -> str:
    return PUNCTUATION.sub(r"\\\1", text).replace("\n", "  \n")


def error(message: object) -> None:
    """Show `message` (an error or text) as an error box, with this session's files named as the user knows them."""
    st.error(literal(files.friendly(str(message))))


def warning(message: object) -> None:
    """Show `message` as a warning box, as `error` does."""
    st.warning(literal(files.friendly(str(message))))
