"""AppTest: the Clean Architecture page checks contracts live, draws the layers, runs one use case from four hosts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from course.explain.layer_graph import BROKEN_COLOR
from tests.ui import helpers

ROOT = Path(__file__).resolve().parents[2]
BROKEN = "The broken example (lessons/broken)"


@pytest.fixture
def opened(tmp_path, monkeypatch) -> AppTest:
    helpers.fresh_process_state(tmp_path, monkeypatch)  # session folders (the batch job's files) go to tmp_path
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/clean_architecture.py").run()
    helpers.assert_no_exception(at)
    return at


def dot(at: AppTest) -> str:
    (chart,) = at.get("graphviz_chart")
    return chart.proto.spec


def verdicts(at: AppTest) -> tuple[list[str], list[str]]:
    kept = [s.value for s in at.success if s.value.startswith("**Kept**")]
    broken = [e.value for e in at.error if e.value.startswith("**Broken**")]
    return kept, broken


def host_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith(("Command line:", "Scheduled", "Notebook", "Web")))


def test_the_real_package_keeps_every_contract_and_the_cli_host_runs(opened):
    kept, broken = verdicts(opened)
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    assert len(kept) == len(declared) and not broken
    assert BROKEN_COLOR not in dot(opened)
    assert '"cq4ds.bootstrap" -> "cq4ds.registry"' in dot(opened)
    assert [m.value for m in opened.metric] == ["0.775", "0.707", "0.670", "0.688", "0.821"]
    assert host_caption(opened).startswith("Command line: $ python -m cq4ds run")
    assert '"pandas"' not in dot(opened)  # the real package's libraries are off at first, to keep the view readable
    opened.toggle(key="clean_architecture.externals.pyproject.toml").set_value(True).run()
    assert '"cq4ds.columnar" -> "pandas"' in dot(opened)


def test_the_broken_example_really_reports_its_broken_contracts(opened):
    opened.radio(key="clean_architecture.package").set_value(BROKEN).run()
    helpers.assert_no_exception(opened)
    kept, broken = verdicts(opened)
    assert len(broken) == 3 and len(kept) == 1
    assert any("Layers" in text for text in broken)
    chains = [block.value for block in opened.code if block.language == "text"]
    assert any("cq4ds_broken.adapters.csv_source -> cq4ds_broken.ui.console  (line 10)" in text for text in chains)
    assert any("import pandas as pd" in text for text in chains)
    assert BROKEN_COLOR in dot(opened)


def test_opening_a_box_and_hiding_the_libraries_change_the_drawing(opened):
    opened.radio(key="clean_architecture.package").set_value(BROKEN).run()
    closed = dot(opened)
    opened.selectbox(key="clean_architecture.expand.lessons/broken/importlinter.toml").set_value(
        "cq4ds_broken.domain"
    ).run()
    expanded = dot(opened)
    assert '"cq4ds_broken.domain.passenger" -> "pandas"' in expanded and expanded != closed
    opened.toggle(key="clean_architecture.externals.lessons/broken/importlinter.toml").set_value(False).run()
    assert '"pandas"' not in dot(opened)


def test_every_host_reports_identical_metrics(opened):
    codes, captions = set(), {}
    for host in ("batch", "notebook", "webapp"):
        opened.radio(key="clean_architecture.host").set_value(host).run()
        helpers.assert_no_exception(opened)
        assert [m.value for m in opened.metric] == ["0.775", "0.707", "0.670", "0.688", "0.821"]
        codes.add(opened.get("html")[-1].proto.body)
        captions[host] = host_caption(opened)
    assert len(codes) == 3  # each host shows its own outer code
    assert any(s.value.startswith("All 4 hosts report identical metrics") for s in opened.success)
    assert captions["batch"].startswith("Scheduled batch job: wrote metrics-")
    assert captions["notebook"].startswith("Notebook cell: the cell built 1309 Passenger objects")


def test_running_a_host_again_times_a_new_run(opened):
    opened.radio(key="clean_architecture.host").set_value("webapp").run()
    first = opened.session_state["cq4ds.clean_architecture.host_runs"]["webapp"]
    opened.button(key="clean_architecture.again").click().run()
    helpers.assert_no_exception(opened)
    assert host_caption(opened).startswith("Web app: published 262 test predictions")
    again = opened.session_state["cq4ds.clean_architecture.host_runs"]["webapp"]
    assert again.metrics == first.metrics and again.seconds != first.seconds  # a new run, the same result


def test_check_yourself_gives_instant_feedback(opened):
    opened.radio(key="clean_architecture.q1").set_value(helpers.wrong_option("clean_architecture.q1")).run()
    assert opened.error[-1].value.startswith("Not quite")
    opened.radio(key="clean_architecture.q1").set_value("Layers: each layer imports only the layers below it").run()
    assert any(s.value.startswith("Right") for s in opened.success)
    opened.radio(key="clean_architecture.q3").set_value("import-linter follows chains: ports → domain → pandas").run()
    assert sum(s.value.startswith("Right") for s in opened.success) == 2


def test_a_hosts_first_run_is_shared_and_running_it_again_is_for_one_session(opened):
    runs = "cq4ds.clean_architecture.host_runs"
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    other.switch_page("pages/clean_architecture.py").run()
    mine, theirs = opened.session_state[runs]["cli"], other.session_state[runs]["cli"]
    assert theirs == mine  # the server ran the CLI host once and showed both sessions that run
    other.button(key="clean_architecture.again").click().run()
    helpers.assert_no_exception(other)
    again = other.session_state[runs]["cli"]
    assert again.metrics == mine.metrics and again.seconds != mine.seconds  # a new run, for that session
    opened.run()
    assert opened.session_state[runs]["cli"] == mine  # the first session still shows the shared run
