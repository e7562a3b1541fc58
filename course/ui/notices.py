"""Messages to the user whose text may hold what somebody typed, uploaded or put in a link.

Streamlit renders the text of errors, warnings and captions as Markdown: a file name such as
`[prize](http://example.com).csv`, a link entry or a value read from an upload could otherwise
turn into a link, an image, coloured text or maths. `literal` makes such text show exactly as
written; our own `code spans` keep their formatting.

Streamlit's frontend also turns ` -- `, ` -> `, ` <- `, ` <-> `, ` >= `, ` <= ` and ` ~= ` into
typographic symbols (—, →, ...) in any text, escaped or not. `literal` puts an invisible word joiner
(U+2060) before each, which stops that and leaves what is shown as typed: a table name ending in
`; --` shows its two hyphens.

Likewise GFM's autolink literals: after parsing, the frontend (remark-gfm) scans the text, escapes
already resolved, for `www.`, `http://`, `https://` and e-mail addresses and makes each a link, so an
upload named `www.example.com.csv` would become one. A word joiner after `www` (before its dot), after
a scheme's colon (`http:`, `https:`, `ftp:`, `mailto:`, `xmpp:`) and after every `@` breaks those
patterns; the text still shows as typed (copied, it carries the invisible joiners).
"""

from __future__ import annotations

import re

import streamlit as st

from course.ui import files

CODE_SPAN = re.compile(r"(`[^`\n]+`)")
PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark: each may be escaped in Markdown
SYMBOLISED = re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(?=\s|$)")  # what the frontend replaces between spaces
AUTOLINKED = re.compile(  # where a word joiner stops an autolink: www|., http:|//, a@|b.c
    r"(?<=www)(?=\.)|(?<=http:)|(?<=https:)|(?<=ftp:)|(?<=mailto:)|(?<=xmpp:)|(?<=@)", re.IGNORECASE
)
WORD_JOINER = "\u2060"


def literal(text: str) -> str:
    """Markdown that shows `text` as typed, character for character, except that `code spans` stay code."""
    parts = CODE_SPAN.split(text)
    return "".join(part if part.startswith("`") and part.endswith("`") else _escaped(part) for part in parts)


def _escaped(text: str) -> str:
    kept = AUTOLINKED.sub(WORD_JOINER, SYMBOLISED.sub(lambda match: match[1] + WORD_JOINER + match[2], text))
    return PUNCTUATION.sub(r"\\\1", kept).replace("\n", "  \n")


def error(message: object) -> None:
    """Show `message` (an error or text) as an error box, with this session's files named as the user knows them."""
    st.error(literal(files.friendly(str(message))))


def warning(message: object) -> None:
    """Show `message` as a warning box, as `error` does."""
    st.warning(literal(files.friendly(str(message))))
