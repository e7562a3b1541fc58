"""The app's pages, by section, in the order of the talk: app.py builds the navigation from this.

The talk's own twelve pages are listed in `site_talk`; what one page is, `PageEntry`, is in `site_entry`.
"""

from __future__ import annotations

from course.ui.site_entry import PageEntry
from course.ui.site_talk import TALK, talk

SECTIONS: dict[str, tuple[PageEntry, ...]] = {
    "Start": (
        PageEntry(
            "pages/start.py",
            "Start here",
            "start",
            "What the course covers, in order, and about how long each step takes.",
            3,
        ),
        PageEntry(
            "pages/glossary.py",
            "Glossary",
            "glossary",
            "The course's words in one place, each with the file of the package that is its example.",
            5,
            audience="reference",
        ),
    ),
    "The talk": TALK,
    "Lab": (
        PageEntry(
            "pages/lab.py",
            "Pipeline Lab",
            "lab",
            "Swap any source, cleaning, features or model; watch the metrics, the architecture and the wiring code.",
            20,
            taught_in=(
                talk("decoupling"),
                talk("dependency_injection"),
                talk("clean_architecture"),
                talk("patterns"),
            ),
            metrics=True,
        ),
    ),
    "Questions from the audience": (
        PageEntry(
            "pages/q_dataclasses.py",
            "Dataclasses or DataFrames?",
            "q_dataclasses",
            "Where a `Passenger` type pays off, where columns do, and how both apply the same rules.",
            10,
            taught_in=(talk("ml_products"), talk("refactoring")),
        ),
        PageEntry(
            "pages/q_many_features.py",
            "Many features per entity",
            "q_many_features",
            "Keeping the entity small when a model wants many inputs: one small strategy per feature.",
            8,
            taught_in=(talk("refactoring"), talk("patterns")),
            metrics=True,
        ),
        PageEntry(
            "pages/q_warehouse.py",
            "Warehouse in, warehouse out",
            "q_warehouse",
            "A nightly job that reads, scores and publishes all or nothing, tested with in-memory doubles.",
            10,
            taught_in=(talk("ml_products"), talk("eos"), talk("decoupling")),
            metrics=True,
        ),
        PageEntry(
            "pages/q_chained_cleaning.py",
            "Chained pandas cleaning",
            "q_chained_cleaning",
            "Chained pandas cleaning as injected steps, and why row rules come before learned steps.",
            8,
            taught_in=(talk("eos"), talk("patterns")),
            metrics=True,
        ),
    ),
    "Workshop": (
        PageEntry(
            "pages/workshop_grader.py",
            "Grade your component",
            "workshop_grader",
            "Write your own adapter or strategy in `exercises/` and grade it with the project's contract battery.",
            30,
            taught_in=(talk("decoupling"), talk("patterns")),
        ),
        PageEntry(
            "pages/workshop_links.py",
            "Lesson links (instructors)",
            "workshop_links",
            "For instructors: build the link that opens a page, or the Lab set up for one exercise.",
            5,
            audience="instructors",
        ),
        PageEntry(
            "pages/instructors_room.py",
            "Room dashboard (instructors)",
            "instructors_room",
            "For instructors, in room mode: open a room and watch where every participant is, live.",
            5,
            audience="instructors",
        ),
    ),
}
DEFAULT_PAGE = "pages/start.py"


def entries() -> tuple[PageEntry, ...]:
    """Every page, in the order of the navigation."""
    return tuple(entry for section in SECTIONS.values() for entry in section)


def course_order() -> tuple[PageEntry, ...]:
    """The newcomer's path: Start, the talk's twelve pages, the Lab, the audience's questions, the workshop."""
    return tuple(entry for entry in entries() if entry.audience == "course")


def entry(script: str) -> PageEntry:
    """The page whose script is `script` (e.g. "pages/eos.py")."""
    found = [page for page in entries() if page.script == script]
    if not found:
        raise KeyError(script)
    return found[0]


def at_address(url_path: str) -> PageEntry:
    """The page served at `url_path` ("" is the default page, as `st.Page.url_path` gives it)."""
    if not url_path:
        return entry(DEFAULT_PAGE)
    found = [page for page in entries() if page.url_path == url_path]
    if not found:
        raise KeyError(url_path)
    return found[0]
