"""The page map: every page exists, is finished, and can be deep-linked on a fresh server."""

from __future__ import annotations

from pathlib import Path

from course.ui.site import DEFAULT_PAGE, SECTIONS, at_address, course_order, entry

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


def test_the_course_path_is_start_the_talk_the_lab_the_questions_and_the_grader():
    order = [page.script for page in course_order()]
    talk = [page.script for page in SECTIONS["The talk"]]
    questions = [page.script for page in SECTIONS["Questions from the audience"]]
    assert order == [DEFAULT_PAGE, *talk, "pages/lab.py", *questions, "pages/workshop_grader.py"]
    assert len(talk) == 12
    assert [page.title.split(" · ")[0] for page in SECTIONS["The talk"]] == [str(n) for n in range(1, 13)]


def test_the_navigation_lists_the_course_in_its_order():
    on_path = [page for page in PAGES if page in course_order()]
    assert on_path == list(course_order())


def test_every_page_says_what_you_will_learn_and_how_long_it_takes():
    for page in PAGES:
        assert page.learn.strip() and "\n" not in page.learn, page.script
        assert 0 < page.minutes <= 60, page.script


def test_only_the_glossary_and_the_instructors_pages_are_off_the_path():
    off = {page.script: page.audience for page in PAGES if page not in course_order()}
    assert off == {
        "pages/glossary.py": "reference",
        "pages/workshop_links.py": "instructors",
        "pages/instructors_room.py": "instructors",
    }
    assert entry("pages/workshop_links.py") in SECTIONS["Workshop"]
    assert entry("pages/instructors_room.py") in SECTIONS["Workshop"]


def test_taught_in_names_talk_pages_and_every_page_can_be_found_by_script_and_address():
    talk = {page.script for page in SECTIONS["The talk"]}
    for page in PAGES:
        assert set(page.taught_in) <= talk, page.script
        assert entry(page.script) is page and at_address(page.url_path) is page
    assert at_address("") is entry(DEFAULT_PAGE)
