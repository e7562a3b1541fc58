"""The app in a real browser: every page renders cleanly and offline, the Lab reruns on a swap,
uploads work and fail helpfully, and a copied link reproduces a composition in another session.

Screenshots go to artifacts/screenshots/ for a human to look at.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    assert_clean,
    metric_value,
    options_of,
    pick,
    resize,
    screenshots,
    selected,
    settled,
)

ROOT = Path(__file__).resolve().parents[2]
SIZES = ((1280, 800), (1920, 1080))
LAB_TABS = ("Results", "Architecture", "Code", "Wiring", "History")
UPLOAD = "Upload your own file…"
SAMPLE_CSV = ROOT / "sample_data" / "titanic3.csv"


def page_scripts() -> list[Path]:
    """The page scripts in pages/: each one must be reachable from the sidebar."""
    return sorted((ROOT / "pages").glob("*.py"))


def open_page(page: Page, url: str) -> None:
    """Go to `url` and wait until its script has run to the end (fails at once on an exception box)."""
    page.goto(url)
    expect(page.locator("h1, [data-testid=stException]").first).to_be_visible(timeout=60_000)
    settled(page)
    assert_clean(page, url)


def open_lab(page: Page, url: str) -> None:
    """Go to the Lab (`url` may carry a composition) and wait for its first result."""
    open_page(page, url)
    result = page.locator("[data-testid=stMetricValue], [data-testid=stException], [data-testid=stAlertContentError]")
    expect(result.first).to_be_visible(timeout=60_000)
    settled(page)
    assert_clean(page, url)
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible()


def data_caption(page: Page):
    """The Results caption that says where the data came from and how many rows were read."""
    return page.get_by_test_id("stCaptionContainer").filter(has_text="rows read")


def upload(page: Page, file: Path) -> None:
    """With a file source chosen, pick "Upload your own file…" and give it `file` (no run finishes yet)."""
    pick(page, "file", UPLOAD)
    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader).to_be_visible()
    settled(page)
    uploader.locator("input[type=file]").set_input_files(str(file))


def swap_model(page: Page, kind: str) -> None:
    """Choose model `kind` and wait for the run it starts to finish."""
    pick(page, "Model · strategy", kind)
    # The link is updated at the very end of the script, so it proves the new run reached the end.
    expect(page).to_have_url(re.compile(rf"[?&]model={kind}(&|$)"), timeout=60_000)
    settled(page)
    assert selected(page, "Model · strategy") == kind


@pytest.fixture
def csv_files(tmp_path: Path) -> tuple[Path, Path]:
    """A good upload (the first 400 passengers of titanic3.csv) and a bad one (unrelated columns)."""
    good = tmp_path / "first400.csv"
    good.write_text("".join(SAMPLE_CSV.read_text(encoding="utf-8").splitlines(keepends=True)[:401]), encoding="utf-8")
    bad = tmp_path / "shop_orders.csv"
    bad.write_text("order_id,product,price\n1,lamp,19.90\n2,chair,45.00\n3,desk,120.00\n", encoding="utf-8")
    return good, bad


def test_every_page_renders_offline_without_errors(watched_page: Page, app_url: str):
    page = watched_page
    open_page(page, app_url)
    more = page.get_by_test_id("stSidebarNavViewButton")  # past a dozen pages the sidebar shows "View N more"
    if more.count() and more.inner_text().endswith("more"):
        more.click()
        expect(more).to_have_text("View less")
    links = page.get_by_test_id("stSidebarNavLink")
    hrefs = links.evaluate_all("links => links.map(link => link.href)")
    titles = [title.strip() for title in links.all_inner_texts()]
    assert len(hrefs) == len(page_scripts()), f"the sidebar links {titles}, but pages/ holds {len(page_scripts())}"

    took = []
    for href, title in zip(hrefs, titles, strict=True):
        start = time.monotonic()
        path = href.removeprefix(app_url).strip("/")
        name = path or re.sub(r"\W+", "_", title.lower()).strip("_")
        resize(page, *SIZES[0])
        (open_lab if path == "lab" else open_page)(page, href)
        expect(page.locator("h1").first).to_be_visible()
        took.append((name, time.monotonic() - start))
        for width, height in SIZES:
            screenshots(page, name, width, height, whole=width == SIZES[0][0])
        assert_clean(page, name)
    print("seconds from goto to idle, per page:", ", ".join(f"{name} {seconds:.1f}" for name, seconds in took))


def test_lab_model_swap_moves_metrics_and_every_tab_shows(watched_page: Page, app_url: str):
    page = watched_page
    open_lab(page, f"{app_url}/lab")
    assert selected(page, "Model · strategy") == "logistic_regression"
    before = metric_value(page, "Accuracy")
    expect(page.get_by_test_id("stMetricDelta")).to_have_count(0)

    swap_model(page, "random_forest")
    after = metric_value(page, "Accuracy")
    assert after != before, f"Accuracy stayed {before} after swapping the model"
    accuracy = page.get_by_test_id("stMetric").filter(has_text="Accuracy")
    expect(accuracy.get_by_test_id("stMetricDelta")).to_have_text(f"{float(after) - float(before):+.3f}")
    assert_clean(page, "after the swap")

    for tab in LAB_TABS:
        page.get_by_role("tab", name=tab, exact=True).click()
        panel = page.get_by_role("tabpanel", name=tab)
        expect(panel).to_be_visible()
        if tab == "Architecture":
            expect(panel.get_by_text("Highlighted: the")).to_be_visible()
            expect(panel.locator("svg").first).to_be_visible()
        if tab == "Code":
            expect(panel.get_by_text("The component: random_forest")).to_be_visible()
        if tab == "Wiring":
            expect(panel.get_by_text('kind = "random_forest"')).to_be_visible()
        if tab == "History":
            expect(panel.get_by_text("Compare two runs")).to_be_visible()
        settled(page)
        screenshots(page, f"lab_tab_{tab.lower()}", 1280, 800)
    assert_clean(page, "Lab tabs")


def test_upload_a_csv_then_a_bad_one(watched_page: Page, app_url: str, csv_files):
    good, bad = csv_files
    page = watched_page
    open_lab(page, f"{app_url}/lab")
    pick(page, "Source · adapter", "csv")
    expect(data_caption(page)).to_contain_text("CSV file sample_data/titanic3.csv", timeout=60_000)
    settled(page)

    upload(page, good)
    expect(data_caption(page)).to_contain_text("400 rows read", timeout=60_000)
    settled(page)
    assert selected(page, "file") == f"your upload: {good.name}"
    expect(data_caption(page)).to_contain_text(good.name)  # named as uploaded, not by the session copy's path
    expect(data_caption(page)).not_to_contain_text("cq4ds-server-")
    expect(page.get_by_text("Showing the last result that worked.")).to_have_count(0)
    assert "uploads" not in page.url and "cq4ds-server-" not in page.url, "the link must never carry an upload"
    assert_clean(page, "good upload")
    screenshots(page, "lab_upload_ok", 1280, 800)
    accuracy = metric_value(page, "Accuracy")

    upload(page, bad)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_have_count(1, timeout=60_000)
    settled(page)
    expect(error).to_be_visible()  # in the open, not folded away in a progress box
    expect(error).to_contain_text("Fix:")
    expect(error).to_contain_text("match no supported layout")
    expect(page.get_by_text("Showing the last result that worked.")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible()
    assert metric_value(page, "Accuracy") == accuracy, "the last result that worked should stay on show"
    screenshots(page, "lab_upload_bad", 1280, 800)
    assert_clean(page, "bad upload")


def test_shared_link_reproduces_the_composition_in_a_new_session(
    watched_page: Page, app_url: str, new_session, csv_files
):
    good, _ = csv_files
    first = watched_page
    open_lab(first, f"{app_url}/lab?source=csv")
    expect(data_caption(first)).to_contain_text("CSV file sample_data/titanic3.csv")
    swap_model(first, "random_forest")
    link, accuracy = first.url, metric_value(first, "Accuracy")
    assert "source=csv" in link

    second = new_session()
    open_lab(second, link)
    assert selected(second, "Source · adapter") == "csv"
    assert selected(second, "Model · strategy") == "random_forest"
    assert metric_value(second, "Accuracy") == accuracy
    expect(second.get_by_test_id("stMetricDelta")).to_have_count(0)  # a fresh session: no run before this one
    screenshots(second, "lab_shared_link", 1280, 800)

    # Both sessions stay open: an upload in the first must not show up in the second.
    upload(first, good)
    expect(data_caption(first)).to_contain_text("400 rows read", timeout=60_000)
    settled(first)
    assert f"your upload: {good.name}" in options_of(first, "file")

    choices = options_of(second, "file")
    assert choices[-1] == UPLOAD
    assert not [c for c in choices if "upload:" in c or good.name in c or "cq4ds-server-" in c], choices
    assert all(c.startswith("sample_data/") for c in choices[:-1]), choices
    assert_clean(first, "first session")
    assert_clean(second, "second session")
