"""The EOS page: one core for both contexts, only the wiring differs, and both give the same answers."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from course.explain import symmetry
from cq4ds import contexts
from tests.ui import helpers
from tests.ui.helpers import ROOT

PAGE = "pages/eos.py"
KEY = "eos"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    app.switch_page(PAGE).run()
    helpers.assert_no_exception(app)
    return app


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _metrics_table(at: AppTest):
    return next(
        frame.value
        for frame in at.dataframe
        if "production context" in frame.value.columns and "ROC AUC" in frame.value.index
    )


def test_the_page_shows_every_part(at):
    assert at.title[0].value == "Experimental-operational symmetry"
    assert not helpers.errors(at)
    headers = [h.value for h in at.subheader]
    for section in ("The problem", "The move", "Try this", "Check yourself", "Where this lives in the code"):
        assert section in headers
    assert any("MLOps guide" in caption for caption in helpers.captions(at))


def test_both_contexts_show_the_same_core_hash_and_their_wiring(at):
    digest = symmetry.core_of(contexts.production()).digest
    assert _metric(at, "Core code of the test context (sha256)") == digest[:16]
    assert _metric(at, "Core code of the production context (sha256)") == digest[:16]
    assert any(s.value.startswith("Identical") for s in at.success)
    testing, production = symmetry.context_sources()
    python = helpers.code_blocks(at, "python")
    assert testing.strip() in python and production.strip() in python
    assert symmetry.wiring_diff() in helpers.code_blocks(at, "diff")
    wiring = next(frame.value for frame in at.dataframe if "argument" in frame.value.columns)
    assert list(wiring["argument"]) == ["config", "source", "sink"]


def test_both_contexts_give_the_same_answers(at):
    assert _metric(at, "Same held-out passengers") == "yes"
    assert _metric(at, "Largest probability difference") == "0"
    assert _metric(at, "Metrics equal") == "yes"
    table = _metrics_table(at)
    assert table["test context"].equals(table["production context"])
    stages = helpers.figures(at)["Time per stage (median of 3 runs)"]
    assert [bar["name"] for bar in stages["data"]] == ["test context", "production context"]
    assert stages["data"][0]["y"] == ["load", "clean", "split", "train", "evaluate"]


def test_the_run_controls_change_the_passengers(at):
    before = _metrics_table(at).copy()
    at.number_input(key=f"{KEY}.seed").set_value(8).run()
    assert not _metrics_table(at).equals(before)
    assert _metric(at, "Largest probability difference") == "0"
    at.select_slider(key=f"{KEY}.rows").set_value(500).run()
    assert any("100 held-out passengers" in caption for caption in helpers.captions(at))
    assert _metric(at, "Metrics equal") == "yes"


def test_the_load_control_times_both_loads_on_more_passengers(at):
    assert "Load stage, 10,000 passengers (median of 3)" in helpers.figures(at)
    at.select_slider(key=f"{KEY}.load_rows").set_value(2_000).run()
    figure = helpers.figures(at)["Load stage, 2,000 passengers (median of 3)"]
    assert [bar["name"] for bar in figure["data"]] == ["test context", "production context"]
    assert any("SQLite read takes" in caption for caption in helpers.captions(at))


def test_check_yourself_gives_instant_feedback(at):
    at.radio(key=f"{KEY}.q2").set_value("Where passengers come from and where predictions go").run()
    assert any(s.value.startswith("Right.") for s in at.success)
    at.radio(key=f"{KEY}.q1").set_value("Port the fix into the production script by hand").run()
    assert any(e.startswith("Not quite.") for e in helpers.errors(at))


def test_the_two_doubles_are_measured_beside_production_and_the_page_says_when_each_is_right(at):
    table = next(frame.value for frame in at.dataframe if "records the production source holds" in frame.value.columns)
    assert list(table["context"]) == [
        "contexts.production()",
        "contexts.recorded()",
        "contexts.testing(rows=400, seed=7)",
    ]
    held = list(table["records the production source holds"])
    assert held[1] == "200 of 200" and held[2] == "0 of 400"
    assert list(table["whole numbers arrive as"]) == ["float64", "float64", "int64"]
    assert any(s.value.startswith("All three run the same core code") for s in at.success)
    said = "\n".join(m.value for m in at.markdown)
    assert "**Generated double**" in said and "**Recorded double**" in said
    assert "[R]" in said and "step 07" in said and "`make sample-data`" in said
    recording = "A recording of the new system's real export"
    at.radio(key=f"{KEY}.q4").set_value(recording).run()
    assert any(s.value.startswith("Right.") for s in at.success)
