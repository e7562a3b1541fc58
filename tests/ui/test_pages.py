"""Every page of the app's navigation runs; the Start page points to the Lab and shows the registry."""

from __future__ import annotations

import ast

import pytest

from cq4ds.domain import PORTS
from cq4ds.registry import Registry
from tests.ui import helpers, story_check
from tests.ui.helpers import ROOT


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


def test_the_navigation_has_a_start_page_and_a_lab():
    found = helpers.pages()
    assert found, "no st.Page(...) found in app.py"
    assert sum(page.default for page in found) == 1
    assert helpers.lab_page() in found
    for page in found:
        assert (ROOT / page.path).is_file(), page


# Not named `page`: pytest-playwright owns a fixture of that name.
@pytest.mark.parametrize("app_page", helpers.pages(), ids=lambda app_page: app_page.path)
def test_every_page_runs_without_an_exception(app_page):
    at = helpers.open_page(app_page)
    helpers.assert_no_exception(at)
    assert not helpers.errors(at)
    assert at.title, f"{app_page.path} shows no title"
    story_check.assert_tells_the_code(at, app_page.path)  # objects on the batch path: only as the code says


def _literal_title(page: helpers.Page) -> str | None:
    """The text of the page's st.title("...") call, read from its source."""
    for node in ast.walk(ast.parse((ROOT / page.path).read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "title"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            return node.args[0].value
    return None


def test_the_start_page_shows_its_title_a_link_to_the_lab_and_the_registry():
    at = helpers.open_app()
    helpers.assert_no_exception(at)

    title = at.title[0].value
    assert title == _literal_title(helpers.start_page())
    assert "Clean Architecture" in title

    links = at.get("page_link")
    lab = helpers.lab_page()
    assert any(link.proto.page == lab.url_path for link in links), [str(link.proto) for link in links]
    assert any("Lab" in link.proto.label for link in links)

    registry = Registry()
    (table,) = [frame.value for frame in at.dataframe if "port" in frame.value.columns]
    assert list(table["port"]) == list(PORTS)
    assert list(table["components"]) == [", ".join(registry.kinds(port)) for port in PORTS]
