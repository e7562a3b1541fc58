"""Lesson links: the instructor page builds them, and the Lab restores page, composition and controls."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from streamlit.testing.v1 import AppTest

from course.ui.links import Controls, controls_from_query
from cq4ds.domain import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def built_link(at: AppTest) -> str:
    (code,) = at.code
    return code.value


def test_controls_round_trip_and_reject_unknown_ports():
    controls = Controls(hidden=frozenset({"split", "sink"}), locked=frozenset({"source"}))
    assert controls.to_query() == {"hide": "split,sink", "lock": "source"}
    assert controls_from_query(controls.to_query()) == controls
    try:
        controls_from_query({"hide": "modle"})
    except ConfigError as error:
        assert "modle" in str(error) and "Fix:" in str(error)
    else:
        raise AssertionError("an unknown port must be refused")


def test_the_instructor_page_builds_a_link_and_the_lab_restores_it():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/workshop_links.py").run()
    assert not at.exception
    at.selectbox(key="lessons.config").set_value("random_forest.toml").run()
    at.multiselect(key="lessons.hide").set_value(["split", "sink"]).run()
    at.multiselect(key="lessons.lock").set_value(["source"]).run()
    link = built_link(at)
    parts = urlsplit(link)
    assert parts.path.endswith("/lab")
    query = dict(parse_qsl(parts.query))
    assert query["model"] == "random_forest" and query["hide"] == "split,sink" and query["lock"] == "source"

    learner = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in query.items():
        learner.query_params[key] = value
    learner.run()
    learner.switch_page("pages/lab.py").run()
    assert not learner.exception and not learner.error
    keys = {s.key for s in learner.selectbox}
    assert "lab.model.kind" in keys and "lab.features.kind" in keys
    assert not {"lab.split.kind", "lab.sink.kind", "lab.source.kind"} & keys  # hidden, or locked as read-only
    assert any("locked for this lesson" in m.value for m in learner.markdown)
    assert learner.selectbox(key="lab.model.kind").value == "random_forest"
    assert "split,sink" in str(learner.query_params["hide"])  # the Lab keeps the lesson's controls in its link


def test_other_pages_get_a_plain_link():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/workshop_links.py").run()
    at.selectbox(key="lessons.page").set_value("pages/eos.py").run()
    assert not at.exception
    assert built_link(at).endswith("/eos")
