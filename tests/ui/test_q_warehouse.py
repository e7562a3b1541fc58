"""AppTest: the warehouse page scores two nights in DuckDB, injects a failure, and compares the test context."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from course.explain.audience import WAREHOUSE
from tests.ui import helpers
from tests.ui.answers_first import assert_answers_first
from tests.ui.helpers import ROOT

UNTOUCHED = "**Untouched: yes**"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.fixture
def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/q_warehouse.py").run()
    helpers.assert_no_exception(at)
    assert not helpers.errors(at)
    return at


def cards(at: AppTest, label: str) -> list[str]:
    """Values of the metric cards whose label starts with `label`, in page order."""
    return [m.value for m in at.metric if m.label.startswith(label)]


def text(at: AppTest) -> str:
    return "\n".join(md.value for md in at.markdown)


def hashes(at: AppTest) -> list[str]:
    """The content hash after night 1, before night 2, and after night 2."""
    return cards(at, "content hash")


def test_night_one_publishes_and_the_failed_night_leaves_it_untouched(page):
    assert cards(page, "rows in `predictions`") == ["5,000"] * 3
    night_one, before, after = hashes(page)
    assert night_one == before == after and len(after) == 10
    assert UNTOUCHED in text(page)
    assert "2 chunks (2,000 rows) had already gone into `predictions__buffer`" in text(page)
    (error,) = helpers.code_blocks(page, "text")
    assert "InjectedFailure" in error and "nothing was published" in error
    assert "in the warehouse folder's warehouse_out.duckdb" in error, error  # not a temporary path that is gone
    assert all(caption.endswith(": predictions") for caption in helpers.captions(page) if "Tables in" in caption)


def test_the_test_context_gives_the_same_predictions(page):
    assert cards(page, "Same pids") == ["yes"]
    assert cards(page, "Max |probability difference|") == ["0"]
    assert cards(page, "DuckDB context")[0].endswith(" s") and cards(page, "Test context")[0].endswith(" s")


def test_the_sql_is_shown_from_the_sink(page):
    sql = "\n".join(helpers.code_blocks(page, "sql"))
    assert 'CREATE TABLE "predictions__buffer"' in sql and "COMMIT" in sql and "COUNT(DISTINCT pid)" in sql
    assert "`cq4ds/adapters/table_sinks.py`" in text(page)
    assert "Does `score_batch` mention a buffer at all? **no**" in text(page)


def test_switching_the_failure_off_publishes_night_two(page):
    page.toggle(key="q_warehouse.fail").set_value(False).run()
    helpers.assert_no_exception(page)
    night_one, before, after = hashes(page)
    assert before == night_one != after
    assert "**Published.**" in text(page) and UNTOUCHED not in text(page)
    assert helpers.code_blocks(page, "text") == []


def test_the_failure_point_slider_changes_how_much_reached_the_buffer(page):
    page.slider(key="q_warehouse.after").set_value(5).run()
    assert "5 chunks (5,000 rows) had already gone" in text(page)
    assert UNTOUCHED in text(page)


def test_rows_and_seed_change_the_tables(page):
    night_one = hashes(page)[0]
    page.number_input(key="q_warehouse.seed").set_value(1).run()
    assert hashes(page)[0] != night_one
    page.select_slider(key="q_warehouse.rows").set_value(1_000).run()
    helpers.assert_no_exception(page)
    assert cards(page, "rows in `predictions`") == ["1,000"] * 3
    assert page.slider(key="q_warehouse.after").max == 1  # 1,000 rows are one chunk of 1,000: the slider follows


def test_the_chunk_size_changes_the_chunks_not_the_predictions(page):
    night_one = hashes(page)[0]
    page.select_slider(key="q_warehouse.chunk").set_value(5_000).run()
    helpers.assert_no_exception(page)
    assert hashes(page)[0] == night_one
    assert page.slider(key="q_warehouse.after").label.endswith("of its 1 chunk reached the sink")
    assert "1 chunk (5,000 rows)" in text(page)


def test_check_yourself_gives_feedback(page):
    page.radio(key="q_warehouse.q1").set_value(helpers.wrong_option("q_warehouse.q1")).run()
    assert helpers.errors(page)[0].startswith("Not quite")
    for key in ("q_warehouse.q1", "q_warehouse.q2", "q_warehouse.q3"):
        page.radio(key=key).set_value(helpers.right_option(key)).run()
    assert sum(s.value.startswith("Right") for s in page.success) == 3


# The question, the short answer, and the sections that demonstrate each point


def test_the_page_opens_with_the_question_and_a_short_answer_each_point_shown_below(page):
    assert_answers_first(page, WAREHOUSE)


def test_a_bad_row_is_stopped_with_the_domains_rule_or_set_aside(page):
    shown = text(page)
    assert "an upstream job wrote `sex = 'M'` into row 3 of `passengers_to_score`" in shown
    assert "(`ScorePartition` in `cq4ds/usecases/scoring.py` calls `conform`" in shown
    (stopped,) = [c.value for c in page.code if "row 3 (pid 3): column 'sex' is 'M'" in c.value]
    assert stopped.startswith("DuckDB table passengers_to_score in the warehouse folder's warehouse_in.duckdb")
    assert "Fix: write sex as 'female' or 'male'" in stopped
    assert "Was anything published? **no**" in shown
    assert "publishes 4,999 predictions and sets 1 row aside" in shown


def test_the_vocabulary_the_seam_and_the_costs_are_read_from_the_code(page):
    def frame(column: str):
        (found,) = [f.value for f in page.table if column in f.value.columns]
        return found

    words, costs, steps = frame("warehouse words"), frame("lines"), frame("a BigQuery sink would")
    assert list(words["code"]) == ["score_batch", "DuckdbSource", "DuckdbSink"]
    assert words["warehouse words"][0] == "none" and "duckdb" in words["warehouse words"][1]
    assert list(costs["file"])[-1] == "cq4ds/usecases/scoring.py" and all(costs["lines"] > 0)
    shown = text(page)
    assert "In the domain, the ports or the use cases: **none**" in shown
    assert "with `conform` (best of three)" in shown and "Building a `Passenger` for every row instead took" in shown
    assert list(steps["step"]) == ["open", "fresh buffer", "each chunk", "check", "publish", "on failure"]
    assert steps["the DuckDB sink runs (read from its code)"][0] == "BEGIN"
    assert "WRITE_TRUNCATE" in steps["a BigQuery sink would"][4]


def test_the_bigquery_caveat_is_sourced_and_marked(page):
    shown = text(page)
    assert "**[R]** [BigQuery's multi-statement transactions](https://cloud.google.com/bigquery/docs/transactions)" in (
        shown
    )
    assert "`CREATE OR REPLACE TABLE ds.predictions AS SELECT * FROM ds.predictions__buffer`. **[I]**" in shown
    assert "DuckDB is this page's stand-in" in shown
