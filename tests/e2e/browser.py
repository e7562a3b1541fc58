"""Helpers for browser tests: wait for Streamlit to settle, save screenshots."""

from __future__ import annotations

from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def wait_idle(page, timeout: int = 60_000) -> None:
    """Wait until Streamlit has finished the current run and no stale element remains."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-stale=true]')", timeout=timeout)


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
