"""Browser tests: a real Streamlit server on 127.0.0.1 driven by Playwright in Debian's chromium."""

from __future__ import annotations

import os

import pytest

from tests.e2e.browser import watch
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, serve


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}; .ci/run should have installed it")
        pytest.skip("chromium not installed (apt-get install -y chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 1000}}


@pytest.fixture(scope="session")
def app_server():
    """One app server for the whole browser-test session."""
    with serve() as server:
        yield server


@pytest.fixture(scope="session")
def app_url(app_server):
    return app_server.url


@pytest.fixture
def watched_page(page, app_url):
    """A page that records every request to a host other than the app's, and console errors."""
    return watch(page, app_url)


@pytest.fixture
def new_session(browser, browser_context_args, app_url):
    """Open another, watched page in a NEW browser context: a separate Streamlit session (own cookies, own state)."""
    contexts = []

    def open_session(**context_args):
        context = browser.new_context(**{**browser_context_args, **context_args})
        contexts.append(context)
        return watch(context.new_page(), app_url)

    yield open_session
    for context in contexts:
        context.close()
