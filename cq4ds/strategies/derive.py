"""Derived passenger attributes (family size, is_alone, title, deck, fare per person).

Each attribute has a per-object form (one `Passenger` at a time) and a columnar form
(a whole frame at once); tests hold them equal. Pipelines use the columnar form.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cq4ds.domain import Passenger

RARE = "rare"


@dataclass(frozen=True, slots=True)
class DerivedAttributes:
    """Attributes computed from one passenger's raw fields, never stored on it."""

    family_size: int
    is_alone: int
    title: str


def title_of(name: str) -> str:
    """The text between the first comma and the following period ('Braund, Mr. Owen' -> 'Mr')."""
    after_comma = name.split(",", 1)[1] if "," in name else ""
    return after_comma.split(".", 1)[0].strip()


def derive_passenger(passenger: Passenger, *, fix_is_alone: bool = False) -> DerivedAttributes:
    """The per-object path: derive one passenger's attributes."""
    family_size = passenger.sibsp + passenger.parch
    alone_when = 0 if fix_is_alone else 1  # the notebook's rule is family_size == 1 (sic)
    return DerivedAttributes(family_size, int(family_size == alone_when), title_of(passenger.name))


def derive_frame(frame: pd.DataFrame, *, fix_is_alone: bool = False) -> pd.DataFrame:
    """The columnar path: the same attributes for every row of a schema frame."""
    family_size = frame["sibsp"] + frame["parch"]
    alone_when = 0 if fix_is_alone else 1
    after_comma = frame["name"].str.partition(",")[2]
    return pd.DataFrame(
        {
            "family_size": family_size.astype("int64"),
            "is_alone": (family_size == alone_when).astype("int64"),
            "title": after_comma.str.partition(".")[0].str.strip().astype(object),
        },
        index=frame.index,
    )


def common_titles(titles: pd.Series, threshold: int) -> frozenset[str]:
    """Titles seen at least `threshold` times in `titles`; every other title counts as rare."""
    counts = titles.value_counts()
    return frozenset(counts[counts >= threshold].index)


def replace_rare(titles: pd.Series, common: frozenset[str]) -> pd.Series:
    """Titles with every uncommon one (including titles never seen before) replaced by 'rare'."""
    return titles.where(titles.isin(common), RARE)


def deck(frame: pd.DataFrame) -> pd.Series:
    """The deck letter of the first cabin ('C85' -> 'C'), 'unknown' when there is no cabin."""
    return frame["cabin"].str.strip().str[0].fillna("unknown").astype(object)


def fare_per_person(frame: pd.DataFrame) -> pd.Series:
    """The fare divided by the people travelling on it (the passenger and their family)."""
    return frame["fare"] / (frame["sibsp"] + frame["parch"] + 1).astype(np.float64)
