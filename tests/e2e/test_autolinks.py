"""User text never becomes a link in the browser: read the DOM for <a> elements inside messages and captions.

Streamlit's frontend autolinks bare URLs, `www.` names and e-mail addresses in rendered text, after
Markdown escapes are resolved; `course/ui/notices.py` breaks those patterns with invisible word joiners.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser import pick, screenshots, settled
from tests.e2e.test_browser import SAMPLE_CSV, data_caption, open_lab, open_page, upload

USER_TEXT = "[data-testid=stAlertContainer], [data-testid=stCaptionContainer]"


def links_in_user_text(page: Page) -> list[str]:
    """The href of every link inside an alert box or a caption."""
    return page.locator(USER_TEXT).locator("a").evaluate_all("links => links.map(a => a.href)")


def test_a_file_named_like_a_web_address_is_shown_as_typed_not_as_a_link(watched_page: Page, app_url: str, tmp_path):
    page = watched_page
    good = tmp_path / "www.evil-example.com.csv"
    good.write_text("".join(SAMPLE_CSV.read_text(encoding="utf-8").splitlines(keepends=True)[:201]), encoding="utf-8")
    bad = tmp_path / "mail.me@evil-example.com.csv"
    bad.write_text("order_id,product\n1,lamp\n", encoding="utf-8")
    open_lab(page, f"{app_url}/lab")
    pick(page, "Source · adapter", "csv")
    settled(page)
    upload(page, good)
    expect(data_caption(page)).to_contain_text("200 rows read", timeout=60_000)
    settled(page)
    assert "evil-example" in data_caption(page).inner_text().replace("\u2060", "")
    assert links_in_user_text(page) == []

    upload(page, bad)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_have_count(1, timeout=60_000)
    settled(page)
    assert "mail.me@evil-example.com.csv" in error.inner_text().replace("\u2060", "")
    assert links_in_user_text(page) == []
    screenshots(page, "hostile_autolink_upload", 1280, 800)


def test_a_link_whose_values_hold_markdown_and_urls_shows_them_as_typed(watched_page: Page, app_url: str):
    page = watched_page
    open_page(page, f"{app_url}/lab?source=duckdb&source.table=[click](http://evil.example)%20www.evil.example")
    expect(page.get_by_test_id("stAlertContainer").first).to_be_visible(timeout=60_000)
    settled(page)
    shown = " ".join(page.locator(USER_TEXT).all_inner_texts()).replace("\u2060", "")
    assert "[click](http://evil.example) www.evil.example" in shown
    assert links_in_user_text(page) == []
    screenshots(page, "hostile_autolink_link", 1280, 800)


def test_the_link_check_can_fail_on_a_real_link(watched_page: Page, app_url: str):
    """A control: the same DOM query finds the links the app does draw (the Start page's syllabus and credit)."""
    page = watched_page
    open_page(page, f"{app_url}/")
    assert page.locator("[data-testid=stMain] a").count() > 0
