"""In a real browser: run the notebook config, see metrics, and nothing leaves the machine."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import screenshot, wait_idle


def test_run_notebook_config_in_the_browser(watched_page, app_url):
    page = watched_page
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Run a pipeline config")).to_be_visible(timeout=60_000)
    wait_idle(page)
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_test_id("stMetricLabel").first).to_contain_text("Accuracy", timeout=60_000)
    wait_idle(page)
    expect(page.get_by_test_id("stMetric")).to_have_count(5)
    assert not page.get_by_test_id("stException").count()
    screenshot(page, "run_config")
    assert page.outside_requests == [], page.outside_requests
    real_errors = [e for e in page.console_errors if "_stcore" not in e]
    assert real_errors == [], real_errors
