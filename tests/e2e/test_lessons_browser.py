"""In a real browser: the instructor's lesson-link page, and a lesson link opened by a participant."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import assert_clean, screenshots, settled


def test_the_instructor_page_shows_a_link(watched_page, app_url):
    page = watched_page
    page.goto(app_url + "/workshop_links")
    expect(page.get_by_role("heading", name="Lesson links")).to_be_visible(timeout=90_000)
    settled(page)
    expect(page.get_by_test_id("stCode").first).to_contain_text("/lab", timeout=30_000)
    screenshots(page, "workshop_links", 1280, 800)
    assert_clean(page, "lesson links page")


def test_a_lesson_link_opens_the_lab_with_hidden_and_locked_pickers(watched_page, app_url):
    page = watched_page
    page.goto(app_url + "/lab?model=knn&hide=split,sink&lock=source")
    expect(page.get_by_text("locked for this lesson")).to_be_visible(timeout=90_000)
    settled(page)
    expect(page.get_by_text("Model · strategy")).to_be_visible()
    expect(page.get_by_text("Split · strategy")).to_have_count(0)
    expect(page.get_by_text("Sink · adapter")).to_have_count(0)
    screenshots(page, "lesson_link_lab", 1280, 800)
    assert "hide=split" in page.url and "lock=source" in page.url
    assert_clean(page, "lesson link")
