"""The battery: every check of a port, in order, each on its own, and the end-to-end run that closes it."""

from __future__ import annotations

import inspect
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.synthetic import generate
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec
from cq4ds.extensions import load_components, one_line, raised_at
from cq4ds.grading import behaviour, sinks, structure
from cq4ds.grading.subject import CheckFailed, Subject
from cq4ds.registry import Registry
from cq4ds.usecases import publish_predictions

END_TO_END_ROWS, END_TO_END_SEED = 400, 7


@dataclass(frozen=True)
class Check:
    """One check of a component: its name, whether it passed, and why (one line)."""

    name: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class Graded:
    """A component of an exercise file and the checks it was given."""

    port: str
    kind: str
    cls: type
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        """Whether every check passed."""
        return all(check.passed for check in self.checks)


def runs_end_to_end(s: Subject) -> str:
    """The notebook recipe with this component in its port trains, evaluates and publishes its predictions."""
    config = load_config(NOTEBOOK_RECIPE).with_spec(s.port, ComponentSpec(s.kind))
    injected = {
        "source": InMemorySource.from_frame(generate(END_TO_END_ROWS, seed=END_TO_END_SEED)),
        "sink": InMemorySink(),
        s.port: s.build(),  # each port is injected by its own name
    }
    pipeline = build_pipeline(config, registry=s.registry, **injected)
    result = pipeline.train_and_evaluate().result
    metrics = asdict(result.test.metrics)
    outside = [name for name, value in metrics.items() if not 0 <= value <= 1]
    if outside:
        raise CheckFailed(f"{', '.join(outside)} came out as {metrics[outside[0]]!r}", "metrics must lie in [0, 1]")
    written = publish_predictions(result.test_predictions, pipeline.sink)
    if written != result.n_test:
        raise CheckFailed(f"{written} predictions written for {result.n_test} tested", "write every prediction")
    return (
        f"notebook recipe: trained on {result.n_train}, tested on {result.n_test}, "
        f"accuracy {metrics['accuracy']:.3f}, ROC AUC {metrics['roc_auc']:.3f}; {written} predictions written"
    )


Battery = tuple[tuple[str, Callable[[Subject], str]], ...]
"""Named checks, in the order they run."""

SHAPE: Battery = (
    ("keyword-only dataclass", structure.keyword_only_dataclass),
    ("one-line docstring", structure.one_line_docstring),
    ("parameters documented", structure.parameters_documented),
    ("builds with defaults", structure.builds_with_defaults),
    ("satisfies the port", structure.satisfies_the_port),
    ("round-trips through a config", structure.round_trips_through_config),
)
"""The checks every component gets, whatever its port."""
BEHAVIOUR: dict[str, Battery] = {
    "source": (
        ("reads schema columns", behaviour.reads_schema_columns),
        ("batching keeps the rows", behaviour.batching_keeps_rows),
    ),
    "cleaning": (
        ("keeps the schema", behaviour.keeps_the_schema),
        ("never adds rows", behaviour.never_adds_rows),
        ("leaves its input unchanged", behaviour.leaves_its_input_unchanged),
        ("row rules are stable", behaviour.rules_are_stable),
        ("learns from training rows only", behaviour.learns_from_training_rows_only),
    ),
    "features": (("fits and transforms", behaviour.fits_and_transforms),),
    "model": (("predicts probabilities", behaviour.predicts_probabilities),),
    "split": (("partitions the rows", behaviour.partitions_the_rows),),
    "sink": (
        ("writes and counts", sinks.writes_and_counts),
        ("interrupted write keeps the old output", sinks.keeps_old_output),
    ),
}
"""What each port's components must do there, checked on generated passengers."""
END_TO_END = ("runs end to end", runs_end_to_end)


def check_names(port: str) -> tuple[str, ...]:
    """The names of the checks `grade` runs for a component of `port`, in order."""
    return tuple(name for name, _ in (*SHAPE, *BEHAVIOUR[port], END_TO_END))


def _run(name: str, check: Callable[[Subject], str], subject: Subject) -> Check:
    """Run one check; whatever it raises makes it fail with one line (what, and when we know it, how to fix)."""
    try:
        return Check(name, True, check(subject))
    except CheckFailed as failure:
        return Check(name, False, str(failure))
    except Exception as error:
        return Check(name, False, one_line(error) + _in_their_file(error, subject.cls))


def _in_their_file(error: Exception, cls: type) -> str:
    """' (at FILE, line N (in METHOD))' when the component's own file raised `error`, else ''."""
    try:
        where = raised_at(error, Path(inspect.getfile(cls)))
    except (TypeError, OSError):  # a class made at run time has no file
        return ""
    return f" (at {where})" if where else ""


def _kind(registry: Registry, port: str, cls: type) -> tuple[str, Registry]:
    """The kind `cls` is registered as for `port`, registering it for the checks if it is not yet."""
    for kind in registry.kinds(port):
        if registry.component_class(port, kind) is cls:
            return kind, registry
    taken = registry.kinds(port)
    kind = next(name for n in range(len(taken) + 1) if (name := f"under_test_{n}") not in taken)
    return kind, registry.extended({port: {kind: cls}})


def grade(port: str, cls: type, registry: Registry | None = None) -> tuple[Check, ...]:
    """Run every check of `port` on `cls`, in order; a failing check never stops the next one.

    Args:
        port: the port the component fills ("source", "cleaning", "features", "model", "split" or "sink").
        cls: the component class.
        registry: the registry it is graded in (the built-in one by default); `cls` is added if missing.

    Raises:
        ConfigError: `port` is not a port.
    """
    kind, registry = _kind(registry or Registry(), port, cls)
    with tempfile.TemporaryDirectory(prefix="cq4ds-grade-") as scratch:
        subject = Subject(port, cls, kind, registry, Path(scratch))
        return tuple(_run(name, check, subject) for name, check in (*SHAPE, *BEHAVIOUR[port], END_TO_END))


def grade_file(path: str | Path, registry: Registry | None = None) -> tuple[Graded, ...]:
    """Load an exercise file's COMPONENTS (as discovery does) and grade each one.

    Raises:
        ConfigError: the file is missing, does not import, has no COMPONENTS, or a kind clashes.
    """
    table = load_components(path)
    registry = (registry or Registry()).extended(table)
    return tuple(
        Graded(port, kind, cls, grade(port, cls, registry))
        for port, kinds in table.items()
        for kind, cls in kinds.items()
    )
