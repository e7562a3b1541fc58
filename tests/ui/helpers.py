"""Helpers for driving the app with Streamlit's AppTest: open pages, act like a user, read what is shown.

The pages are read from what app.py's `st.navigation` registers when the app runs (and every literal
`st.Page("pages/...")` in app.py must be among them), so renamed or added pages are found without
touching the tests.
"""

from __future__ import annotations

import ast
import functools
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from course.explain import questions
from course.explain.checks import Question
from course.ui.files import UPLOAD

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT = 60
SHOWING_LAST = "Showing the last result that worked."
RESULT_CAPTION = "Test split:"
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Page:
    """One page of the app's navigation."""

    path: str  # the script, relative to app.py (what AppTest.switch_page takes)
    title: str
    url_path: str  # "" for the default page
    default: bool


def _literal_page_paths() -> set[str]:
    """The scripts of the `st.Page("pages/...", ...)` calls in app.py that name their script literally."""
    return {
        node.args[0].value
        for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "Page"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


@functools.cache
def pages() -> tuple[Page, ...]:
    """Every page of app.py's `st.navigation`, as the running app registers them, in navigation order.

    app.py may list its pages literally (`st.Page("pages/start.py", ...)`) or build them from data, so the
    pages are read from one real run of the app (AppTest's record of the registered pages; Streamlit 1.67).
    Literal `st.Page` calls in app.py, if any, must all be among them.
    """
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert_no_exception(at)
    registered = at._registered_pages.values()  # AppTest keeps st.navigation's pages only here
    found = tuple(
        Page(
            Path(info["script_path"]).resolve().relative_to(ROOT).as_posix(),
            info["page_name"],
            info["url_pathname"],
            info["url_pathname"] == "",
        )
        for info in registered
    )
    assert _literal_page_paths() <= {page.path for page in found}, found
    return found


def start_page() -> Page:
    """The page app.py opens by default."""
    (page,) = [page for page in pages() if page.default]
    return page


def lab_page() -> Page:
    """The Pipeline Lab: the page served at /lab."""
    (page,) = [page for page in pages() if page.url_path == "lab"]
    return page


def fresh_process_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty Streamlit's process-wide data cache, and put session folders under `tmp_path`.

    `st.cache_data` is shared by every AppTest in the process; the Lab's session folders live under
    the system temp directory, which is pointed at this test's own folder so nothing is left behind.
    """
    st.cache_data.clear()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def open_app(query: dict[str, str] | None = None) -> AppTest:
    """A new session on the app's default page, optionally arriving with query parameters (a link)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(query or {})
    return at.run()


def open_page(page: Page, query: dict[str, str] | None = None) -> AppTest:
    """A new session showing `page`."""
    at = open_app(query)
    if not page.default:
        at.switch_page(page.path).run()
    return at


def open_lab(query: dict[str, str] | None = None) -> AppTest:
    """A new session on the Pipeline Lab, after its first run."""
    at = open_page(lab_page(), query)
    assert_no_exception(at)
    return at


def open_view(at: AppTest, tab: str) -> AppTest:
    """Open one of the Lab's tabs (Results, Architecture, Code, Wiring, History): only the open one is drawn."""
    at.session_state["lab.tab"] = tab
    at.run()
    assert_no_exception(at)
    return at


def assert_no_exception(at: AppTest) -> None:
    """The script ran to the end: no exception was shown."""
    assert not at.exception, [e.value for e in at.exception]


def metrics(at: AppTest) -> list[str]:
    """The metric cards' values as shown (3-decimal strings)."""
    return [m.value for m in at.metric]


def deltas(at: AppTest) -> list[str]:
    """The metric cards' deltas as shown ('' when there is no previous run)."""
    return [m.delta for m in at.metric]


def as_read(markdown: str) -> str:
    """The text a reader sees for `markdown` whose punctuation is escaped (see course.ui.notices.literal)."""
    return MARKDOWN_ESCAPE.sub(r"\1", markdown).replace("  \n", "\n")


def errors(at: AppTest) -> list[str]:
    """The texts of every st.error on the page, as a reader sees them."""
    return [as_read(e.value) for e in at.error]


def warnings(at: AppTest) -> list[str]:
    """The texts of every st.warning on the page, as a reader sees them."""
    return [as_read(w.value) for w in at.warning]


def captions(at: AppTest) -> list[str]:
    """The texts of every st.caption on the page, as a reader sees them."""
    return [as_read(c.value) for c in at.caption]


def result_caption(at: AppTest) -> str:
    """The caption under the metrics: split sizes, the data's origin and where predictions went."""
    found = [text for text in captions(at) if text.startswith(RESULT_CAPTION)]
    assert len(found) == 1, captions(at)
    return found[0]


def data_part(caption: str) -> str:
    """The part of the result caption about the data (everything before 'Predictions:')."""
    return caption.split("Predictions:")[0]


def predictions_part(caption: str) -> str:
    """The part of the result caption naming where the predictions were written."""
    return caption.split("Predictions:")[1]


def showing_last(at: AppTest) -> bool:
    """The Lab says it kept the last result that worked on show."""
    return SHOWING_LAST in captions(at)


def shown(at: AppTest) -> Any:
    """The LabRun on show in this session."""
    return at.session_state["cq4ds.lab.shown"]


def snapshot(at: AppTest) -> tuple[list[str], str]:
    """What a user sees of a run: the metric cards and the result caption."""
    return metrics(at), result_caption(at)


def figures(at: AppTest) -> dict[str, dict]:
    """Every plotly chart on the page, as figure JSON, by its title."""
    found = {}
    for element in at.get("plotly_chart"):
        figure = json.loads(element.proto.spec)
        title = figure.get("layout", {}).get("title", {}).get("text", "")
        found[title] = figure
    return found


def code_blocks(at: AppTest, language: str) -> list[str]:
    """The text of every st.code block in `language`."""
    return [block.value for block in at.code if block.language == language]


def state(at: AppTest, key: str, default: Any = None) -> Any:
    """A session state value of `at`'s session, or `default`."""
    try:
        return at.session_state[key]
    except KeyError:
        return default


def pin_upload_choices(at: AppTest) -> None:
    """Keep an uploaded file selected across the next rerun (an AppTest limitation, not the app's).

    The file selectbox labels an upload with its original name through a format_func that reads
    session state. AppTest calls that format_func outside a script run, where session state is
    empty, so it cannot match the selected path to its label and the next run fails. Selecting
    the label itself (what a browser sends back) keeps the same file chosen.
    """
    names = state(at, "cq4ds.files.uploads", {})
    for box in at.selectbox:
        if (box.key or "").startswith("lab.source.") and box.key.endswith(".path") and box.value in names:
            label = f"your upload: {names[box.value]}"
            assert label in box.options, (label, box.options)
            box.set_value(label)


def choose(at: AppTest, port: str, kind: str) -> AppTest:
    """Pick `kind` for `port` in the composition panel, and rerun."""
    pin_upload_choices(at)
    return at.selectbox(key=f"lab.{port}.kind").select(kind).run()


def set_param(at: AppTest, port: str, kind: str, name: str, value: Any) -> AppTest:
    """Set one parameter widget (number input, checkbox, selectbox or text) and rerun."""
    key = f"lab.{port}.{kind}.{name}"
    pin_upload_choices(at)
    for widgets in (at.number_input, at.checkbox, at.selectbox, at.text_input):
        try:
            widget = widgets(key=key)
        except KeyError:
            continue
        return widget.set_value(value).run()
    raise AssertionError(f"no widget with key {key!r}")


def file_choices(at: AppTest, kind: str) -> list[str]:
    """The options of a file source's path selectbox (samples, this session's uploads, 'Upload…')."""
    return list(at.selectbox(key=f"lab.source.{kind}.path").options)


def upload(at: AppTest, kind: str, name: str, data: bytes) -> AppTest:
    """As a user: pick the `kind` file source, choose 'Upload your own file…', and upload `data` as `name`."""
    if at.selectbox(key="lab.source.kind").value != kind:
        choose(at, "source", kind)
    pin_upload_choices(at)
    at.selectbox(key=f"lab.source.{kind}.path").select(UPLOAD).run()
    return at.file_uploader(key=f"lab.source.{kind}.path.upload").upload(name, data).run()


def titanic3_rows(count: int) -> bytes:
    """The header and the first `count` passengers of the bundled titanic3.csv."""
    lines = (ROOT / "sample_data" / "titanic3.csv").read_text(encoding="utf-8").splitlines()
    return ("\n".join(lines[: count + 1]) + "\n").encode("utf-8")


def check_question(widget_key: str) -> Question:
    """The "check yourself" question a page asks under `widget_key` ("eos.q2"), from course.explain.questions."""
    key, number = widget_key.rsplit(".q", 1)
    return questions.of(key).questions[int(number) - 1]


def right_option(widget_key: str) -> str:
    """The text of the right option of the check question `widget_key`."""
    return check_question(widget_key).right.text


def wrong_option(widget_key: str, which: int = 0) -> str:
    """The text of a wrong option (the `which`-th written) of the check question `widget_key`."""
    return check_question(widget_key).wrong[which].text
