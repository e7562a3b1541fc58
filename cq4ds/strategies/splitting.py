"""Splitting strategies: which labelled rows train the model and which test it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split

from cq4ds.params import param


@dataclass(kw_only=True)
class StratifiedHoldout:
    """Hold out a share of passengers for testing, keeping the survival rate equal in both parts."""

    test_size: float = param(0.2, minimum=0.05, maximum=0.5, help="Share of passengers held out for testing")
    random_state: int = param(42, minimum=0, maximum=2**31 - 1, help="Seed of the shuffle (same seed, same split)")

    def split(self, labels: Sequence[int]) -> tuple[Sequence[int], Sequence[int]]:
        positions = np.arange(len(labels))
        train, test = train_test_split(
            positions, test_size=self.test_size, random_state=self.random_state, stratify=np.asarray(labels)
        )
        return train, test
