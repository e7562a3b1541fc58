"""User-supplied text in errors, warnings and captions shows as written: never as a link, HTML, maths or colour."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from course.ui.notices import WORD_JOINER, literal

# CommonMark with tables and strikethrough: the Markdown Streamlit's frontend renders (react-markdown + GFM)
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# What Streamlit's frontend (StreamlitMarkdown) does to every text node after parsing, escaped or not
FRONTEND_SYMBOLS = [
    (r"(^|\s)<->(\s|$)", "↔"),
    (r"(^|\s)->(\s|$)", "→"),
    (r"(^|\s)<-(\s|$)", "←"),
    (r"(^|\s)--(\s|$)", "—"),
    (r"(^|\s)>=(\s|$)", "≥"),
    (r"(^|\s)<=(\s|$)", "≤"),
    (r"(^|\s)~=(\s|$)", "≈"),
]

HOSTILE = [
    "[prize](http://example.com/claim).csv",
    "![x](http://example.com/pixel.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert('hi')</script>.csv",
    '=HYPERLINK("http://example.com","open")',
    "**bold** _em_ ~~gone~~ `tick",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "$x^2$ and :red[alarm] :material/home:",
    "a | b\n---|---\n1 | 2",
    "back\\slash &amp; entity",
]


def plain_text(markdown: str) -> str:
    """What a reader sees: the inline text of the rendered Markdown, or the raw HTML if any element was made."""
    tokens = MARKDOWN.parse(markdown)
    kinds = {token.type for token in tokens}
    assert kinds <= {"paragraph_open", "inline", "paragraph_close"}, kinds  # one paragraph, nothing else
    (inline,) = [token for token in tokens if token.type == "inline"]
    children = {child.type for child in inline.children}
    assert children <= {"text", "softbreak", "hardbreak"}, children  # no link, image, HTML, emphasis or code
    return "".join("\n" if child.type != "text" else child.content for child in inline.children)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_exactly_that_text(text):
    assert plain_text(literal(text)) == text


def test_streamlit_directives_are_escaped():
    # Streamlit adds :colour[...] text, :material/icon: and $maths$ on top of Markdown: each needs its ':' or '$'
    shown = literal("$x$ :red[a] :material/home:")
    assert "\\$x\\$" in shown and "\\:red\\[a\\]" in shown and "\\:material\\/home\\:" in shown


def test_our_code_spans_keep_their_formatting():
    shown = literal("lower rows, or run `python -m cq4ds run` instead: [x](http://example.com)")
    tokens = MARKDOWN.parseInline(shown)[0].children
    assert [t.content for t in tokens if t.type == "code_inline"] == ["python -m cq4ds run"]
    assert not [t for t in tokens if t.type == "link_open"]


def as_drawn(text: str) -> str:
    """What the frontend draws from a text node: its typographic symbols applied, invisible joiners unseen."""
    for pattern, symbol in FRONTEND_SYMBOLS:
        text = re.sub(pattern, rf"\g<1>{symbol}\g<2>", text)
    return text.replace(WORD_JOINER, "")


@pytest.mark.parametrize(
    "text",
    ["predictions; DROP TABLE t; --", "-- comment", "a -> b <- c <-> d", "x >= 1 and y <= 2, z ~= 3", "a -- -- b"],
)
def test_arrows_and_dashes_show_as_typed_not_as_symbols(text):
    assert as_drawn(text) != text  # the frontend would change it...
    assert as_drawn(plain_text(literal(text))) == text  # ...but not once it is literal
