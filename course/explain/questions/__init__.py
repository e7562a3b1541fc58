"""Every page's "check yourself" questions, one module a page, gathered here so they can be read without Streamlit.

A page asks its set with `course.ui.concept.check_yourself(key)`; this session's progress counts them; and a
unit test checks the set as a whole (where the right answer sits once shuffled, and how long it is).
"""

from __future__ import annotations

from course.explain.checks import QuestionSet
from course.explain.questions import (
    clean_architecture,
    debt_vs_mess,
    decoupling,
    dependency_injection,
    eos,
    lifecycle,
    ml_products,
    notebooks,
    patterns,
    q_chained_cleaning,
    q_dataclasses,
    q_many_features,
    q_warehouse,
    refactoring,
    tech_debt,
    workflow,
)

SETS: tuple[QuestionSet, ...] = tuple(
    module.CHECKS
    for module in (
        ml_products,
        tech_debt,
        lifecycle,
        debt_vs_mess,
        refactoring,
        eos,
        decoupling,
        dependency_injection,
        clean_architecture,
        patterns,
        workflow,
        notebooks,
        q_dataclasses,
        q_many_features,
        q_warehouse,
        q_chained_cleaning,
    )
)
BY_KEY: dict[str, QuestionSet] = {checks.key: checks for checks in SETS}


def of(key: str) -> QuestionSet:
    """The questions a page asks under `key` (its radios are `<key>.q1`, …)."""
    return BY_KEY[key]


def asked_on(script: str) -> tuple[QuestionSet, ...]:
    """The question sets the page `script` asks ("pages/eos.py")."""
    return tuple(checks for checks in SETS if checks.script == script)
