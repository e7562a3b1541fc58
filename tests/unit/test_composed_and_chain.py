"""Composed features and cleaning chains: small strategies assembled by name."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cq4ds.columnar import LABEL, labelled
from cq4ds.domain import ComponentSpec, InvalidParameterError
from cq4ds.registry import Registry
from cq4ds.strategies.cleaning import DedupeByPid, ImputeMissing
from cq4ds.strategies.feature_parts import NOTEBOOK_PARTS, PARTS

REGISTRY = Registry()


def test_notebook_parts_rebuild_the_leak_free_notebook_recipe_exactly(passenger_frame):
    rows = labelled(passenger_frame)
    train, test = rows[:450], rows[450:]
    notebook = REGISTRY.create("features", ComponentSpec("notebook", {"rare_titles_from": "train_rows"}))
    composed = REGISTRY.create("features", ComponentSpec("composed", {"parts": NOTEBOOK_PARTS}))
    for builder in (notebook, composed):
        builder.fit_transform(train, rows.drop(columns=LABEL))
    np.testing.assert_array_equal(composed.transform(test), notebook.transform(test))
    assert composed.feature_names() == notebook.feature_names()


def test_adding_a_part_adds_its_columns(passenger_frame):
    rows = labelled(passenger_frame)
    fewer = REGISTRY.create("features", ComponentSpec("composed", {"parts": ["sex", "age"]}))
    more = REGISTRY.create("features", ComponentSpec("composed", {"parts": ["sex", "age", "deck"]}))
    fewer.fit_transform(rows, rows)
    more.fit_transform(rows, rows)
    assert fewer.feature_names() == ["sex=female", "sex=male", "age"]
    added = set(more.feature_names()) - set(fewer.feature_names())
    assert added and all(name.startswith("deck=") for name in added)
    assert set(PARTS) >= set(NOTEBOOK_PARTS)


def test_a_chain_runs_its_row_rules_then_its_learned_steps(passenger_frame):
    doubled = pd.concat([passenger_frame, passenger_frame.head(5)], ignore_index=True)
    chain = REGISTRY.create("cleaning", ComponentSpec("chain", {"steps": ["dedupe", "impute"]}))
    ruled = chain.apply_rules(doubled)
    by_hand = ImputeMissing().fit(DedupeByPid().apply_rules(doubled)).transform(DedupeByPid().apply_rules(doubled))
    pd.testing.assert_frame_equal(chain.fit(ruled).transform(ruled), by_hand)
    assert len(by_hand) == len(passenger_frame) and by_hand["age"].notna().all()


def test_a_chain_with_a_row_rule_after_a_learned_step_is_refused_with_the_fix(passenger_frame):
    chain = REGISTRY.create("cleaning", ComponentSpec("chain", {"steps": ["impute", "dedupe"]}))
    with pytest.raises(InvalidParameterError, match="row rule 'dedupe' comes after the learned step 'impute'"):
        chain.apply_rules(passenger_frame)


def test_learned_cleaning_uses_training_statistics_for_a_single_passenger(passenger_frame):
    rows = labelled(passenger_frame)
    imputer = ImputeMissing().fit(rows[:400])
    one = rows[400:].loc[rows[400:]["age"].isna()].head(1)
    (filled,) = imputer.transform(one)["age"]
    group = rows[:400].loc[(rows[:400]["pclass"] == one["pclass"].iloc[0]) & (rows[:400]["sex"] == one["sex"].iloc[0])]
    assert filled == group["age"].median()  # the training rows' median, not the one-row batch's (there is none)
