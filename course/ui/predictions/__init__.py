"""Each course page's "predict, then run" question: what the learner is asked, and the run that settles it.

The twelve talk pages and the four audience-question pages ask one each: `problem` holds the talk's first
half, `solution` its second, `questions` the audience's. Pages call them by page name from here.
"""

from course.ui.predictions.problem import debt_vs_mess, eos, lifecycle, ml_products, refactoring, tech_debt
from course.ui.predictions.questions import q_chained_cleaning, q_dataclasses, q_many_features, q_warehouse
from course.ui.predictions.solution import (
    clean_architecture,
    decoupling,
    dependency_injection,
    notebooks,
    patterns,
    workflow,
)

__all__ = [
    "clean_architecture",
    "debt_vs_mess",
    "decoupling",
    "dependency_injection",
    "eos",
    "lifecycle",
    "ml_products",
    "notebooks",
    "patterns",
    "q_chained_cleaning",
    "q_dataclasses",
    "q_many_features",
    "q_warehouse",
    "refactoring",
    "tech_debt",
    "workflow",
]
