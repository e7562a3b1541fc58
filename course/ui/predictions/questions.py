"""The "predict, then run" questions of the four audience-question pages.

Every result is computed when the learner has committed to a prediction (see course.ui.predict), by the same
package and explain code the page's demo uses; nothing here states a result in advance. Each function draws one
page's question; an outcome returns its result as Markdown and the index of the option it bears out (or None).
"""

from __future__ import annotations

import streamlit as st

from course.explain.domain_examples import VALUE
from course.ui import chained_cleaning as chain_demo
from course.ui import many_features as features_demo
from course.ui import predict
from course.ui import warehouse as warehouse_demo
from cq4ds import contexts
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec, Metrics, RunResult
from lessons.domain.errors import BrokenRule

POINT = 0.01  # one point of accuracy
NIGHT_ROWS, NIGHT_SEED, NIGHT_CHUNK_ROWS, FAIL_AFTER = 5_000, 0, 1_000, 2  # the warehouse demo's first choices
FARES, SHARED_BY = (("7.25", "GBP"), ("71.2833", "GBP")), 3  # the value object's first inputs


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
