"""The Decoupling page: six adapters, one set of passengers; every control changes what is shown."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui import helpers
from tests.ui.helpers import ROOT

PAGE = "pages/decoupling.py"
SAMPLE_HASH_MARK = "✓ same"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    app.switch_page(PAGE).run()
    helpers.assert_no_exception(app)
    return app


def _table(at: AppTest):
    return at.dataframe[0].value


def _diff(at: AppTest) -> str:
    return next(block.value for block in at.code if block.language == "diff")


def _texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_page_shows_the_problem_the_demo_and_the_code(at):
    assert at.title[0].value == "Decoupling"
    assert not helpers.errors(at)
    headers = [h.value for h in at.subheader]
    for section in ("The problem", "The move", "Try this", "Check yourself", "Where this lives in the code"):
        assert section in headers
    assert any("know where the data lives" in text for text in helpers.captions(at))
    assert len(at.expander) == 6


def test_by_default_sqlite_and_csv_give_the_same_passengers(at):
    assert at.button_group(key="decoupling.before").value == "sqlite"
    assert at.button_group(key="decoupling.after").value == "csv"
    assert any("The same 1,309 passengers reach the domain" in s.value for s in at.success)
    table = _table(at)
    assert len(table) == 6
    assert set(table["content_hash()"]) == {table["content_hash()"][0]}
    assert set(table["same as CSV (titanic3)"]) == {SAMPLE_HASH_MARK}
    assert '+kind = "csv"' in _diff(at) and '-kind = "sqlite"' in _diff(at)


def test_choosing_another_target_changes_the_diff_and_the_swapped_module(at):
    before = _diff(at), _texts(at)
    at.button_group(key="decoupling.after").set_value("duckdb").run()
    helpers.assert_no_exception(at)
    assert '+kind = "duckdb"' in _diff(at)
    assert "cq4ds.adapters.duckdb_source.DuckdbSource" in _texts(at)
    assert (_diff(at), _texts(at)) != before


def test_choosing_another_origin_changes_the_cards(at):
    at.button_group(key="decoupling.before").set_value("parquet").run()
    assert '-kind = "parquet"' in _diff(at)
    assert "Before: Parquet" in _texts(at)


def test_the_same_source_twice_has_an_empty_diff(at):
    at.button_group(key="decoupling.after").set_value("sqlite").run()
    assert "no difference" in _diff(at)
    assert "Nothing is swapped" in _texts(at)


def test_another_seed_makes_the_generated_source_differ(at):
    at.button_group(key="decoupling.after").set_value("synthetic").run()
    at.number_input(key="decoupling.seed").set_value(7).run()
    helpers.assert_no_exception(at)
    assert any("Different passengers" in w.value for w in at.warning)
    marks = list(_table(at)["same as Generated"])
    assert marks.count(SAMPLE_HASH_MARK) == 1  # only the generated source itself
    at.number_input(key="decoupling.seed").set_value(42).run()
    assert set(_table(at)["same as Generated"]) == {SAMPLE_HASH_MARK}


def test_check_yourself_gives_feedback(at):
    at.radio(key="decoupling.q1").set_value("The `[source]` entry of the config").run()
    assert any(s.value.startswith("Right.") for s in at.success)
    at.radio(key="decoupling.q3").set_value('`con = sqlite3.connect("sample_data/titanic.db")`').run()
    assert any(e.value.startswith("Not quite.") for e in at.error)
