"""The talk's twelve pages, in the order of the talk, and `talk`, the script of one of them."""

from __future__ import annotations

from course.ui.site_entry import PageEntry


def talk(name: str) -> str:
    """The script of the talk page `name`."""
    return f"pages/{name}.py"


TALK: tuple[PageEntry, ...] = (
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
)
