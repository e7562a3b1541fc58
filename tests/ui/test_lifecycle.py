"""The lifecycle page, driven like a learner: move along the lifecycle, change the count, answer the questions."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from course.explain import lifecycle
from course.explain.changes import BY_KEY, MEASURES, SIDES, cost
from tests.ui import helpers
from tests.ui.helpers import ROOT

PAGE = "pages/lifecycle.py"


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


def _open() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page(PAGE).run()
    helpers.assert_no_exception(at)
    return at


def _totals(at: AppTest) -> list[str]:
    """The two cumulative totals on show: legacy, then package (each side shows a total, then its copies)."""
    return helpers.metrics(at)[0::2]


def _chart(at: AppTest) -> dict:
    (figure,) = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return figure


def test_moving_along_the_lifecycle_updates_totals_chart_and_arrivals():
    at = _open()
    assert at.title[0].value == "How the ML lifecycle affects tech debt"
    first = lifecycle.PHASES[0]
    assert _totals(at) == [str(value) for value in lifecycle.totals_after(first, lifecycle.LEAD_MEASURE).values()]
    table = at.dataframe[0].value
    assert list(table["change request"]) == [BY_KEY[key].title for key in lifecycle.phase_of(first).requests]
    chart = _chart(at)

    last = lifecycle.PHASES[-1]
    at.select_slider(key="lifecycle.phase").set_value(last).run()
    helpers.assert_no_exception(at)
    assert _totals(at) == [str(value) for value in lifecycle.totals_after(last, lifecycle.LEAD_MEASURE).values()]
    assert list(at.dataframe[0].value["change request"]) == [
        BY_KEY[key].title for key in lifecycle.phase_of(last).requests
    ]
    assert _chart(at) != chart
    copies = lifecycle.pasted_feature_steps(last)
    assert helpers.metrics(at)[1::2] == [str(copies["legacy"]), str(copies["package"])]


def test_changing_the_count_updates_totals_and_chart():
    at = _open()
    chart = _chart(at)
    at.radio(key="lifecycle.measure").set_value("places").run()
    helpers.assert_no_exception(at)
    assert _totals(at) == [str(value) for value in lifecycle.totals_after(lifecycle.PHASES[0], "places").values()]
    first = lifecycle.phase_of(lifecycle.PHASES[0]).requests[0]
    assert list(at.dataframe[0].value.iloc[0])[1:] == [cost(first, side).total("places") for side in SIDES]
    changed = _chart(at)
    assert changed != chart
    assert [trace["y"] for trace in changed["data"]] == [
        [getattr(arrival, f"{side}_total") for arrival in lifecycle.timeline("places")]
        for side in ("legacy", "package")
    ]


def test_check_yourself_gives_instant_feedback():
    at = _open()
    at.radio(key="lifecycle.q1").set_value(helpers.right_option("lifecycle.q1")).run()
    assert any(s.value.startswith("Right.") for s in at.success)
    at.radio(key="lifecycle.q2").set_value(helpers.wrong_option("lifecycle.q2")).run()
    assert any(e.value.startswith("Not quite.") for e in at.error)


def test_the_page_leads_with_the_count_that_carries_its_idea_and_explains_the_line_counts():
    at = _open()
    assert at.radio(key="lifecycle.measure").value == lifecycle.LEAD_MEASURE == "edited"
    assert at.radio(key="lifecycle.measure").options[0] == MEASURES[lifecycle.LEAD_MEASURE]
    # The lead count favours the package in every phase: the chart argues the page's point from the start.
    for phase in lifecycle.PHASES:
        totals = lifecycle.totals_after(phase, lifecycle.LEAD_MEASURE)
        assert totals["package"] < totals["legacy"], phase
    # Counted in lines the package costs more, and the page says why before the chart: mostly whole new files.
    last = lifecycle.PHASES[-1]
    lines, new = lifecycle.totals_after(last, "lines"), lifecycle.lines_in_new_files(last)
    assert lines["package"] > lines["legacy"] and new["legacy"] == 0
    (note,) = [m.value for m in at.markdown if m.value.startswith("**Counted first:")]
    assert f"({lines['package']} against {lines['legacy']} by the end of {last})" in note
    assert f"{new['package']} of its lines are whole new files" in note
