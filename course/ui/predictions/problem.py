"""The "predict, then run" questions of the talk's first half, the problem: pages 1 to 6 (ML products to EOS).

Every result is computed when the learner has committed to a prediction (see course.ui.predict), by the same
package and explain code the page's demo uses; nothing here states a result in advance. Each function draws one
page's question; an outcome returns its result as Markdown and the index of the option it bears out (or None).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import streamlit as st

from course.explain import changes, code_signals, replay, skew
from course.explain import lifecycle as phases
from course.explain.products import score_generated
from course.explain.replay import NO_BREAK
from course.explain.replay_checks import compare, correct_change
from course.ui import homes, predict
from course.ui import replay as replay_demo
from cq4ds.usecases import TrainedRun

BATCH_ROWS, BATCH_SEED, CHUNK_ROWS = 5_000, 1, (1_000, 25_000)
SIGNALS = ("Lines of code", "Module-level globals")


def _bucket(count: int, few: int) -> int:
    """0 for none, 1 for up to `few`, 2 for more."""
    return 0 if count == 0 else 1 if count <= few else 2


def ml_products(run: TrainedRun) -> None:
    """Does scoring in chunks change any prediction?"""
    small, large = CHUNK_ROWS

    def outcome() -> tuple[str, int | None]:
        folder = homes.session_folder() / "predict" / "ml_products"
        first, second = (score_generated(run.predictor, folder, BATCH_ROWS, BATCH_SEED, rows) for rows in CHUNK_ROWS)
        both = first.predictions.merge(second.predictions, on="pid", suffixes=("_small", "_large"))
        flipped = int((both["label_small"] != both["label_large"]).sum())
        gap = float((both["probability_small"] - both["probability_large"]).abs().max())
        result = (
            f"**{flipped} of {len(both):,}** predicted labels differ, and the largest difference in probability is "
            f"{gap:g}: {first.result.chunks} chunks against {second.result.chunks}. The fitted `Predictor` carries "
            "everything it learned in training (the imputed ages, the scaling, the common titles), so a chunk is "
            "scored exactly as the whole file would be."
        )
        return result, _bucket(flipped, len(both) // 100)

    predict.then_run(
        "ml_products",
        f"Tonight's file is scored chunk by chunk. Score the same {BATCH_ROWS:,} generated passengers in chunks of "
        f"{small:,} rows, then of {large:,}: how many predicted labels differ?",
        ("None", "A few, out of every hundred", "Many: each chunk is scaled on its own rows"),
        outcome,
    )


def tech_debt() -> None:
    """How many lines that already run does a new feature make each side edit?"""
    request = changes.BY_KEY["add_feature"]

    def outcome() -> tuple[str, int | None]:
        legacy, package = (changes.cost(request.key, side) for side in changes.SIDES)
        old, new = legacy.total("edited"), package.total("edited")
        result = (
            f"Legacy script: **{old}** existing lines edited ({legacy.total('lines')} lines changed in all). "
            f"Package: **{new}** existing lines edited ({package.total('lines')} lines changed in all, "
            f"{package.new_files} new file{'s' * (package.new_files != 1)}). Pick the request below to read both diffs."
        )
        happened = None if old == new == 0 else 2 if new == 0 else 1 if new > old else 0
        return result, happened

    predict.then_run(
        "tech_debt",
        f"The next request: **{request.title}**. {request.ask} How many lines of code that already runs does each "
        "side have to edit?",
        (
            "A few on each side",
            "More in the package: it is spread over more files",
            "Some in the legacy script, none in the package",
        ),
        outcome,
    )


def lifecycle() -> None:
    """How many pasted copies of the feature steps has each codebase collected by the end?"""
    last = phases.PHASES[-1]

    def outcome() -> tuple[str, int | None]:
        copies = phases.pasted_feature_steps(last)
        old, new = copies["legacy"], copies["package"]
        result = (
            f"By the end of {last}: the legacy script carries **{old}** pasted copies of the feature steps, the "
            f"package **{new}**. Each copy is one more place a later feature request has to reach, and one more "
            "place that can encode passengers differently from training."
        )
        happened = 0 if old == new == 0 else 1 if new == 0 else 2 if old > 0 else None
        return result, happened

    predict.then_run(
        "lifecycle",
        f"By the end of {last}, after every change request of the model's life, how many pasted copies of the "
        "feature steps does each codebase carry?",
        ("None on either side", "Some in the legacy script, none in the package", "Some on both sides"),
        outcome,
    )


def debt_vs_mess() -> None:
    """Which codebase has more module-level globals?"""

    def outcome() -> tuple[str, int | None]:
        legacy, package = code_signals.legacy_signals(), code_signals.package_signals()
        lines, names = (next(s for s in code_signals.SIGNALS if s.label == label) for label in SIGNALS)
        old, new = names.total(legacy), names.total(package)
        result = (
            f"The notebook script: **{old:g}** module-level globals in {lines.total(legacy):,.0f} lines of code. "
            f"The package: **{new:g}** in {lines.total(package):,.0f}. Every result in the script is a global "
            "that any cell can change; the package keeps its state in objects."
        )
        return result, 2 if old > new else 0 if new > old else 1

    predict.then_run(
        "debt_vs_mess",
        "Which has more module-level globals: the one-file notebook script, or the whole cq4ds package with its "
        "dozens of modules?",
        ("The package: more code, more globals", "About as many each", "The notebook script"),
        outcome,
    )


def refactoring() -> None:
    """How far does a real change of behaviour move the accuracy, and what do the data checks say?"""
    last = replay.states()[-1]
    variant = replay.variant("is_alone")

    def outcome() -> tuple[str, int | None]:
        reference, run = replay_demo.artefacts(0, NO_BREAK), replay_demo.artefacts(last.number, variant.key)
        checks = compare(reference, run)
        failed = [f"`{check.name}`" for check in checks if not check.passed]
        test, tests = correct_change(reference["cm_test"], run["cm_test"])
        train, trains = correct_change(reference["cm_train"], run["cm_train"])
        result = (
            f"Held-out passengers predicted right: **{test:+d} of {tests:,}** (training passengers: {train:+d} of "
            f"{trains:,}). Meanwhile **{len(failed)} of {len(checks)}** data checks fail"
            + (f": {', '.join(failed)}." if failed else ".")
        )
        return result, _bucket(abs(test), 5)

    predict.then_run(
        "refactoring",
        f"At the last state, make the break **{variant.label}**: a real change of behaviour. How many more (or "
        "fewer) held-out passengers does the model then get right?",
        (
            "None: the change is too small to reach a prediction",
            "A handful: the accuracy barely notices",
            "Dozens: the accuracy moves by several points",
        ),
        outcome,
    )


@st.cache_data(show_spinner="Training the lesson's recipe both ways…")
def _skew() -> tuple[dict[str, Any], dict[str, Any]]:
    """The skew lesson's measurements (deterministic: once per server)."""
    return tuple(asdict(measured) for measured in skew.measure())


def eos() -> None:
    """How many labels flip when the cleaning is fitted outside the model and left behind?"""

    def outcome() -> tuple[str, int | None]:
        old, new = _skew()
        result = (
            f"The old path: **{old['labels_flipped']} of {old['passengers']:,}** passengers got another label in "
            f"production than evaluation measured, and the largest difference in probability was "
            f"{old['max_difference']:.3f} ({old['missing_age']} of them had no age). The one path of today: "
            f"{new['labels_flipped']} of {new['passengers']:,}, largest difference {new['max_difference']:g}. "
            "Section 5 below measures both."
        )
        return result, _bucket(old["labels_flipped"], old["passengers"] // 10)

    predict.then_run(
        "eos",
        "An earlier cq4ds cleaned every row before the split (filling in missing ages with a median, among "
        "other things) and shipped the model without that cleaning, so production cleaned passengers its own "
        "way. Scored both ways, how many passengers get another label?",
        ("None: it is the same model", "Some: up to one in ten", "Most of them"),
        outcome,
    )
