"""Both contexts run on the same passengers: the same answers, and where their timings differ.

The production context reads generated passengers from a SQLite file through a config file that
points at it; the test context gets the same passengers in memory. Both are built through their
public functions in `cq4ds.contexts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from statistics import median

from cq4ds import contexts
from cq4ds.bootstrap import Pipeline
from cq4ds.config_file import NOTEBOOK_RECIPE, dump_config, load_config
from cq4ds.domain import ComponentSpec, RunResult, StageTiming
from cq4ds.samples import write_generated
from cq4ds.usecases.timing import StageClock


@dataclass(frozen=True, slots=True)
class Comparison:
    """Both contexts run on the same passengers: their results side by side."""

    testing: RunResult
    production: RunResult
    testing_timings: tuple[StageTiming, ...]  # median of each stage over the repeated runs
    production_timings: tuple[StageTiming, ...]

    @property
    def same_pids(self) -> bool:
        """Both held out the same passengers, in the same order."""
        return [p.pid for p in self.testing.test_predictions] == [p.pid for p in self.production.test_predictions]

    @property
    def max_difference(self) -> float:
        """The largest difference between the two contexts' predicted probabilities."""
        pairs = zip(self.testing.test_predictions, self.production.test_predictions, strict=True)
        return max((abs(a.probability - b.probability) for a, b in pairs), default=0.0)


def production_config(folder: Path, rows: int, seed: int) -> Path:
    """A production config file for the notebook recipe reading `rows` generated passengers from SQLite.

    The database and the config are written once into `folder` and reused afterwards.
    """
    database = folder / f"passengers-{rows}-seed{seed}.db"
    config_file = database.with_suffix(".toml")
    if not config_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_generated(str(database), rows=rows, seed=seed)
        config = load_config(NOTEBOOK_RECIPE)
        config = config.with_spec("source", ComponentSpec("sqlite", {"path": str(database)}))
        config_file.write_text(dump_config(config), encoding="utf-8")
    return config_file


def both_contexts(folder: Path, rows: int, seed: int) -> tuple[Pipeline, Pipeline]:
    """The test context and the production context, wired for the same `rows` passengers of `seed`."""
    production = contexts.production(str(production_config(folder, rows, seed)))
    return contexts.testing(rows=rows, seed=seed), production


def compare_runs(folder: Path, rows: int, seed: int, repeats: int = 3) -> Comparison:
    """Train and evaluate in both contexts on the same passengers, `repeats` times each, taking turns."""
    pipelines = both_contexts(folder, rows, seed)
    runs: tuple[list[RunResult], list[RunResult]] = ([], [])
    for _ in range(repeats):
        for results, pipeline in zip(runs, pipelines, strict=True):
            results.append(pipeline.train_and_evaluate().result)
    return Comparison(runs[0][-1], runs[1][-1], median_timings(runs[0]), median_timings(runs[1]))


def median_timings(results: list[RunResult]) -> tuple[StageTiming, ...]:
    """The median time of each stage over `results`, in stage order."""
    stages = [timing.stage for timing in results[0].timings]
    return tuple(
        StageTiming(stage, median(result.timings[index].seconds for result in results))
        for index, stage in enumerate(stages)
    )


def load_timing(pipeline: Pipeline, repeats: int = 3) -> StageTiming:
    """The median time of `repeats` load stages of `pipeline` (the stage reads and checks every passenger)."""
    timings = []
    for _ in range(repeats):
        clock = StageClock(("load",))
        with clock.stage("load"):
            pipeline.load()
        timings.extend(clock.timings)
    return StageTiming("load", median(t.seconds for t in timings))
