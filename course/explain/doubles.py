"""Two test doubles of the production source, measured against it: generated passengers and a recording.

`contexts.testing` generates passengers; `contexts.recorded` replays a frozen sample of what the
production source returns (`contexts.record` made it). Each is profiled here the way the pipeline
sees it: the raw records its source yields, and the same records once the load stage has checked them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from course.explain.symmetry import core_of
from cq4ds import contexts
from cq4ds.bootstrap import Pipeline
from cq4ds.domain import FIELD_NAMES

NUMBERS = ("pclass", "sibsp", "parch")  # whole numbers: how a source stores them is one of its quirks


@dataclass(frozen=True, slots=True)
class Profile:
    """One context's passengers as its source yields them, and the core code it runs."""

    context: str  # the function that builds it, e.g. "contexts.recorded()"
    passengers: int
    in_production: int  # checked records identical to a record the production source yields
    number_type: str  # how the whole-number columns arrive from the source
    survived: float  # share of passengers who survived
    no_age: float  # share of passengers without an age
    titles: int  # distinct titles ("Mr", "Miss", ...) in the names
    core: str  # sha256 of the core code the context runs


def raw(pipeline: Pipeline) -> pd.DataFrame:
    """Every record the pipeline's source yields, unchecked."""
    return pd.concat(pipeline.source.read_batches(100_000), ignore_index=True)


def record_keys(frame: pd.DataFrame) -> set[tuple[object, ...]]:
    """Each checked record as a tuple of the schema's fields (missing values as None), to compare records."""
    values = frame[list(FIELD_NAMES)].astype(object)
    return set(values.where(values.notna(), None).itertuples(index=False, name=None))


def profile(name: str, pipeline: Pipeline, production: set[tuple[object, ...]]) -> Profile:
    """What the context `name` feeds the pipeline, compared with the production records `production`."""
    checked = pipeline.load().frame
    kinds = {str(dtype) for dtype in raw(pipeline)[list(NUMBERS)].dtypes}
    titles = checked["name"].str.extract(r",\s*([^.]+)\.", expand=False)
    return Profile(
        name,
        len(checked),
        len(record_keys(checked) & production),
        ", ".join(sorted(kinds)),
        float(checked["is_survived"].mean()),
        float(checked["age"].isna().mean()),
        int(titles.nunique()),
        core_of(pipeline).digest,
    )


def profiles(rows: int = 400, seed: int = 7) -> tuple[Profile, Profile, Profile]:
    """The production context, the recorded double and the generated double (`rows` passengers of `seed`)."""
    production = contexts.production()
    known = record_keys(production.load().frame)
    return (
        profile("contexts.production()", production, known),
        profile("contexts.recorded()", contexts.recorded(), known),
        profile(f"contexts.testing(rows={rows}, seed={seed})", contexts.testing(rows=rows, seed=seed), known),
    )
