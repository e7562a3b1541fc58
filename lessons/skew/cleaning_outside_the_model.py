#| LESSON MATERIAL: the train/serve skew cq4ds itself had, kept so the pages can measure it live.
#| Before cleaning travelled inside the shipped model, the training use case cleaned EVERY row
#| (test rows included) before the split, and the saved model held only features and classifier.
#| Evaluation therefore scored test passengers whose missing ages were filled with medians taken
#| over all rows, while batch scoring and the one-passenger form got the raw rows, uncleaned.
#| This file rebuilds that old path from today's parts, and compares it with today's one path.
#| Run it from the repository root: python lessons/skew/cleaning_outside_the_model.py
"""Measure the skew of cleaning outside the model: the same passengers, evaluated and scored, old and new."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cq4ds import contexts
from cq4ds.columnar import LABEL, conform, labelled
from cq4ds.config_file import RECIPES, load_config
from cq4ds.domain import PipelineConfig
from cq4ds.strategies.cleaning import KeepAsIs
from cq4ds.usecases import Predictor

RECIPE = RECIPES / "extended_boosting.toml"  # impute + extended features + gradient boosting


@dataclass(frozen=True)
class Skew:
    """The same passengers through the evaluation path and the scoring path, compared."""

    passengers: int
    missing_age: int
    max_difference: float
    labels_flipped: int


def _compare(evaluated: pd.DataFrame, scored: pd.DataFrame, raw: pd.DataFrame) -> Skew:
    both = evaluated.merge(scored, on="pid", suffixes=("_evaluated", "_scored"))
    missing = int(raw.set_index("pid").loc[both["pid"], "age"].isna().sum())
    difference = (both["probability_evaluated"] - both["probability_scored"]).abs()
    flipped = int((both["label_evaluated"] != both["label_scored"]).sum())
    return Skew(len(both), missing, float(difference.max()), flipped)


def old_path(config: PipelineConfig, passengers: pd.DataFrame) -> Skew:
    """Cleaning outside the model: statistics from every row, and nothing cleaned when scoring."""
    pipeline = contexts.in_memory(config, passengers)
    everyone = conform(passengers, "lesson passengers").frame
    ruled = pipeline.cleaning.apply_rules(everyone)
    cleaned = pipeline.cleaning.fit(ruled).transform(ruled)  # medians over every row, test rows included
    rows = labelled(cleaned)
    train_at, _ = pipeline.split.split(rows[LABEL].tolist())
    shipped = Predictor(KeepAsIs(), pipeline.features, pipeline.model)  # the saved model held no cleaning
    shipped.fit(rows.iloc[train_at], cleaned.drop(columns=LABEL))
    return _compare(shipped.predictions(cleaned), shipped.predictions(everyone), everyone)


def one_path(config: PipelineConfig, passengers: pd.DataFrame) -> Skew:
    """Today: the cleaning is fitted on training rows inside the predictor, and every path calls it."""
    pipeline = contexts.in_memory(config, passengers)
    trained = pipeline.train_and_evaluate()
    everyone = conform(passengers, "lesson passengers").frame
    evaluated = pd.DataFrame(
        [(p.pid, p.probability, p.label) for p in trained.result.test_predictions],
        columns=["pid", "probability", "label"],
    )
    test = everyone[everyone["pid"].isin(evaluated["pid"])]
    return _compare(evaluated, trained.predictor.predictions(test), everyone)


def main() -> None:
    """Print both measurements for the shipped recipe on the bundled sample passengers."""
    config, passengers = load_config(RECIPE), contexts.sample_passengers()
    for name, skew in (("cleaning outside the model", old_path(config, passengers)),
                       ("one path", one_path(config, passengers))):  # fmt: skip
        print(
            f"{name}: {skew.passengers} passengers ({skew.missing_age} with no age), "
            f"largest difference {skew.max_difference:.3f}, {skew.labels_flipped} labels flipped"
        )


if __name__ == "__main__":
    main()
