"""What the change-request runs reveal: how each side encoded the passengers it scored, read from what it printed."""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass

from course.explain.changes import NOTEBOOK_CONFIG, ROOT, SIDES
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import load_config
from cq4ds.strategies.derive import RARE

TITLE, PROBABILITY, KEPT_TITLES = "encoded title", "survival probability", "titles after the rare-title step"


def reported(output: str, label: str) -> str | None:
    """The value a run printed as `label: value` (its last such line), or None when it printed none."""
    prefix = f"{label}:"
    values = [line.removeprefix(prefix).strip() for line in output.splitlines() if line.startswith(prefix)]
    return values[-1] if values else None


@dataclass(frozen=True, slots=True)
class Encoding:
    """The title a side fed its model for the new passenger, and the survival probability it gave."""

    title: str
    probability: str


def encodings(outputs: dict[str, str]) -> dict[str, Encoding] | None:
    """Per side, the encoded title and probability the one-passenger runs printed; None if a side printed neither."""
    found = {side: (reported(outputs[side], TITLE), reported(outputs[side], PROBABILITY)) for side in SIDES}
    if any(title is None or probability is None for title, probability in found.values()):
        return None
    return {side: Encoding(str(title), str(probability)) for side, (title, probability) in found.items()}


@functools.cache
def learned_titles() -> frozenset[str]:
    """The titles the notebook recipe's model keeps, learned on the sample data (every other title is 'rare')."""
    config = load_config(ROOT / NOTEBOOK_CONFIG)
    source = config.source.with_params(path=str(ROOT / config.source.options["path"]))  # wherever the caller runs
    run = build_pipeline(config.with_spec("source", source)).train_and_evaluate()
    return frozenset(run.predictor.features.common_titles_)


def unseen_titles(legacy_output: str) -> tuple[str, ...] | None:
    """Titles the legacy script kept when scoring a big file that its encoder never saw in training.

    Its encoder learned the common titles plus 'rare'; any other title gets no title column at all.
    None when the run printed no titles.
    """
    printed = reported(legacy_output, KEPT_TITLES)
    if printed is None:
        return None
    kept = ast.literal_eval(printed)
    return tuple(sorted(set(kept) - learned_titles() - {RARE}))
