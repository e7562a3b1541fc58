"""The wiring board: every slot changes the run; the core's hash never changes; the coupled edits are shown."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from course.explain.wiring_board import core_view
from tests.ui import helpers
from tests.ui.helpers import ROOT

PAGE = "pages/dependency_injection.py"
KEY = "dependency_injection"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    app.switch_page(PAGE).run()
    helpers.assert_no_exception(app)
    return app


def _run_caption(at: AppTest) -> str:
    return helpers.result_caption(at)


def _shown(at: AppTest) -> tuple[list[str], str]:
    return helpers.metrics(at), _run_caption(at)


def _pick(at: AppTest, slot: str, kind: str) -> AppTest:
    at.button_group(key=f"{KEY}.{slot}").set_value(kind).run()
    helpers.assert_no_exception(at)
    assert not helpers.errors(at)
    return at


def test_the_board_starts_from_the_notebook_wiring(at):
    assert at.title[0].value == "Inversion of Control and Dependency Injection"
    assert not helpers.errors(at)
    assert [at.button_group(key=f"{KEY}.{slot}").value for slot in ("source", "model", "sink")] == [
        "sqlite",
        "logistic_regression",
        "memory",
    ]
    assert helpers.metrics(at) == ["0.775", "0.707", "0.670", "0.688", "0.821"]
    assert any("Swap a card" in info.value for info in at.info)
    assert any("nothing swapped" in block.value for block in at.code if block.language == "diff")


@pytest.mark.parametrize(
    ("slot", "kind"),
    [
        ("source", "csv"),
        ("cleaning", "drop_incomplete"),
        ("features", "minimal"),
        ("model", "random_forest"),
        ("sink", "csv"),
    ],
)
def test_every_slot_changes_the_run_and_never_the_core(at, slot, kind):
    digest = core_view().digest
    before = _shown(at)
    _pick(at, slot, kind)
    assert _shown(at) != before
    assert any(f"`{digest}` when you arrived, `{digest}` now" in m.value for m in at.markdown)
    assert any("Unchanged across 2 wiring(s)" in s.value for s in at.success)
    wiring = next(block.value for block in at.code if block.language == "diff")
    assert f'{slot}=ComponentSpec("{kind}"' in wiring


def test_a_file_sink_writes_into_the_session_folder(at, tmp_path):
    _pick(at, "sink", "csv")
    caption = _run_caption(at)
    assert "CSV file your session folder/outputs/predictions.csv" in caption
    assert str(tmp_path) not in caption  # the page never shows the session's private path
    assert list(tmp_path.rglob("predictions.csv"))


def test_the_coupled_version_shows_its_edit_for_the_same_swap(at):
    _pick(at, "model", "random_forest")
    diffs = [block.value for block in at.code if block.language == "diff"]
    assert any("+        model = RandomForestClassifier(" in diff for diff in diffs)
    table = at.dataframe[0].value
    assert list(table["swap"]) == ["model → random_forest"]
    assert list(table["board: core lines"]) == [0]
    assert list(table["coupled: inside run()"]) == [2]


def test_a_swap_without_a_variant_says_so(at):
    _pick(at, "model", "baseline")
    assert any("no variant file was written" in m.value for m in at.markdown)


def test_check_yourself_gives_feedback(at):
    at.radio(key=f"{KEY}.q1").set_value("One spec in the wiring: the model slot's").run()
    assert any(s.value.startswith("Right.") for s in at.success)
    at.radio(key=f"{KEY}.q2").set_value("Pickle cannot save a forest, so the saving changes").run()
    assert any(e.value.startswith("Not quite.") for e in at.error)
