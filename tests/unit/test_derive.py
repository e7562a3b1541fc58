"""Derived attributes: the per-object and columnar paths agree on every passenger."""

from __future__ import annotations

import pandas as pd
import pytest

from cq4ds.columnar import to_passengers
from cq4ds.strategies.derive import common_titles, derive_frame, derive_passenger, replace_rare, title_of


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Braund, Mr. Owen Harris", "Mr"),
        ("Rothes, the Countess. of (Lucy)", "the Countess"),
        ("No Comma Here", ""),
        ("Smith, Mr. John, Jr.", "Mr"),
        ("Odd,  Dr .  X", "Dr"),
    ],
)
def test_title_is_text_between_first_comma_and_next_period(name, title):
    assert title_of(name) == title


@pytest.mark.parametrize("fix_is_alone", [False, True])
def test_per_object_and_columnar_paths_agree(passenger_frame, fix_is_alone):
    columnar = derive_frame(passenger_frame, fix_is_alone=fix_is_alone)
    per_object = [derive_passenger(p, fix_is_alone=fix_is_alone) for p in to_passengers(passenger_frame)]
    assert columnar["family_size"].tolist() == [d.family_size for d in per_object]
    assert columnar["is_alone"].tolist() == [d.is_alone for d in per_object]
    assert columnar["title"].tolist() == [d.title for d in per_object]


def test_notebook_quirk_alone_means_family_of_one(passenger_frame):
    derived = derive_frame(passenger_frame)
    assert (derived["is_alone"] == (derived["family_size"] == 1)).all()


def test_uncommon_and_unseen_titles_become_rare(passenger_frame):
    titles = derive_frame(passenger_frame)["title"]
    common = common_titles(titles, 10)
    assert "Mr" in common and len(common) < titles.nunique()
    replaced = replace_rare(titles, common)
    assert set(replaced) == common | {"rare"}
    assert replace_rare(pd.Series(["Jonkheer", "Mr"]), common).tolist() == ["rare", "Mr"]
