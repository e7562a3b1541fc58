"""Helpers for browser tests: watch a page, wait for Streamlit to settle, pick options, save screenshots."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
MAX_SHOT_HEIGHT = 8000
# Opening a deep link such as /lab makes the frontend probe /lab/_stcore/health and /lab/_stcore/host-config
# before it finds the real base path; both 404s are logged as console errors and are harmless.
BENIGN_404 = re.compile(r"^https?://[^/]+/[^_][^?#]*/_stcore/(health|host-config)$")


def watch(page: Page, app_url: str) -> Page:
    """Record on `page` every request to a host other than the app's, console errors and uncaught page errors."""
    outside: list[str] = []
    errors: list[dict[str, str]] = []

    def on_request(request) -> None:
        if not request.url.startswith((app_url, "data:", "blob:", "about:")):
            outside.append(request.url)

    def on_console(message) -> None:
        if message.type == "error":
            errors.append({"text": message.text, "url": (message.location or {}).get("url", "")})

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append({"text": f"uncaught: {error}", "url": ""}))
    page.outside_requests = outside
    page.console_errors = errors
    return page


def is_benign(error: dict[str, str]) -> bool:
    """The deep-link 404 noise described at BENIGN_404."""
    return "status of 404" in error["text"] and bool(BENIGN_404.match(error["url"]))


def real_console_errors(page: Page) -> list[str]:
    """The console errors of a watched page, without the known benign noise."""
    return [f"{e['text']} ({e['url']})" for e in page.console_errors if not is_benign(e)]


def assert_clean(page: Page, where: str = "") -> None:
    """No Streamlit exception box on screen, no console error and no request to another host."""
    suffix = f" ({where})" if where else ""
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, f"exception shown{suffix}: {exceptions.all_inner_texts()}"
    errors = real_console_errors(page)
    assert not errors, f"console errors{suffix}:\n" + "\n".join(errors)
    outside = page.outside_requests
    assert not outside, f"requests to other hosts{suffix}:\n" + "\n".join(outside)


# When a page is settled: Streamlit has finished the run, nothing on the page is stale or still loading, AND the
# document has not changed for QUIET ms. The script state alone returns too early: a page reads `notRunning`
# until the frontend has registered a click (then `rerunRequested`, `running`), and once a run is over big pages
# keep drawing for a second or more (lazy components, charts, markdown). All the conditions are one predicate,
# polled in the page so they hold at the same moment. The first call in a document installs a MutationObserver
# (nodes, text, and the two attributes that mark a run: the script state and stale elements) and counts the
# quiet from there. The async helpers (lab_async.py) poll the same predicate.
QUIET = 1_000  # ms without a change to the document
SETTLED = """quiet => {
    if (window.__settledLastChange === undefined) {
        window.__settledLastChange = performance.now();
        new MutationObserver(() => { window.__settledLastChange = performance.now(); }).observe(document, {
            subtree: true, childList: true, characterData: true,
            attributes: true, attributeFilter: ['data-test-script-state', 'data-stale'],
        });
        return false;
    }
    const app = document.querySelector('[data-testid=stApp]');
    return app !== null && app.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-stale=true], [data-testid=stSkeleton]')
        && performance.now() - window.__settledLastChange > quiet;
}"""


def settled(page: Page, timeout: int = 60_000, quiet: int = QUIET) -> None:
    """Wait until Streamlit has finished the run and drawn all of it (see SETTLED)."""
    page.wait_for_function(SETTLED, arg=quiet, polling=100, timeout=timeout)


def open_options(page: Page, label: str) -> None:
    """Open the option list of the selectbox labelled exactly `label`."""
    box = page.get_by_role("combobox", name=label, exact=True)
    # A click that lands right after a rerun is sometimes swallowed (the list opens and closes again while
    # the frontend settles), so check that the list is open and click again if it is not.
    for _ in range(4):
        box.click()
        try:
            expect(page.get_by_role("option").first).to_be_visible(timeout=1_500)
            return
        except AssertionError:
            page.keyboard.press("Escape")
    raise AssertionError(f"the selectbox {label!r} did not open")


def pick(page: Page, label: str, option: str) -> None:
    """Choose the option shown exactly as `option` in the selectbox labelled exactly `label`."""
    open_options(page, label)
    page.get_by_role("option", name=option, exact=True).click()


def options_of(page: Page, label: str) -> list[str]:
    """The options the selectbox labelled `label` offers (opens the list, reads it, closes it)."""
    open_options(page, label)
    texts = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    expect(page.get_by_role("option")).to_have_count(0)
    return texts


def selected(page: Page, label: str) -> str:
    """The text shown in the selectbox labelled `label`."""
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def metric_value(page: Page, label: str) -> str:
    """The value of the st.metric labelled `label`, as shown."""
    card = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").filter(has_text=label))
    return card.get_by_test_id("stMetricValue").inner_text().strip()


def screenshot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def content_height(page: Page) -> int:
    """The height of the main content; Streamlit scrolls inside stMain, so full_page=True would not see it."""
    return page.evaluate(
        """() => Math.max(...['[data-testid=stMain]', '[data-testid=stMainBlockContainer]']
            .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))"""
    )


def resize(page: Page, width: int, height: int) -> None:
    """Change the viewport, give the charts time to lay themselves out again, and wait until the page is settled."""
    if page.viewport_size != {"width": width, "height": height}:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(150)  # charts lay themselves out again for the new size (no rerun happens)
    settled(page)


def screenshots(page: Page, name: str, width: int, height: int, whole: bool = True) -> list[Path]:
    """`<name>_<width>.png` at width x height and, if `whole` and the content is taller, `<name>_<width>_full.png`
    through a viewport as tall as the content (Streamlit scrolls inside stMain, so full_page=True would not do).

    Leaves the viewport at the tall size when it took the second screenshot.
    """
    resize(page, width, height)
    paths = [screenshot(page, f"{name}_{width}")]
    tall = content_height(page) if whole else 0
    if tall > height:
        resize(page, width, min(tall + 40, MAX_SHOT_HEIGHT))
        paths.append(screenshot(page, f"{name}_{width}_full"))
    return paths
