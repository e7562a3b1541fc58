"""AppTest: the workflow page walks eight steps; each runs the package live, and every control changes the output."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui import helpers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def opened(tmp_path, monkeypatch) -> AppTest:
    helpers.fresh_process_state(tmp_path, monkeypatch)  # step 7 writes into the session folder, under tmp_path
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/workflow.py").run()
    helpers.assert_no_exception(at)
    return at


def go(at: AppTest, number: int) -> AppTest:
    at.radio(key="workflow.step").set_value(number).run()
    helpers.assert_no_exception(at)
    return at


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def texts(at: AppTest, language: str) -> list[str]:
    return [block.value for block in at.code if block.language == language]


def test_the_page_says_the_ordering_is_a_reconstruction(opened):
    assert any("Our reconstruction; the slide's wording is not available" in i.value for i in opened.info)
    assert any("Step 1 · Define the domain model first" in h.value for h in opened.subheader)


def test_step_1_every_field_control_can_make_the_passenger_invalid(opened):
    assert opened.success[0].value.startswith("Valid: Passenger(pid=9999, pclass=3")
    for kind, key, value, field in (
        ("number_input", "pclass", 4, "pclass"),
        ("selectbox", "sex", "unknown", "sex"),
        ("number_input", "age", -1.0, "age"),
        ("selectbox", "embarked", "X", "embarked"),
    ):
        widget = getattr(opened, kind)(key=f"workflow.s1.{key}")
        before = widget.value
        widget.set_value(value).run()
        assert f"field '{field}'" in helpers.errors(opened)[0] and "Fix:" in helpers.errors(opened)[0]
        getattr(opened, kind)(key=f"workflow.s1.{key}").set_value(before).run()
        assert not opened.error


def test_step_2_main_runs_the_chosen_config_and_override(opened):
    go(opened, 2)
    (first,) = texts(opened, "text")[:1]
    assert "exit status 0" in first
    opened.text_input(key="workflow.s2.set").set_value("model.kind=magic").run()
    failed = texts(opened, "text")[0]
    assert "exit status 2" in failed and "error: " in failed
    opened.text_input(key="workflow.s2.set").set_value("model.kind=random_forest model.params.n_estimators=50").run()
    several = texts(opened, "text")[0]
    assert "--set model.kind=random_forest --set model.params.n_estimators=50\n" in several
    assert "exit status 0" in several and several != first
    opened.text_input(key="workflow.s2.set").set_value("source.params.path=/etc/passwd").run()
    assert helpers.errors(opened) == [
        "source.params.path '/etc/passwd' is not a file in sample_data/ or among your uploads. "
        "Fix: choose a file from sample_data/ or upload one"
    ]  # refused before main() runs: see tests/ui/test_path_policy.py
    opened.text_input(key="workflow.s2.set").set_value("").run()
    opened.selectbox(key="workflow.s2.config").set_value("configs/random_forest.toml").run()
    assert texts(opened, "text")[0] != first


def test_steps_3_and_4_adapters_and_the_test_context(opened):
    go(opened, 3)
    assert any("SQLite database" in text for text in markdown(opened))
    opened.radio(key="workflow.s3.kind").set_value("parquet").run()
    assert any("Parquet file" in text for text in markdown(opened))
    assert any("identical" in c.value for c in opened.caption)
    go(opened, 4)
    first = helpers.metrics(opened)
    opened.slider(key="workflow.s4.rows").set_value(800).run()
    second = helpers.metrics(opened)
    opened.number_input(key="workflow.s4.seed").set_value(8).run()
    assert len({tuple(first), tuple(second), tuple(helpers.metrics(opened))}) == 3


def test_step_5_the_regression_test_passes_then_catches_behaviour_changes(opened):
    go(opened, 5)
    assert opened.success[0].value.startswith("Every artefact matches")
    opened.checkbox(key="workflow.s5.fix").check().run()
    assert opened.error[0].value.endswith("the behaviour changed.")
    opened.checkbox(key="workflow.s5.fix").uncheck().run()
    opened.slider(key="workflow.s5.threshold").set_value(3).run()
    assert opened.error[0].value.startswith("4 of 4 checks fail")


def test_steps_6_and_7_model_strategies_and_sinks(opened):
    go(opened, 6)
    shown = [t for t in markdown(opened) if t.startswith("`Predictor(")]
    opened.selectbox(key="workflow.s6.model").set_value("baseline").run()
    opened.selectbox(key="workflow.s6.features").set_value("minimal").run()
    assert [t for t in markdown(opened) if t.startswith("`Predictor(")] != shown
    assert any(t.startswith("`Predictor(minimal, baseline)`: 5 model inputs") for t in markdown(opened))
    go(opened, 7)
    for kind, word in (("csv", "CSV file"), ("parquet", "Parquet file"), ("sqlite", "SQLite"), ("duckdb", "DuckDB")):
        opened.radio(key="workflow.s7.kind").set_value(kind).run()
        helpers.assert_no_exception(opened)
        published = next(t for t in markdown(opened) if t.startswith("Published"))
        assert "**262** predictions" in published and word in published


def test_step_8_two_contexts_show_the_wiring_diff_and_the_change_in_results(opened):
    go(opened, 8)
    assert any("fix_is_alone: False → True" in t for t in markdown(opened))
    opened.selectbox(key="workflow.s8.after").set_value("configs/random_forest.toml").run()
    assert any("model: logistic_regression → random_forest" in t for t in markdown(opened))
    assert any(
        line.startswith('+    model=ComponentSpec("random_forest"') for line in texts(opened, "diff")[0].splitlines()
    )
    opened.selectbox(key="workflow.s8.before").set_value("configs/random_forest.toml").run()
    assert any("nothing: the same composition" in t for t in markdown(opened))
    opened.selectbox(key="workflow.s8.after").set_value("configs/score_kaggle_test.toml").run()
    assert "labelled passengers" in helpers.errors(opened)[0]  # a scoring config cannot train: said, not crashed


def test_marking_steps_done_moves_the_progress_and_next_moves_on(opened):
    opened.checkbox(key="workflow.done.1").check().run()
    assert "1 of 8 steps marked done" in opened.get("progress")[0].proto.text
    opened.button(key="workflow.next").click().run()
    assert opened.radio(key="workflow.step").value == 2
    opened.checkbox(key="workflow.done.2").check().run()
    go(opened, 1)
    assert opened.checkbox(key="workflow.done.1").value  # remembered while another step was shown
    assert "2 of 8 steps marked done" in opened.get("progress")[0].proto.text


def test_check_yourself_gives_instant_feedback(opened):
    opened.radio(key="workflow.q1").set_value("Choose the MLOps platform to build everything on").run()
    assert opened.error[-1].value.startswith("Not quite")
    opened.radio(key="workflow.q1").set_value("Define the domain: what a passenger is, what is valid").run()
    assert any(s.value.startswith("Right") for s in opened.success)
