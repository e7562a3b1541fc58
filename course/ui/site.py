"""The app's pages, by section, in the order of the talk: app.py builds the navigation from this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Audience = Literal["course", "reference", "instructors"]


@dataclass(frozen=True)
class PageEntry:
    """One page: its script in pages/, its title and its address, and its place in the course.

    The address is the script's file name: a fresh server treats pages/ as an old-style multipage
    app until app.py first runs, and only then can a deep link find its page (see ui.frame.routed).
    `learn` and `minutes` are the page's line in the Start page's syllabus. Only "course" pages are
    steps of the newcomer's path (`course_order`); the glossary is a reference, and a page for
    instructors stays in the navigation without being a step.
    """

    script: str
    title: str
    url_path: str
    learn: str = ""  # one line: what you will learn there
    minutes: int = 0  # about how long it takes
    audience: Audience = "course"
    taught_in: tuple[str, ...] = ()  # the talk pages (scripts) where the page's ideas were taught
    metrics: bool = False  # shows numbers computed on the bundled (generated) passengers


def _talk(name: str) -> str:
    """The script of the talk page `name`."""
    return f"pages/{name}.py"


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
    "The talk": (
        PageEntry(
            "pages/ml_products.py",
            "1 · ML products",
            "ml_products",
            "How a product differs from an analysis: one trained model, asked about one passenger or a whole file.",
            10,
            metrics=True,
        ),
        PageEntry(
            "pages/tech_debt.py",
            "2 · Why tech debt matters",
            "tech_debt",
            "Why every change request costs more in a tangled script: five changes made to both codebases.",
            10,
        ),
        PageEntry(
            "pages/lifecycle.py",
            "3 · The ML lifecycle",
            "lifecycle",
            "How the change requests of a model's life add up, from exploration to years of iteration.",
            8,
        ),
        PageEntry(
            "pages/debt_vs_mess.py",
            "4 · Tech debt vs tech mess",
            "debt_vs_mess",
            "Telling a deliberate shortcut from a mess nobody chose, and measuring both codebases.",
            10,
        ),
        PageEntry(
            "pages/refactoring.py",
            "5 · Refactoring: the replay",
            "refactoring",
            "Changing structure in small steps, with a check on the data after each: the talk's exercise replayed.",
            15,
            metrics=True,
        ),
        PageEntry(
            "pages/eos.py",
            "6 · Symmetry (EOS)",
            "eos",
            "Why the code you experiment with should be the code you deploy: two contexts, one core.",
            12,
            metrics=True,
        ),
        PageEntry(
            "pages/decoupling.py",
            "7 · Decoupling",
            "decoupling",
            "Storage behind a port: six adapters read the same passengers and the pipeline does not change.",
            12,
            metrics=True,
        ),
        PageEntry(
            "pages/dependency_injection.py",
            "8 · Inversion of control & DI",
            "dependency_injection",
            "Changing what the pipeline does by changing what is handed in, never the core: the wiring board.",
            12,
            metrics=True,
        ),
        PageEntry(
            "pages/clean_architecture.py",
            "9 · Clean Architecture in production",
            "clean_architecture",
            "The package's rings, the import rules a machine checks, and one use case run by four hosts.",
            15,
            metrics=True,
        ),
        PageEntry(
            "pages/patterns.py",
            "10 · Adapter, Factory, Strategy",
            "patterns",
            "The talk's three design patterns, each shown live in the package.",
            15,
        ),
        PageEntry(
            "pages/workflow.py",
            "11 · Workflow from scratch",
            "workflow",
            "The order in which to build a new system, as a checklist that runs each step.",
            15,
            metrics=True,
        ),
        PageEntry(
            "pages/notebooks.py",
            "12 · Jupyter notebooks",
            "notebooks",
            "A notebook as one more context: it imports the package instead of copying the pipeline.",
            8,
        ),
    ),
    "Lab": (
        PageEntry(
            "pages/lab.py",
            "Pipeline Lab",
            "lab",
            "Swap any source, cleaning, features or model; watch the metrics, the architecture and the wiring code.",
            20,
            taught_in=(
                _talk("decoupling"),
                _talk("dependency_injection"),
                _talk("clean_architecture"),
                _talk("patterns"),
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
            taught_in=(_talk("ml_products"), _talk("refactoring")),
        ),
        PageEntry(
            "pages/q_many_features.py",
            "Many features per entity",
            "q_many_features",
            "Keeping the entity small when a model wants many inputs: one small strategy per feature.",
            8,
            taught_in=(_talk("refactoring"), _talk("patterns")),
            metrics=True,
        ),
        PageEntry(
            "pages/q_warehouse.py",
            "Warehouse in, warehouse out",
            "q_warehouse",
            "A nightly job that reads, scores and publishes all or nothing, tested with in-memory doubles.",
            10,
            taught_in=(_talk("ml_products"), _talk("eos"), _talk("decoupling")),
            metrics=True,
        ),
        PageEntry(
            "pages/q_chained_cleaning.py",
            "Chained pandas cleaning",
            "q_chained_cleaning",
            "Chained pandas cleaning as injected steps, and why row rules come before learned steps.",
            8,
            taught_in=(_talk("eos"), _talk("patterns")),
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
            taught_in=(_talk("decoupling"), _talk("patterns")),
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
