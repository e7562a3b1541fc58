"""The app's pages, by section, in the order of the talk: app.py builds the navigation from this."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    """One page: its script in pages/, its title and its address.

    The address is the script's file name: a fresh server treats pages/ as an old-style multipage
    app until app.py first runs, and only then can a deep link find its page (see ui.frame.routed).
    """

    script: str
    title: str
    url_path: str


SECTIONS: dict[str, tuple[PageEntry, ...]] = {
    "Start": (PageEntry("pages/start.py", "Start here", "start"),),
    "The talk": (
        PageEntry("pages/ml_products.py", "1 · ML products", "ml_products"),
        PageEntry("pages/tech_debt.py", "2 · Why tech debt matters", "tech_debt"),
        PageEntry("pages/lifecycle.py", "3 · The ML lifecycle", "lifecycle"),
        PageEntry("pages/debt_vs_mess.py", "4 · Tech debt vs tech mess", "debt_vs_mess"),
        PageEntry("pages/refactoring.py", "5 · Refactoring: the replay", "refactoring"),
        PageEntry("pages/eos.py", "6 · Symmetry (EOS)", "eos"),
        PageEntry("pages/decoupling.py", "7 · Decoupling", "decoupling"),
        PageEntry("pages/dependency_injection.py", "8 · Inversion of control & DI", "dependency_injection"),
        PageEntry("pages/clean_architecture.py", "9 · Clean Architecture in production", "clean_architecture"),
        PageEntry("pages/patterns.py", "10 · Adapter, Factory, Strategy", "patterns"),
        PageEntry("pages/workflow.py", "11 · Workflow from scratch", "workflow"),
        PageEntry("pages/notebooks.py", "12 · Jupyter notebooks", "notebooks"),
    ),
    "Lab": (PageEntry("pages/lab.py", "Pipeline Lab", "lab"),),
    "Workshop": (
        PageEntry("pages/workshop_grader.py", "Grade your component", "workshop_grader"),
        PageEntry("pages/workshop_links.py", "Lesson links (instructors)", "workshop_links"),
    ),
    "Questions from the audience": (
        PageEntry("pages/q_dataclasses.py", "Dataclasses or DataFrames?", "q_dataclasses"),
        PageEntry("pages/q_many_features.py", "Many features per entity", "q_many_features"),
        PageEntry("pages/q_warehouse.py", "Warehouse in, warehouse out", "q_warehouse"),
        PageEntry("pages/q_chained_cleaning.py", "Chained pandas cleaning", "q_chained_cleaning"),
    ),
}
DEFAULT_PAGE = "pages/start.py"
