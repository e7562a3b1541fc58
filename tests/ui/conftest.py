"""Every AppTest in this folder fails on an incident: the error boundary turns a crash into a message, not a pass."""

from __future__ import annotations

import logging

import pytest

INCIDENTS = "course.ui.frame"


@pytest.fixture(autouse=True)
def _no_incident(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture):
    """Fail the test if a page hit the error boundary, unless the test is about the boundary (`expect_incident`)."""
    caplog.set_level(logging.ERROR, logger=INCIDENTS)
    yield
    if request.node.get_closest_marker("expect_incident"):
        return
    records = caplog.get_records("setup") + caplog.get_records("call")
    incidents = [r for r in records if r.name == INCIDENTS and r.levelno >= logging.ERROR]
    assert not incidents, [f"{r.getMessage()}\n{r.exc_text or ''}" for r in incidents]
