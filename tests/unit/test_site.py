"""The page map: every page exists, is finished, and can be deep-linked on a fresh server."""

from __future__ import annotations

from pathlib import Path

from course.ui.site import DEFAULT_PAGE, SECTIONS

ROOT = Path(__file__).resolve().parents[2]
PAGES = [page for pages in SECTIONS.values() for page in pages]


def test_every_listed_page_exists_and_is_finished():
    for page in PAGES:
        text = (ROOT / page.script).read_text()
        assert "WORK-IN-PROGRESS-STUB" not in text, f"{page.script} is not finished"
    assert DEFAULT_PAGE in {page.script for page in PAGES}


def test_every_page_script_is_listed():
    listed = {page.script for page in PAGES}
    assert {f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py")} == listed


def test_addresses_are_the_file_names():
    """Streamlit serves pages/ old-style until app.py first runs; matching names let deep links find their page."""
    for page in PAGES:
        assert page.url_path == Path(page.script).stem
    assert len({page.url_path for page in PAGES}) == len(PAGES)
