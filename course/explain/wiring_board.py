"""The wiring board: plug registered components into the slots, run the unchanged core, compare with coupled code.

The board changes only what is plugged in. The coupled lesson (`lessons/coupled/`) builds its
own collaborators inside `run()`, so each swap there is an edit of the core: its variants
are real files, and the diffs below are computed from them.
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from course.explain.lessons import LESSONS, lesson_lines
from course.explain.source import source_of
from course.explain.syntax import parse
from course.explain.wiring import wiring_code
from cq4ds import contexts
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import ComponentSpec, ConfigError, PipelineConfig, RunResult
from cq4ds.registry import Registry
from cq4ds.usecases import publish_predictions
from cq4ds.usecases.training import train_and_evaluate

SLOTS = ("source", "cleaning", "features", "model", "sink")
COUPLED = "coupled/creator_builds_its_own.py"
VARIANTS = "coupled/variants"
CORE_CLASS, CORE_METHOD = "TitanicModelCreator", "run"


@dataclass(frozen=True, slots=True)
class CoreView:
    """The core's source as it is on disk right now, and a short SHA-256 of it."""

    qualname: str
    location: str
    text: str
    digest: str


@dataclass(frozen=True, slots=True)
class CoupledEdit:
    """What one swap took in the coupled lesson: the variant file and its diff against the original."""

    slot: str
    kind: str
    variant: str  # lesson name, e.g. "coupled/variants/model_random_forest.py"
    diff: str
    changed: int  # lines removed plus lines added
    in_core: int  # of those, the lines inside TitanicModelCreator.run()


def default_config() -> PipelineConfig:
    """The board's starting wiring: the original notebook's recipe."""
    return Registry().check(load_config(NOTEBOOK_RECIPE))


def board_config(cards: Mapping[str, str]) -> PipelineConfig:
    """The notebook recipe with each slot filled by the chosen card (a new card gets its defaults, written out).

    Writing the defaults out keeps file sinks' paths explicit, so the Lab context can move them into the user's folder.
    """
    registry, config = Registry(), default_config()
    for slot, kind in cards.items():
        if config.spec(slot).kind != kind:
            defaults = {info.name: info.default for info in registry.info(slot, kind).params}
            config = config.with_spec(slot, ComponentSpec(kind, defaults))
    return registry.check(config)


def train(config: PipelineConfig) -> RunResult:
    """Train and evaluate `config` through the composition root (predictions are written separately)."""
    return contexts.lab(config.with_spec("sink", ComponentSpec("memory")), Path()).train_and_evaluate().result


def publish(result: RunResult, config: PipelineConfig, folder: Path) -> tuple[int, str]:
    """Write the run's test predictions through `config`'s sink, inside `folder`; return the rows and where.

    Raises:
        ConfigError: the sink would write outside `folder` (its path parameter was left out).
    """
    names = {info.name for info in Registry().info("sink", config.sink.kind).params}
    if "path" in names and "path" not in config.sink.options:
        raise ConfigError(f"the {config.sink.kind} sink has no path", "write its path out so it can be redirected")
    sink = contexts.lab(config, folder).sink
    return publish_predictions(result.test_predictions, sink), sink.describe()


def core_view() -> CoreView:
    """`train_and_evaluate`'s source, read from its file now (not from a cache), with its hash."""
    view = source_of(train_and_evaluate)
    path = Path(inspect.getsourcefile(train_and_evaluate) or view.path)
    source = path.read_text(encoding="utf-8")
    node = next(
        n for n in parse(source).body if isinstance(n, ast.FunctionDef) and n.name == train_and_evaluate.__name__
    )
    text = "\n".join(source.splitlines()[node.lineno - 1 : node.end_lineno])
    return CoreView(view.qualname, f"{view.path}:{node.lineno}", text, hashlib.sha256(text.encode()).hexdigest()[:16])


def _slot_diff(before: PipelineConfig, after: PipelineConfig, slot: str) -> list[str]:
    """The removed and added wiring lines when only `slot` changes from `before` to `after`."""
    lines = difflib.unified_diff(
        wiring_code(before).splitlines(),
        wiring_code(before.with_spec(slot, after.spec(slot))).splitlines(),
        n=0,
        lineterm="",
    )
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def wiring_diff(before: PipelineConfig, after: PipelineConfig) -> str:
    """The Python wiring's changes from `before` to `after`, slot by slot, as a diff (empty when nothing changed)."""
    changes = [line for slot, _ in swaps(before, after) for line in _slot_diff(before, after, slot)]
    return "\n".join(["--- wiring before", "+++ wiring after", *changes]) if changes else ""


def wiring_lines(before: PipelineConfig, after: PipelineConfig, slot: str) -> int:
    """How many wiring lines (removed plus added) swapping only `slot` from `before` to `after` takes."""
    return len(_slot_diff(before, after, slot))


def variant_name(slot: str, kind: str) -> str:
    """The coupled lesson's variant file for a swap (whether or not it exists)."""
    return f"{VARIANTS}/{slot}_{kind}.py"


def variants() -> tuple[str, ...]:
    """Every swap the coupled lesson has a variant for, as "slot_kind" names."""
    return tuple(sorted(path.stem for path in (LESSONS / VARIANTS).glob("*.py")))


def code_lines(name: str) -> tuple[str, ...]:
    """A lesson file's lines without its leading comment block (the header differs between variants)."""
    lines = lesson_lines(name)
    first = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#"))
    return lines[first:]


def _core_range(lines: tuple[str, ...]) -> range:
    """The line positions (0-based) of TitanicModelCreator.run() in `lines`."""
    tree = parse("\n".join(lines))
    creator = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == CORE_CLASS)
    method = next(n for n in creator.body if isinstance(n, ast.FunctionDef) and n.name == CORE_METHOD)
    return range(method.lineno - 1, method.end_lineno or method.lineno)


def coupled_edit(slot: str, kind: str) -> CoupledEdit | None:
    """The edit the coupled lesson needed for this swap, or None when no variant file was written for it."""
    name = variant_name(slot, kind)
    if not (LESSONS / name).is_file():
        return None
    base, variant = code_lines(COUPLED), code_lines(name)
    core = _core_range(base)
    changed = in_core = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=base, b=variant, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        changed += (i2 - i1) + (j2 - j1)
        if i1 in core:
            in_core += (i2 - i1) + (j2 - j1)
    diff = "\n".join(difflib.unified_diff(base, variant, f"lessons/{COUPLED}", f"lessons/{name}", n=1, lineterm=""))
    return CoupledEdit(slot, kind, name, diff, changed, in_core)


def swaps(before: PipelineConfig, after: PipelineConfig) -> tuple[tuple[str, str], ...]:
    """The (slot, new kind) pairs where `after` plugs in another component than `before`."""
    return tuple((slot, after.spec(slot).kind) for slot in SLOTS if before.spec(slot).kind != after.spec(slot).kind)
