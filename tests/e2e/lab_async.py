"""Async Playwright helpers for the Lab: wait for Streamlit to settle, pick options, read the metric cards."""

from __future__ import annotations

from playwright.async_api import Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeout

from tests.e2e.browser import QUIET, SETTLED

RESULT_WITHIN = 120_000  # ms: far beyond anything acceptable; a swap slower than this is an error
Metrics = tuple[str, ...]


async def shown_metrics(page: Page) -> list[str]:
    return [text.strip() for text in await page.get_by_test_id("stMetricValue").all_inner_texts()]


async def settled(page: Page, timeout: float = RESULT_WITHIN, quiet: int = QUIET) -> None:
    """Until Streamlit has finished the run and drawn all of it: the predicate of browser.settled, awaited."""
    await page.wait_for_function(SETTLED, arg=quiet, polling=100, timeout=timeout)


async def wait_for_metrics(page: Page, metrics: Metrics, timeout: float = RESULT_WITHIN) -> None:
    """Until the metric cards show exactly `metrics`."""
    await page.wait_for_function(
        """want => {
            const shown = [...document.querySelectorAll('[data-testid=stMetricValue]')].map(e => e.innerText.trim());
            return shown.length === want.length && shown.every((v, i) => v === want[i]);
        }""",
        arg=list(metrics),
        polling=50,
        timeout=timeout,
    )


async def pick(page: Page, label: str, option: str) -> None:
    """Choose `option` in the selectbox labelled `label` and wait until the box shows it."""
    box = page.get_by_role("combobox", name=label, exact=True)
    for _ in range(4):
        await open_until_offered(page, label, option)
        await page.get_by_role("option", name=option, exact=True).click()
        try:
            await expect(box).to_have_value(option, timeout=5_000)
            return
        except AssertionError:
            continue  # the choice was swallowed by a rerun that was still drawing: choose again
    raise AssertionError(f"the selectbox {label!r} did not keep {option!r}")


async def open_until_offered(page: Page, label: str, option: str) -> None:
    """Open the selectbox labelled `label` until it offers `option` (reopening it if a click was swallowed)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    for _ in range(6):
        await box.click()
        try:
            await page.get_by_role("option", name=option, exact=True).wait_for(state="visible", timeout=2_000)
            return
        except PlaywrightTimeout:
            await page.keyboard.press("Escape")
    raise AssertionError(f"the selectbox {label!r} did not offer {option!r}")
