"""Each course page's "predict, then run" question: what the learner is asked, and the run that settles it.

The twelve talk pages and the four audience-question pages ask one each.

Every result is computed when the learner has committed to a prediction (see course.ui.predict), by the same
package and explain code the page's demo uses; nothing here states a result in advance. Each function draws one
page's question; an outcome returns its result as Markdown and the index of the option it bears out (or None).
"""

from __future__ import annotations

import difflib
from dataclasses import asdict
from typing import Any

import streamlit as st

from course.explain import changes, code_signals, contracts, replay, skew, wiring_board
from course.explain import lifecycle as phases
from course.explain import workflow_regression as regression
from course.explain.decoupling import config_for
from course.explain.domain_examples import VALUE
from course.explain.notebook_export import code_cells, composition_notebook
from course.explain.products import score_generated
from course.explain.replay import NO_BREAK
from course.explain.replay_checks import compare, correct_change
from course.ui import chained_cleaning as chain_demo
from course.ui import charts, files, predict
from course.ui import many_features as features_demo
from course.ui import patterns as pattern_demos
from course.ui import replay as replay_demo
from course.ui import warehouse as warehouse_demo
from course.ui import wiring_board as board
from cq4ds import contexts
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec, Metrics, RunResult
from cq4ds.usecases import TrainedRun
from lessons.domain.errors import BrokenRule

BATCH_ROWS, BATCH_SEED, CHUNK_ROWS = 5_000, 1, (1_000, 25_000)
NEW_THRESHOLD = 5
SIGNALS = ("Lines of code", "Module-level globals")
POINT = 0.01  # one point of accuracy
NIGHT_ROWS, NIGHT_SEED, NIGHT_CHUNK_ROWS, FAIL_AFTER = 5_000, 0, 1_000, 2  # the warehouse demo's first choices
FARES, SHARED_BY = (("7.25", "GBP"), ("71.2833", "GBP")), 3  # the value object's first inputs


def _bucket(count: int, few: int) -> int:
    """0 for none, 1 for up to `few`, 2 for more."""
    return 0 if count == 0 else 1 if count <= few else 2


def ml_products(run: TrainedRun) -> None:
    """Does scoring in chunks change any prediction?"""
    small, large = CHUNK_ROWS

    def outcome() -> tuple[str, int | None]:
        folder = files.session_folder() / "predict" / "ml_products"
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


def _moved(change: float) -> int:
    """0 for a fall of a point or more, 1 for less than a point either way, 2 for a rise of a point or more."""
    return 0 if change <= -POINT else 2 if change >= POINT else 1


def q_warehouse() -> None:
    """What does the output table hold after a night that fails half-way?"""
    written = FAIL_AFTER * NIGHT_CHUNK_ROWS

    def outcome() -> tuple[str, int | None]:
        ran = warehouse_demo.nights(NIGHT_ROWS, NIGHT_SEED, NIGHT_CHUNK_ROWS, FAIL_AFTER)
        first, second = ran.first.after, ran.second
        same = second.before == second.after
        result = (
            f"Night 1 published **{first.rows:,}** predictions, content hash `{first.content_hash[:10]}`. Night 2 "
            f"wrote {second.delivered_chunks} chunks ({second.delivered_rows:,} rows) into the buffer table, then "
            f"the connection dropped. The next morning `predictions` holds **{second.after.rows:,}** rows, content "
            f"hash `{second.after.content_hash[:10]}`: {'the same table as' if same else 'not the table of'} night 1, "
            f"and the output file holds {', '.join(f'`{t}`' for t in second.after.tables) or 'no table'}."
        )
        if same:
            return result, 2
        if second.after.rows == first.rows + second.delivered_rows:
            return result, 0
        return result, 1 if second.after.rows == second.delivered_rows else None

    predict.then_run(
        "q_warehouse",
        f"Night 2 scores {NIGHT_ROWS:,} new passengers in chunks of {NIGHT_CHUNK_ROWS:,} rows, and the warehouse "
        f"connection drops once {FAIL_AFTER} chunks have reached the sink. What does `predictions` hold the next "
        "morning?",
        (
            f"Night 1's rows plus the {written:,} written before the drop",
            f"Only the {written:,} rows written before the drop",
            "Night 1's table, exactly as it was",
        ),
        outcome,
    )


def q_many_features() -> None:
    """Does removing the title part move the test accuracy?"""
    parts = tuple(features_demo.PARTS_INFO.default)

    def measured(chosen: tuple[str, ...]) -> Metrics:
        return features_demo.run(features_demo.composed_config(chosen, 5)).metrics

    def outcome() -> tuple[str, int | None]:
        base = measured(parts)
        without = measured(tuple(part for part in parts if part != "title"))
        title, sex = measured(("title",)), measured(("sex",))
        change = without.accuracy - base.accuracy
        same_signal = (
            " On the bundled passengers the two carry much the same signal: either stands in for the other."
            if abs(title.accuracy - sex.accuracy) < POINT
            else ""
        )
        result = (
            f"With the notebook's {len(parts)} parts: test accuracy **{base.accuracy:.3f}**, ROC AUC "
            f"{base.roc_auc:.3f}. Without `title`: accuracy **{without.accuracy:.3f}** ({change:+.3f}), ROC AUC "
            f"{without.roc_auc:.3f} ({without.roc_auc - base.roc_auc:+.3f}). Title alone reaches an accuracy of "
            f"{title.accuracy:.3f}, sex alone {sex.accuracy:.3f}.{same_signal}"
        )
        return result, _moved(change)

    predict.then_run(
        "q_many_features",
        f"The notebook's feature list has {len(parts)} parts: {', '.join(f'`{p}`' for p in parts)}. Remove "
        "`title` and train again: how far does the test accuracy move? (A point is 0.01.)",
        (
            "It falls by a point or more: title is a strong signal",
            "It moves by less than a point, up or down",
            "It rises by a point or more: title was only noise",
        ),
        outcome,
    )


def q_dataclasses() -> None:
    """Do a fare's shares add back up to exactly the fare?"""
    fare = VALUE.cls
    (one, one_currency), (two, two_currency) = FARES

    def outcome() -> tuple[str, int | None]:
        try:
            total = fare(one, one_currency) + fare(two, two_currency)
            shares = total.split(SHARED_BY)
        except BrokenRule as broken:
            return f"`{fare.__name__}` refused: {broken}", 1
        back = sum(shares, fare(0, total.currency))
        by_float = round(float(total.amount) / SHARED_BY, 4)
        result = (
            f"{one} + {two} = **{total}**. Shared {SHARED_BY} ways: {', '.join(str(s.amount) for s in shares)}, "
            f"which add back up to **{back}**. Dividing the float {float(total.amount):g} by {SHARED_BY} and "
            f"rounding each share to four places would give {by_float:.4f} × {SHARED_BY} = "
            f"{round(by_float * SHARED_BY, 4):.4f}. `{fare.__name__}.split` counts in ten-thousandths and hands the "
            "remainder out one by one."
        )
        return result, 2 if back == total else 0

    predict.then_run(
        "q_dataclasses",
        f"The value object below adds {one} {one_currency} and {two} {two_currency}, then shares the total among "
        f"{SHARED_BY} travellers. Do the {SHARED_BY} shares add back up to exactly the total?",
        (
            "No: a ten-thousandth is lost to rounding",
            "It refuses: the total does not split evenly",
            "Yes, exactly, to the last ten-thousandth",
        ),
        outcome,
    )


@st.cache_data(show_spinner="Training the chain both ways…", max_entries=1)
def _fitted_where() -> tuple[RunResult, RunResult]:
    """The page's default chain on its default data: fitted inside the model, then on every row before the split.

    Deterministic (fixed data, recipe and split): computed once per server, each caller gets its own copy.
    """
    config, frame = load_config(NOTEBOOK_RECIPE), chain_demo.sample(True)

    def made() -> object:
        return chain_demo.REGISTRY.create("cleaning", ComponentSpec("chain"))

    inside = contexts.in_memory(config, frame, cleaning=made()).train_and_evaluate().result
    outside_chain = made()
    ruled = outside_chain.apply_rules(frame)
    cleaned = outside_chain.fit(ruled).transform(ruled)  # statistics over every row, test rows included
    keep = chain_demo.REGISTRY.create("cleaning", ComponentSpec("keep"))
    outside = contexts.in_memory(config, cleaned, cleaning=keep).train_and_evaluate().result
    return inside, outside


def q_chained_cleaning() -> None:
    """Does fitting the imputer's medians on every row, test rows included, move the test accuracy?"""
    steps = chain_demo.REGISTRY.info("cleaning", "chain").params[0].default

    def outcome() -> tuple[str, int | None]:
        inside, outside = _fitted_where()
        mine = {p.pid: p for p in inside.test_predictions}
        theirs = {p.pid: p for p in outside.test_predictions}
        if mine.keys() != theirs.keys():
            return "The two runs held out different passengers: they cannot be compared.", None
        flipped = sum(mine[pid].label != theirs[pid].label for pid in mine)
        gap = max(abs(mine[pid].probability - theirs[pid].probability) for pid in mine)
        change = outside.metrics.accuracy - inside.metrics.accuracy
        result = (
            f"Fitted inside the model, on the {inside.n_train:,} training rows: test accuracy "
            f"**{inside.metrics.accuracy:.3f}**, ROC AUC {inside.metrics.roc_auc:.4f}. Fitted on all "
            f"{outside.data.rows_after_cleaning:,} rows before the split: accuracy **{outside.metrics.accuracy:.3f}** "
            f"({change:+.3f}), ROC AUC {outside.metrics.roc_auc:.4f}. On the same {len(mine)} held-out passengers, "
            f"{flipped} got another label and the largest difference in probability is {gap:.4f}. "
            + (
                "The score barely notices the leak, so nobody sees it there. "
                if _moved(change) == 1
                else "The test rows helped choose the medians, so the score no longer measures the model alone. "
            )
            + "What a model shipped without its cleaning does in production is measured further down, under "
            "*What goes wrong when a learned step runs outside the model*."
        )
        return result, _moved(change)

    predict.then_run(
        "q_chained_cleaning",
        f"Take this page's default data and chain ({', '.join(f'`{s}`' for s in steps)}) and fit `impute`'s "
        "medians on every row, test rows included, before the split, instead of on the training rows inside the "
        "model. How far does the test accuracy move? (A point is 0.01.)",
        (
            "Up by a point or more: the test rows leaked in",
            "By less than a point, up or down",
            "Down by a point or more: the medians are off",
        ),
        outcome,
    )
