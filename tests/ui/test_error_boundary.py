"""No traceback reaches a visitor: a bug shows an incident id, its details go to the server log only."""

from __future__ import annotations

import logging
import re
import tomllib

import pytest
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from course.ui import frame, start
from course.ui.notices import WORD_JOINER
from tests.ui import helpers
from tests.ui.helpers import ROOT

INCIDENT = re.compile(r"\(incident ([0-9a-f]{6})\)")
SECRET = "/srv/cq4ds/private/secret-config.toml"


def bug_app(secret: str) -> None:
    import streamlit as st

    from course.ui import frame

    def broken() -> None:
        st.write("drawn before the bug")
        raise RuntimeError(f"cannot open {secret}")

    frame.guarded(broken, "page 'test'")
    st.write("drawn after the bug")


def user_error_app() -> None:
    import streamlit as st

    from course.ui import frame
    from cq4ds.domain import InvalidParameterError

    def refused() -> None:
        raise InvalidParameterError("parameter 'C' is [nan](http://evil.example)", "use a value from 0.001 to 1000")

    frame.guarded(refused, "page 'test'")
    st.write("drawn after the user error")


def stop_app() -> None:
    import streamlit as st

    from course.ui import frame

    frame.guarded(st.stop, "page 'test'")
    st.write("never drawn")


def rerun_app() -> None:
    import streamlit as st

    from course.ui import frame

    runs = st.session_state.get("runs", 0) + 1
    st.session_state["runs"] = runs
    if runs == 1:
        frame.guarded(st.rerun, "page 'test'")
    st.write(f"run {runs}")


def _texts(at: AppTest) -> list[str]:
    return [element.value for element in at.markdown] + helpers.errors(at) + helpers.warnings(at)


def _incident_records(caplog: pytest.LogCaptureFixture, incident: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == frame.LOG.name and incident in r.getMessage()]


@pytest.mark.expect_incident
def test_a_bug_shows_one_line_with_an_incident_id_and_logs_the_traceback(caplog):
    at = AppTest.from_function(bug_app, args=(SECRET,), default_timeout=30).run()
    assert not at.exception  # Streamlit's own exception element (with the traceback) is not drawn
    (shown,) = helpers.errors(at)
    (incident,) = INCIDENT.findall(shown)
    assert shown == frame.INCIDENT.format(incident=incident) and "\n" not in shown
    assert not any(SECRET in text or "RuntimeError" in text for text in _texts(at))
    assert [m.value for m in at.markdown] == ["drawn before the bug", "drawn after the bug"]  # the page goes on

    (record,) = _incident_records(caplog, incident)
    assert record.levelno == logging.ERROR and "page 'test'" in record.getMessage()
    assert record.exc_info and record.exc_info[0] is RuntimeError and SECRET in str(record.exc_info[1])
    assert "Traceback" in caplog.text and SECRET in caplog.text  # the server log has the details


@pytest.mark.expect_incident
def test_each_bug_gets_its_own_incident_id(caplog):
    at = AppTest.from_function(bug_app, args=(SECRET,), default_timeout=30).run()
    first = INCIDENT.findall(helpers.errors(at)[0])
    at.run()
    second = INCIDENT.findall(helpers.errors(at)[0])
    assert first != second and _incident_records(caplog, first[0]) and _incident_records(caplog, second[0])


def test_a_user_error_that_escapes_a_page_keeps_its_own_one_line_message_as_typed(caplog):
    at = AppTest.from_function(user_error_app, default_timeout=30).run()
    assert not at.exception
    (shown,) = helpers.errors(at)
    expected = "parameter 'C' is [nan](http://evil.example). Fix: use a value from 0.001 to 1000"
    assert shown.replace(WORD_JOINER, "") == expected  # as typed: escaped, its autolink broken by a joiner
    assert "incident" not in shown and not [r for r in caplog.records if r.name == frame.LOG.name]
    assert [m.value for m in at.markdown] == ["drawn after the user error"]


def test_st_stop_passes_through_the_boundary():
    at = AppTest.from_function(stop_app, default_timeout=30).run()
    assert not at.exception and not at.error and not at.markdown


def test_st_rerun_passes_through_the_boundary():
    at = AppTest.from_function(rerun_app, default_timeout=30).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["run 2"]


@pytest.mark.expect_incident
def test_every_page_runs_inside_the_boundary(tmp_path, monkeypatch, caplog):
    helpers.fresh_process_state(tmp_path, monkeypatch)

    def broken() -> None:
        raise PermissionError(13, "Permission denied", SECRET)

    monkeypatch.setattr(start, "talk_credit", broken)  # the start page calls it after drawing its title
    at = helpers.open_app()
    assert not at.exception
    (shown,) = helpers.errors(at)
    (incident,) = INCIDENT.findall(shown)
    assert not any(SECRET in text for text in _texts(at))
    (record,) = _incident_records(caplog, incident)
    assert f"page '{helpers.start_page().path}'" in record.getMessage() and record.exc_info[0] is PermissionError


def test_streamlit_shows_no_error_details_for_what_escapes_the_boundary():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = settings["client"]["showErrorDetails"]
    assert value == streamlit_config.ShowErrorDetailsConfigOptions.NONE  # no message, traceback or type
