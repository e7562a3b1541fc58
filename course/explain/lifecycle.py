"""The change requests a model's lifecycle brings, phase by phase, and what they add up to on each side.

Which requests arrive in which phase is our illustration, not data from real projects. The cost of
each arrival is the measured diff of `course.explain.changes`; a request that comes back is costed
again with the same diff, and the totals are plain sums.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.explain.changes import SIDES, cost

FEATURE_STEP = r'split\(",", 1\)\[1\]'  # the title-parsing line: it marks a pasted copy of the feature steps


@dataclass(frozen=True, slots=True)
class Phase:
    """A stretch of a model's life, and the change requests it brings (our illustration)."""

    name: str
    story: str
    requests: tuple[str, ...]


LIFECYCLE: tuple[Phase, ...] = (
    Phase(
        "Exploration",
        "A data scientist tries ideas on the sample: a new input, another model.",
        ("add_feature", "random_forest"),
    ),
    Phase(
        "First deployment",
        "The model leaves the notebook: production data lives somewhere else, and the product asks for "
        "passengers to be scored one at a time.",
        ("csv_source", "score_one"),
    ),
    Phase(
        "Iteration",
        "The model runs and keeps changing: another input, another model, and the whole customer base to score.",
        ("add_feature", "random_forest", "one_million"),
    ),
)
PHASES: tuple[str, ...] = tuple(phase.name for phase in LIFECYCLE)

# The count the page leads with: lines of code that already ran and a change rewrites or deletes. Those are what
# a change can break and what must be checked again; lines in a new file sit beside working code, not in it.
LEAD_MEASURE = "edited"


@dataclass(frozen=True, slots=True)
class Arrival:
    """One change request arriving in a phase: its cost on each side, and both running totals after it."""

    phase: str
    request: str
    legacy: int
    package: int
    legacy_total: int
    package_total: int


def timeline(measure: str = "lines") -> tuple[Arrival, ...]:
    """Every request of the lifecycle in order, costed by `measure`, with the cumulative totals of both sides."""
    arrivals: list[Arrival] = []
    totals = dict.fromkeys(SIDES, 0)
    for phase in LIFECYCLE:
        for key in phase.requests:
            step = {side: cost(key, side).total(measure) for side in SIDES}
            totals = {side: totals[side] + step[side] for side in SIDES}
            arrivals.append(Arrival(phase.name, key, step["legacy"], step["package"], *totals.values()))
    return tuple(arrivals)


def phase_of(name: str) -> Phase:
    """The phase called `name`."""
    for phase in LIFECYCLE:
        if phase.name == name:
            return phase
    raise ValueError(f"unknown phase {name!r}: choose one of {', '.join(PHASES)}")


def reached(name: str) -> tuple[Phase, ...]:
    """The phases up to and including `name`, in order."""
    return LIFECYCLE[: LIFECYCLE.index(phase_of(name)) + 1]


def totals_after(name: str, measure: str = "lines") -> dict[str, int]:
    """Each side's cumulative cost once phase `name` is over."""
    last = [arrival for arrival in timeline(measure) if arrival.phase in {phase.name for phase in reached(name)}][-1]
    return {"legacy": last.legacy_total, "package": last.package_total}


def pasted_feature_steps(name: str) -> dict[str, int]:
    """Per side, how many copies of the feature steps the changes wrote up to the end of phase `name`."""
    keys = [key for phase in reached(name) for key in phase.requests]
    return {side: sum(cost(key, side).written_matching(FEATURE_STEP) for key in keys) for side in SIDES}


def lines_in_new_files(name: str) -> dict[str, int]:
    """Per side, how many of the lines changed up to the end of phase `name` are whole files the changes added."""
    keys = [key for phase in reached(name) for key in phase.requests]
    return {
        side: sum(diff.lines for key in keys for diff in cost(key, side).diffs if diff.change.original is None)
        for side in SIDES
    }
