"""Composed features and cleaning chains: small strategies assembled by name."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cq4ds.columnar import LABEL, labelled
from cq4ds.domain import ComponentSpec
from cq4ds.registry import Registry
from cq4ds.strategies.cleaning import DedupeByPid, ImputeMissing, apply_steps
from cq4ds.strategies.feature_parts import NOTEBOOK_PARTS, PARTS

REGISTRY = Registry()


def test_notebook_parts_rebuild_the_leak_free_notebook_recipe_exactly(passenger_frame):
    rows = labelled(passenger_frame)
    train, test = rows[:450], rows[450:]
    notebook = REGISTRY.create("features", ComponentSpec("notebook", {"rare_titles_from": "train_rows"}))
    composed = REGISTRY.create("features", ComponentSpec("composed", {"parts": NOTEBOOK_PARTS}))
    for builder in (notebook, composed):
        builder.fit(train, rows.drop(columns=LABEL))
    np.testing.assert_array_equal(composed.transform(test), notebook.transform(test))
    assert composed.feature_names() == notebook.feature_names()


def test_adding_a_part_adds_its_columns(passenger_frame):
    rows = labelled(passenger_frame)
    fewer = REGISTRY.create("features", ComponentSpec("composed", {"parts": ["sex", "age"]})).fit(rows, rows)
    more = REGISTRY.create("features", ComponentSpec("composed", {"parts": ["sex", "age", "deck"]})).fit(rows, rows)
    assert fewer.feature_names() == ["sex=female", "sex=male", "age"]
    added = set(more.feature_names()) - set(fewer.feature_names())
    assert added and all(name.startswith("deck=") for name in added)
    assert set(PARTS) >= set(NOTEBOOK_PARTS)


def test_a_chain_pipes_its_steps_in_order(passenger_frame):
    doubled = pd.concat([passenger_frame, passenger_frame.head(5)], ignore_index=True)
    chain = REGISTRY.create("cleaning", ComponentSpec("chain", {"steps": ["dedupe", "impute"]}))
    by_hand = apply_steps(doubled, [DedupeByPid(), ImputeMissing()])
    pd.testing.assert_frame_equal(chain(doubled), by_hand)
    assert len(by_hand) == len(passenger_frame) and by_hand["age"].notna().all()
