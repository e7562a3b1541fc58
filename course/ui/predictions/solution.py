"""The "predict, then run" questions of the talk's second half, the solution: pages 7 to 12 (decoupling to notebooks).

Every result is computed when the learner has committed to a prediction (see course.ui.predict), by the same
package and explain code the page's demo uses; nothing here states a result in advance. Each function draws one
page's question; an outcome returns its result as Markdown and the index of the option it bears out (or None).
"""

from __future__ import annotations

import difflib

import streamlit as st

from course.explain import contracts, wiring_board
from course.explain import workflow_regression as regression
from course.explain.decoupling import config_for
from course.explain.notebook_export import code_cells, composition_notebook
from course.ui import charts, predict
from course.ui import patterns as pattern_demos
from course.ui import wiring_board as board
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec, Metrics

NEW_THRESHOLD = 5


def _metrics_table(names: tuple[str, str], results: tuple[Metrics, Metrics]) -> str:
    """Two runs' test metrics as a Markdown table."""
    rows = [
        f"| {charts.metric_label(metric)} | "
        + " | ".join(f"{getattr(result, metric):.4f}" for result in results)
        + " |"
        for metric in charts.METRICS
    ]
    return "\n".join([f"| | {names[0]} | {names[1]} |", "|---|---:|---:|", *rows])


def _largest_gap(first: Metrics, second: Metrics) -> float:
    return max(abs(getattr(first, metric) - getattr(second, metric)) for metric in charts.METRICS)


def decoupling() -> None:
    """Do the metrics change when the same passengers come from another store?"""
    kinds = ("sqlite", "csv")

    def outcome() -> tuple[str, int | None]:
        first, second = (board.trained(config_for(kind)).metrics for kind in kinds)
        gap = _largest_gap(first, second)
        said = "identical to the last digit" if gap == 0 else f"apart by up to {gap:.4f}"
        result = f"{_metrics_table(('SQLite', 'CSV (titanic3)'), (first, second))}\n\nThe two runs are {said}."
        return result, 0 if gap == 0 else 1 if gap < 0.01 else 2

    predict.then_run(
        "decoupling",
        "Train the notebook recipe twice: on the SQLite database, then on the titanic3 CSV file of the same "
        "passengers. Do the test metrics change?",
        (
            "Not at all: identical to the last digit",
            "Slightly: each store rounds numbers its own way",
            "Clearly: the columns differ, so the features do",
        ),
        outcome,
    )


def dependency_injection() -> None:
    """Swapping the model: what moves, the metrics or the core?"""

    def outcome() -> tuple[str, int | None]:
        before = wiring_board.core_view().digest
        start = wiring_board.default_config()
        forest = wiring_board.board_config({"model": "random_forest"})
        first, second = board.trained(start).metrics, board.trained(forest).metrics
        after = wiring_board.core_view().digest
        moved = _largest_gap(first, second) > 0
        result = (
            f"{_metrics_table((start.spec('model').kind, forest.spec('model').kind), (first, second))}\n\n"
            f"The core, `train_and_evaluate`, read from its file before and after both runs: sha256 `{before}`, "
            f"then `{after}`."
        )
        happened = (0 if before == after else 1) if moved else (2 if before == after else None)
        return result, happened

    predict.then_run(
        "dependency_injection",
        "Before you touch the board below: swap the model from logistic regression to a random forest. What changes?",
        (
            "The metrics; the core's code stays the same",
            "The metrics, and the core's code with them",
            "Neither, until someone edits the core",
        ),
        outcome,
    )


def clean_architecture() -> None:
    """How many contracts do two bad imports break?"""

    def outcome() -> tuple[str, int | None]:
        evaluation = contracts.evaluate(contracts.BROKEN_CONFIG)
        broken = evaluation.broken
        kept = [contract.name for contract in evaluation.contracts if contract.kept]
        result = (
            f"**{len(broken)} of {len(evaluation.contracts)}** contracts broken: "
            + "; ".join(f"*{contract.name}*" for contract in broken)
            + (f". Kept: {'; '.join(f'*{name}*' for name in kept)}." if kept else ".")
            + " Pick the broken example below to follow the chains."
        )
        return result, {0: None, 1: 0, 2: 1}.get(len(broken), 2)

    predict.then_run(
        "clean_architecture",
        "The broken example below breaks its rules with two imports. How many of its contracts does import-linter "
        "report broken?",
        ("One: the layers contract catches both", "Two: one contract per bad import", "More than two"),
        outcome,
    )


def patterns() -> None:
    """What does a model that always predicts the commonest outcome score?"""

    def outcome() -> tuple[str, int | None]:
        baseline = pattern_demos.trained_with("baseline").metrics
        real = pattern_demos.trained_with("logistic_regression").metrics
        never = " It never predicts a survivor." if baseline.recall == 0 else ""
        result = (
            f"`baseline`: accuracy **{baseline.accuracy:.3f}**, recall **{baseline.recall:.3f}**.{never} "
            f"`logistic_regression` on the same split: accuracy {real.accuracy:.3f}, recall {real.recall:.3f}. "
            "Accuracy alone flatters a model that has learned nothing; set Strategy B to `baseline` below and "
            "read the other metrics too."
        )
        return result, 0 if baseline.accuracy < 0.55 else 1 if baseline.accuracy < 0.7 else 2

    predict.then_run(
        "patterns",
        "The `baseline` model strategy always predicts what most passengers had: death. Swapped in with no change "
        "to the training code, what test accuracy does it score?",
        ("About half, like a coin flip", "Around 60%", "Close to the real models'"),
        outcome,
    )


@st.cache_data(show_spinner="Comparing with the legacy notebook's own references…", max_entries=4)
def _characterized(threshold: int) -> tuple[regression.Check, ...]:
    return regression.characterize(rare_title_threshold=threshold)


def workflow() -> None:
    """Does the regression test notice a changed parameter?"""
    threshold = load_config(NOTEBOOK_RECIPE).features.options["rare_title_threshold"]

    def outcome() -> tuple[str, int | None]:
        checks = _characterized(NEW_THRESHOLD)
        failed = [check for check in checks if not check.passed]
        lines = [f"- {check.name}: **{'pass' if check.passed else 'fail'}**, {check.detail}" for check in checks]
        result = f"**{len(failed)} of {len(checks)}** checks fail:\n\n" + "\n".join(lines)
        if not failed:
            return result, 0
        if len(failed) == len(checks):
            return result, 2
        return result, 1 if all("processed" in check.name for check in failed) else None

    predict.then_run(
        "workflow",
        "Step 5's regression test holds the package to the legacy notebook's data. Move the rare-title threshold "
        f"from {threshold} to {NEW_THRESHOLD}: which of its checks fail?",
        (
            "None: a threshold is a parameter, not behaviour",
            "Only the processed matrices",
            "All of them, confusion matrices included",
        ),
        outcome,
    )


def notebooks() -> None:
    """How much of an exported notebook changes with the model?"""

    def outcome() -> tuple[str, int | None]:
        config = load_config(NOTEBOOK_RECIPE)
        forest = config.with_spec("model", ComponentSpec("random_forest"))
        before, after = ("\n\n".join(code_cells(composition_notebook(c))).splitlines() for c in (config, forest))
        diff = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-"]
        changed = [line for line in diff if not line.startswith(("+++", "---"))]
        added = sum(line.startswith("+") for line in changed)
        shown = "\n".join(changed) or "(no difference)"
        verb = "line of code differs" if added == 1 else "lines of code differ"
        result = f"**{added}** {verb}:\n\n```diff\n{shown}\n```"
        return result, 2 if added == 0 else 0 if added <= 2 else 1

    predict.then_run(
        "notebooks",
        "Export the notebook recipe as a notebook, then the same recipe with a random forest in the model slot. "
        "How many lines of the two notebooks' code differ?",
        (
            "One or two: the model's line in the config",
            "A whole section: a new model needs new code",
            "None: a notebook trains its default model",
        ),
        outcome,
    )
