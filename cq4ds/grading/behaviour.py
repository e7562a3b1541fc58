"""Checks of what sources, cleaning steps, feature builders, models and splitters do at their port, for real."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cq4ds.columnar import LABEL, conform, labelled
from cq4ds.domain import FIELD_NAMES, FIELDS
from cq4ds.grading.subject import CheckFailed, Subject, model_inputs, passengers, train_test_rows

SMALL, LARGE = 100, 1000  # rows per batch a source is asked for
REQUIRED = tuple(rule.name for rule in FIELDS if rule.required)


def _read(s: Subject, rows: int) -> list[pd.DataFrame]:
    """Every batch a freshly built source yields when asked for `rows` records at a time."""
    return list(s.build().read_batches(rows))


def reads_schema_columns(s: Subject) -> str:
    """Yields DataFrames of at most `rows` records with the schema's required columns, and every row conforms."""
    batches = _read(s, SMALL)
    if not batches:
        raise CheckFailed(f"read_batches({SMALL}) yielded nothing", "yield the records as DataFrames")
    for number, batch in enumerate(batches, 1):
        if not isinstance(batch, pd.DataFrame):
            raise CheckFailed(f"batch {number} is a {type(batch).__name__}", "yield pandas DataFrames")
        missing = [name for name in REQUIRED if name not in batch.columns]
        if missing:
            raise CheckFailed(
                f"batch {number} has no column {', '.join(map(repr, missing))} (found: {', '.join(batch.columns)})",
                "rename the fields to the schema's names (cq4ds.domain.FIELD_NAMES)",
            )
        if len(batch) > SMALL:
            raise CheckFailed(f"batch {number} has {len(batch)} rows, {SMALL} were asked for", "yield at most `rows`")
    rows = conform(pd.concat(batches, ignore_index=True), s.build().describe()).frame
    return f"{len(rows)} passengers in {len(batches)} batch(es) of at most {SMALL}; every row fits the schema"


def batching_keeps_rows(s: Subject) -> str:
    """Reading 100 or 1000 records at a time gives the same rows in the same order."""
    small, large = (conform(pd.concat(_read(s, rows), ignore_index=True), "batches").frame for rows in (SMALL, LARGE))
    if not small.equals(large):
        raise CheckFailed(
            f"{SMALL} rows per batch give {len(small)} rows, {LARGE} give {len(large)} or others",
            "yield every record once, in a stable order, whatever `rows` is",
        )
    return f"{len(small)} rows either way"


def _cleaned(s: Subject, frame: pd.DataFrame) -> tuple[object, pd.DataFrame, pd.DataFrame]:
    """A cleaning fitted on the training rows, its row rules' output for `frame`, and the learned steps' output."""
    train, _, _ = train_test_rows()
    cleaning = s.build()
    fitted = cleaning.fit(cleaning.apply_rules(train))
    if fitted is None:
        raise CheckFailed("fit returned None", "end fit with `return self`")
    ruled = fitted.apply_rules(frame)
    return fitted, ruled, fitted.transform(ruled)


def keeps_the_schema(s: Subject) -> str:
    """`apply_rules` and `transform` each return a DataFrame with exactly the schema's columns, in order."""
    _, ruled, cleaned = _cleaned(s, passengers())
    for step, frame in (("apply_rules", ruled), ("transform", cleaned)):
        if not isinstance(frame, pd.DataFrame):
            raise CheckFailed(f"{step} returned a {type(frame).__name__}", "return the cleaned DataFrame")
        if list(frame.columns) != list(FIELD_NAMES):
            raise CheckFailed(f"{step} returned the columns {list(frame.columns)}", "keep exactly the schema's columns")
    return f"returns the {len(FIELD_NAMES)} schema columns"


def never_adds_rows(s: Subject) -> str:
    """Row rules return at most the rows they were given; learned steps return every row (they fill, never drop)."""
    given = passengers()
    _, ruled, cleaned = _cleaned(s, given)
    if len(ruled) > len(given):
        raise CheckFailed(f"apply_rules: {len(given)} rows in, {len(ruled)} out", "drop or repair rows; never add any")
    if len(cleaned) != len(ruled):
        raise CheckFailed(
            f"transform: {len(ruled)} rows in, {len(cleaned)} out",
            "drop rows in apply_rules (a row rule); transform fills or caps values and keeps every row",
        )
    return f"{len(given)} rows in, {len(ruled)} after the row rules, {len(cleaned)} after the learned steps"


def leaves_its_input_unchanged(s: Subject) -> str:
    """The frame it was given is the same afterwards (callers keep using it)."""
    given = passengers()
    _cleaned(s, given)
    before = passengers()
    changed = [name for name in before if name not in given or not given[name].equals(before[name])]
    if changed or len(given.columns) != len(before.columns):
        raise CheckFailed(
            f"it changed the frame it was given (columns: {', '.join(changed) or 'added'})",
            "work on a copy: frame.assign(...), frame.copy(), or return a new frame",
        )
    return "the input frame is unchanged"


def rules_are_stable(s: Subject) -> str:
    """Row rules learn nothing: applied a second time they change nothing (so they may run before the split)."""
    _, ruled, _ = _cleaned(s, passengers())
    _, again, _ = _cleaned(s, ruled)
    if not again.reset_index(drop=True).equals(ruled.reset_index(drop=True)):
        raise CheckFailed(
            f"apply_rules gave {len(ruled)} rows, and {len(again)} or other values when applied again",
            "a row rule must give its own output back unchanged; put anything that uses statistics in fit/transform",
        )
    return f"{len(ruled)} rows, unchanged by a second pass"


def learns_from_training_rows_only(s: Subject) -> str:
    """A passenger is cleaned the same alone or in a batch: statistics come from `fit`, never from the rows scored."""
    _, test, _ = train_test_rows()
    fitted, ruled, batch = _cleaned(s, test.head(40))
    alone = pd.concat([fitted.transform(ruled.iloc[[i]]) for i in range(len(ruled))], ignore_index=True)
    if not alone.equals(batch.reset_index(drop=True)):
        differs = [name for name in batch if not alone[name].equals(batch[name].reset_index(drop=True))]
        raise CheckFailed(
            f"transform cleans a passenger differently alone than in a batch of {len(ruled)} "
            f"(columns: {', '.join(differs)})",
            "compute statistics (medians, percentiles) in fit, from the training rows, and only use them in transform",
        )
    return f"{len(ruled)} passengers cleaned the same one at a time as in one batch"


def fits_and_transforms(s: Subject) -> str:
    """`fit_transform` gives the training rows' matrix, `transform` the same for them and one finite row each."""
    train, test, population = train_test_rows()
    builder = s.build()
    fitted = np.asarray(builder.fit_transform(train, population), dtype=float)
    if fitted.shape != np.asarray(builder.transform(train), dtype=float).shape or not np.allclose(
        fitted, builder.transform(train), equal_nan=True
    ):
        raise CheckFailed(
            "fit_transform and transform give different matrices for the training rows",
            "return from fit_transform exactly what transform gives for the same rows",
        )
    matrix = np.asarray(builder.transform(test), dtype=float)
    if matrix.ndim != 2 or len(matrix) != len(test):
        raise CheckFailed(f"transform gave shape {matrix.shape} for {len(test)} passengers", "return one row each")
    if not np.isfinite(matrix).all():
        raise CheckFailed("the matrix has missing or infinite values", "impute or drop them: models need numbers")
    names = builder.feature_names()
    if len(names) != matrix.shape[1]:
        raise CheckFailed(f"{len(names)} feature names for {matrix.shape[1]} columns", "name every column once")
    return f"{matrix.shape[0]} x {matrix.shape[1]} finite matrix, every column named"


def predicts_probabilities(s: Subject) -> str:
    """`predict_proba` gives one probability of survival per row, not a 0/1 label."""
    features, labels, test = model_inputs()
    model = s.build().fit(features, labels)
    if model is None:
        raise CheckFailed("fit returned None", "end fit with `return self`")
    probability = np.asarray(model.predict_proba(test))
    if probability.shape != (len(test),):
        raise CheckFailed(f"predict_proba gave shape {probability.shape}", f"return ({len(test)},): P(survived) each")
    if probability.dtype.kind in "biu" or np.isin(probability, (0, 1)).all():
        raise CheckFailed(
            "every prediction is exactly 0 or 1: labels, not probabilities",
            "return the probability of survival, e.g. estimator.predict_proba(features)[:, 1]",
        )
    if not ((probability >= 0) & (probability <= 1)).all():
        raise CheckFailed("some predictions are outside [0, 1] or missing", "return probabilities between 0 and 1")
    weights = model.weights()
    if weights is not None and len(weights) != features.shape[1]:
        raise CheckFailed(f"{len(weights)} weights for {features.shape[1]} inputs", "one weight per input, or None")
    return f"{len(probability)} probabilities from {probability.min():.2f} to {probability.max():.2f}"


def partitions_the_rows(s: Subject) -> str:
    """Train and test positions together name every row exactly once, and the test part holds both classes."""
    labels = labelled(passengers())[LABEL].tolist()
    train, test = (list(map(int, part)) for part in s.build().split(labels))
    if sorted(train + test) != list(range(len(labels))):
        raise CheckFailed(
            f"{len(train)} + {len(test)} positions for {len(labels)} rows, or some repeat",
            "return a partition: every position 0..n-1 in train or test, once",
        )
    classes = {labels[i] for i in test}
    if classes != {0, 1}:
        raise CheckFailed(f"the test part holds only class {classes}", "keep survivors and victims in both parts")
    return f"{len(train)} train + {len(test)} test positions, both classes in test"
