"""User-supplied text in errors, warnings and captions shows as written: never as a link, HTML, maths or colour."""

from __future__ import annotations

import re
import unicodedata

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
    assert plain_text(literal(text)).replace(WORD_JOINER, "") == text  # joiners stop autolinks (below), unseen


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


# GFM autolink literals as Streamlit 1.67's frontend finds them (mdast-util-gfm-autolink-literal, read from
# streamlit/static/static/js/StreamlitMarkdown.*.js): after parsing, so with escapes resolved, every text node
# is scanned with these two patterns. JavaScript's \w is ASCII, hence re.ASCII. (linkify-it-py is not installed,
# and its fuzzy rules, which link `example.com` without `www.`, are not what the frontend applies.)
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE | re.ASCII)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)  # JS adds (?<=^|\s|\p{P}|\p{S}) before
GFM_TRAILING = re.compile(r"[!\"&'),.:;<>?\]}]+$")  # splitUrl: trailing punctuation is not part of the link


def _after_boundary(text: str, index: int, email: bool = False) -> bool:
    """GFM's `previous`: a link starts the text or follows whitespace, punctuation or a symbol (an e-mail not '/')."""
    if index == 0:
        return True
    before = text[index - 1]
    boundary = before.isspace() or unicodedata.category(before)[0] in "PS"
    return boundary and not (email and before == "/")


def _correct_domain(domain: str) -> bool:
    """GFM's `isCorrectDomain`: a dot, and no '_' (and some letter or digit) in the last two labels."""
    parts = domain.split(".")
    return len(parts) >= 2 and all(
        not part or ("_" not in part and re.search(r"[a-zA-Z\d]", part)) for part in parts[-2:]
    )


def frontend_autolinks(text: str) -> list[str]:
    """The links the frontend's GFM autolink-literal pass makes in one text node, scanning as its global regexes do."""
    links, index = [], 0
    while index < len(text):
        url, email = GFM_URL.match(text, index), GFM_EMAIL.match(text, index)
        if url and _after_boundary(text, index):
            protocol, domain, path = url.groups()
            domain = protocol + domain if protocol.lower() == "www" else domain
            link = GFM_TRAILING.sub("", domain + path if protocol.lower() == "www" else protocol + domain + path)
            if _correct_domain(domain) and link:
                links.append(link)
                index = url.end()
                continue
        if email and _after_boundary(text, index, email=True) and not re.search(r"[-\d_]$", email[2]):
            links.append(email[0])
            index = email.end()
            continue
        index += 1
    return links


AUTOLINK_BAIT = [
    "www.evil-example.com.csv",
    "WWW.Evil-Example.COM",
    "http://evil.example",
    "https://x.y/z",
    "mailto:a@b.c",
    "a@b.co",
    "first.last+tag@mail.example.co.uk.csv",
    "[click](http://evil.example)",
    "<http://x.y>",
    "report (www.evil.example).csv",
    "see https://evil.example/a?b=c#d, then www.x.y and me@x.io",
]


@pytest.mark.parametrize("text", AUTOLINK_BAIT)
def test_the_frontend_would_autolink_these_names_as_typed(text):
    assert frontend_autolinks(text)  # the check below can see the threat...


@pytest.mark.parametrize("text", [*AUTOLINK_BAIT, "ftp://files.example.org/x.csv", "xmpp:bob@example.org"])
def test_names_that_look_like_links_or_addresses_show_as_typed_and_link_nowhere(text):
    shown = plain_text(literal(text))  # no link at parse time (CommonMark autolinks, [text](url))...
    assert not frontend_autolinks(shown), shown  # ...nor in the frontend's pass over the text after parsing
    assert shown.replace(WORD_JOINER, "") == text


def test_the_joiners_go_only_where_an_autolink_would_start():
    assert literal("www.a.b").count(WORD_JOINER) == 1 and literal("wwwx.a.b, a.b, w.a.b").count(WORD_JOINER) == 0
    assert literal("https://a.b mailto:c@d.e").count(WORD_JOINER) == 3  # after each colon, and after the '@'
    assert literal("plain name.csv") == "plain name\\.csv"
