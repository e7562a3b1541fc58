"""The debt-vs-mess page: a card sort with instant feedback and a score, and measured signals of both codebases."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from course.explain import code_signals, debt_cards
from course.explain.code_signals import SIGNALS
from course.explain.debt_cards import DEBT, MESS
from tests.ui import helpers
from tests.ui.helpers import ROOT

PAGE = "pages/debt_vs_mess.py"
KEY = "debt_vs_mess"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    app.switch_page(PAGE).run()
    helpers.assert_no_exception(app)
    return app


def _score(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Your score")


def test_the_page_shows_every_part(at):
    assert at.title[0].value == "Tech debt vs tech mess"
    assert not helpers.errors(at)
    headers = [h.value for h in at.subheader]
    for section in ("The problem", "The move", "Try this", "Check yourself", "Where this lives in the code"):
        assert section in headers
    assert any("A Mess is not a Technical Debt" in caption for caption in helpers.captions(at))
    assert [e.label.split(" · ")[0] for e in at.expander][-4:] == [
        "NotebookFeatures",
        "Predictor",
        "testing",
        "measure",
    ]


def test_sorting_a_card_gives_instant_feedback_and_moves_the_score(at):
    deck = debt_cards.cards()
    assert _score(at) == f"0 of {len(deck)}"
    first, second = deck[0], deck[1]
    at.radio(key=f"{KEY}.card.{first.key}").set_value(first.answer).run()
    assert any(s.value.startswith(f"Right, {first.answer}.") for s in at.success)
    assert _score(at) == f"1 of {len(deck)}"
    wrong = MESS if second.answer == DEBT else DEBT
    at.radio(key=f"{KEY}.card.{second.key}").set_value(wrong).run()
    assert any(e.startswith(f"Not quite: this is {second.answer}.") for e in helpers.errors(at))
    assert _score(at) == f"1 of {len(deck)}"
    for card in deck:
        at.radio(key=f"{KEY}.card.{card.key}").set_value(card.answer)
    at.run()
    assert _score(at) == f"{len(deck)} of {len(deck)}"


def test_the_summary_shows_every_signal_measured_from_the_files(at):
    legacy, package = code_signals.legacy_signals(), code_signals.package_signals()
    table = next(frame.value for frame in at.dataframe if "signal" in frame.value.columns)
    assert list(table["signal"]) == [signal.label for signal in SIGNALS]
    assert list(table[legacy.name]) == [round(signal.total(legacy), 1) for signal in SIGNALS]
    assert list(table[package.name]) == [round(signal.total(package), 1) for signal in SIGNALS]


def test_the_signal_control_changes_the_chart_and_the_offenders(at):
    legacy = code_signals.legacy_signals()
    shown = {}
    for signal in SIGNALS:
        at.button_group(key=f"{KEY}.signal").set_value(signal.label).run()
        helpers.assert_no_exception(at)
        figure = helpers.figures(at)[signal.label]
        assert figure["data"][0]["x"] == [legacy.name, "cq4ds package"]
        assert figure["data"][0]["y"][0] == pytest.approx(signal.total(legacy))
        shown[signal.label] = [m.value for m in at.markdown if m.value.startswith("**Worst in the")]
    assert len({tuple(texts) for texts in shown.values()}) > 1


def test_check_yourself_gives_instant_feedback(at):
    at.radio(key=f"{KEY}.q1").set_value("Debt").run()
    assert any(s.value.startswith("Right.") for s in at.success)
    at.radio(key=f"{KEY}.q2").set_value("Debt").run()
    assert any(e.startswith("Not quite.") for e in helpers.errors(at))
