"""Which representation crosses each boundary, read from the code: the sentences pages show about it.

The package's story is: the `Passenger` entity owns the rules (`FIELDS`); batch paths apply the same rules
to whole columns (`conform`); single passengers are real `Passenger` objects, turned into a one-row frame
for the predictor. Nothing here states that by hand. Each function below checks its premise in the code
(type hints, and with `ast` the calls a function makes, followed into the package's own functions) and
returns one sentence, or raises `StoryError` saying what it did not find. `told` turns such an error into
a notice, so a page says that the code changed instead of repeating a claim the code no longer bears out.
"""

from __future__ import annotations

import ast
import collections.abc
import functools
import inspect
import re
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from course.explain.calls import (
    call_chain,
    definition_of,
    hints,
    loops_over_batches,
    name,
    plain_object,
    reach,
    reads_global,
)
from course.explain.products import score_one
from course.explain.syntax import parse
from cq4ds.columnar import conform, from_passengers
from cq4ds.domain import Part, Passenger
from cq4ds.ports import PROTOCOLS, PassengerSource
from cq4ds.registry import Registry
from cq4ds.usecases import Predictor, score_batch, train_and_evaluate

REPO = Path(__file__).resolve().parents[2]
FORM = (REPO / "course" / "ui" / "products.py", "_passenger")  # the ML products page's form
FORM_WIDGETS = {"selectbox", "number_input", "text_input", "checkbox", "slider"}
REPLAY = REPO / "lessons" / "refactoring"
PERFORMANCE = REPO / "docs" / "performance.md"
COSTS_SECTION = "## Dataclasses or DataFrames"
BATCH_USERS = (train_and_evaluate, score_batch)


class StoryError(LookupError):
    """A sentence's premise is not in the code (any more): the sentence is withheld."""


def _same_rules() -> Any:
    """The rules `conform` and `Passenger` both apply (one `FIELDS` object), or StoryError."""
    columns, record = reads_global(conform, "FIELDS"), reads_global(Passenger.__post_init__, "FIELDS")
    if columns is None or record is None or columns is not record:
        raise StoryError("`conform` and `Passenger.__post_init__` no longer read the one `FIELDS`")
    return columns


# The sentences


def _yields_frames(port: type) -> bool:
    returned = hints(port.read_batches).get("return")
    origin = typing.get_origin(returned)
    frames = typing.get_args(returned)[:1] == (pd.DataFrame,)
    return frames and origin in (collections.abc.Iterator, collections.abc.Iterable, collections.abc.Generator)


@functools.cache
def sources(port: type = PassengerSource, adapters: tuple[type, ...] | None = None) -> str:
    """What sources hand the core: read from the port's return annotation and the adapters' code."""
    if not _yields_frames(port):
        returned = hints(port.read_batches).get("return", "nothing")
        raise StoryError(f"`{name(port)}.read_batches` is annotated {returned}, not an iterator of pandas.DataFrame")
    if adapters is None:
        registry = Registry()
        adapters = tuple(registry.component_class("source", kind) for kind in registry.kinds("source"))
    building = [name(cls) for cls in adapters if Passenger in reach(plain_object(cls.read_batches))]
    if building:
        raise StoryError(f"{', '.join(building)} build `Passenger` objects in `read_batches`")
    return (
        f"Sources hand the core batches of `pandas.DataFrame` (`{name(port)}.read_batches` returns "
        f"`Iterator[pandas.DataFrame]`), and none of the {len(adapters)} source adapters builds a `Passenger` "
        "to make them."
    )


@functools.cache
def checked_by_conform(function: Any = score_batch) -> str:
    """How a batch path checks what it reads: `conform`, reached from `function`, with the domain's rules."""
    path = reach(function).get(conform)
    if path is None:
        raise StoryError(f"`{name(function)}` does not call `conform`")
    _same_rules()
    each = "each batch" if loops_over_batches(path[-2], conform) else "what it reads"
    if Part in hints(path[-2]).values():
        each = "each partition"
    via = f" (through {call_chain(path[1:-1])})" if len(path) > 2 else ""
    return (
        f"`{name(function)}` checks {each} with `conform`{via}, which applies the same `FIELDS` rules "
        "`Passenger` checks one record at a time."
    )


def components(registry: Registry | None = None) -> tuple[Any, ...]:
    """Every registered adapter's and strategy's port methods: what answers the use cases' port calls."""
    registry = registry or Registry()
    return tuple(
        plain_object(getattr(registry.component_class(port, kind), method))
        for port, protocol in PROTOCOLS.items()
        for kind in registry.kinds(port)
        for method, member in vars(protocol).items()
        if inspect.isfunction(member) and not method.startswith("_")
    )


@functools.cache
def no_passengers_on(functions: tuple[Any, ...] = BATCH_USERS, behind_ports: tuple[Any, ...] | None = None) -> str:
    """That the batch paths build no `Passenger`: not they, the package code they call, nor what answers their ports."""
    behind_ports = components() if behind_ports is None else behind_ports
    for function in (*functions, *behind_ports):
        path = reach(function).get(Passenger)
        if path is not None:
            raise StoryError(f"`{name(function)}` builds `Passenger` objects: {call_chain(path)}")
    named = " nor ".join(f"`{name(f)}`" for f in functions)
    return (
        f"{'Neither ' if len(functions) > 1 else 'Not even '}{named} builds a `Passenger`: no call to "
        "`Passenger(...)` or `to_passengers` in them, in the package code they call, or in any of the "
        f"{len(behind_ports)} methods of registered adapters and strategies behind their ports, so batches stay "
        "frames."
    )


@functools.cache
def one_path(
    users: tuple[Any, ...] = (train_and_evaluate, score_batch, score_one), method: Any = Predictor.predictions
) -> str:
    """Who calls the predictor's one path, and what that path takes (its parameter's annotation)."""
    parameters = [tp for key, tp in hints(method).items() if key != "return"]
    if parameters[:1] != [pd.DataFrame]:
        raise StoryError(f"`{name(method)}` does not take a pandas.DataFrame")
    missing = [name(user) for user in users if method not in reach(user)]
    if missing:
        raise StoryError(f"{', '.join(missing)} do not call `{name(method)}`")
    callers = ", ".join(f"`{name(user)}`" for user in users[:-1]) + f" and `{name(users[-1])}`"
    return f"{callers} all call `{name(method)}`, which takes a `pandas.DataFrame`: one path, on frames."


def _function_node(path: Path, function: str) -> ast.FunctionDef:
    tree = parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return node
    raise StoryError(f"`{function}` is not defined in {_shown(path)}")


def _shown(path: Path) -> str:
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.as_posix()


def _call_names(node: ast.AST) -> set[str]:
    """The names called in `node`: `f` for `f(...)`, `m` for `x.m(...)`."""
    return {
        call.func.id if isinstance(call.func, ast.Name) else call.func.attr
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name | ast.Attribute)
    }


def _one_row(scorer: Any) -> bool:
    """Whether `scorer` calls `from_passengers` on a collection of exactly one passenger: `X((passenger,))`."""
    definition = definition_of(scorer)
    for call in ast.walk(definition) if definition is not None else ():
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == from_passengers.__name__:
            inner = call.args[0] if call.args else None
            if isinstance(inner, ast.Call) and inner.args and isinstance(inner.args[0], ast.Tuple):
                return len(inner.args[0].elts) == 1
    return False


@functools.cache
def single_passenger(builder: tuple[Path, str] = FORM, scorer: Any = score_one) -> str:
    """How one passenger typed into a form reaches the predictor: a `Passenger`, then a one-row frame."""
    path, function = builder
    node = _function_node(path, function)
    called = _call_names(node)
    if Passenger.__name__ not in called:
        raise StoryError(f"`{function}` in {_shown(path)} does not build a `Passenger`")
    if not called & FORM_WIDGETS:
        raise StoryError(f"`{function}` in {_shown(path)} reads no form widget")
    _same_rules()  # the construction check is the domain's rules
    takes = [key for key, tp in hints(scorer).items() if tp is Passenger and key != "return"]
    if not takes:
        raise StoryError(f"`{name(scorer)}` does not take a `Passenger`")
    if from_passengers not in reach(scorer) or not _one_row(scorer):
        raise StoryError(f"`{name(scorer)}` does not turn its passenger into a one-row frame with `from_passengers`")
    if Predictor.predictions not in reach(scorer):
        raise StoryError(f"`{name(scorer)}` does not call `Predictor.predictions`")
    return (
        f"A passenger typed into a form is built as a `Passenger` (`{function}` in `{_shown(path)}`), checked on "
        f"construction, and `{name(scorer)}` turns it into a one-row frame with `from_passengers` for "
        "`Predictor.predictions`."
    )


def _replay_states(folder: Path) -> list[Path]:
    return sorted(folder.glob("step_*.py"))


def _frame_from_passengers(node: ast.AST) -> bool:
    """Whether `node` is a call `….DataFrame(...)` whose arguments read `passengers`."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)):
        return False
    called = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
    arguments = (n for argument in node.args for n in ast.walk(argument))
    return called == "DataFrame" and any(isinstance(n, ast.Name) and n.id == "passengers" for n in arguments)


@functools.cache
def exercise_choice(state: Path | None = None) -> str:
    """The talk's exercise's opposite choice, read from the refactoring replay (its last state by default)."""
    state = state or (_replay_states(REPLAY) or [REPLAY / "step_missing.py"])[-1]
    if not state.is_file():
        raise StoryError(f"{_shown(state)} does not exist")
    tree = parse(state.read_text(encoding="utf-8"))
    builders, frames, carriers = [], [], []
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        for method in (node for node in cls.body if isinstance(node, ast.FunctionDef)):
            called = _call_names(method)
            label = f"{cls.name}.{method.name}"
            if "Passenger" in called and any(isinstance(n, ast.For) for n in ast.walk(method)):
                builders.append(label)
            if any(_frame_from_passengers(call) for call in ast.walk(method)):
                frames.append((cls.name, label))
            if any(arg.arg == "passengers" for arg in method.args.args):
                carriers.append(cls.name)
    model_classes = {cls for cls, _ in frames}
    fitting = {node.name for node in tree.body if isinstance(node, ast.ClassDef) and "fit" in _call_names(node)}
    if len(builders) != 1 or len(model_classes) != 1 or not model_classes <= fitting:
        raise StoryError(
            f"{_shown(state)} does not build one list of `Passenger` objects and a DataFrame of it in the one class "
            f"that fits a model (lists built in: {builders or 'none'}; DataFrames of passengers built in: "
            f"{sorted(model_classes) or 'none'}; classes that call fit: {sorted(fitting) or 'none'})"
        )
    passing = sorted(set(carriers))
    if len(passing) < 2:
        raise StoryError(f"in {_shown(state)} the passengers are not passed between classes")
    return (
        f"The talk's refactoring exercise makes the opposite choice (`{_shown(state)}`): `{builders[0]}` returns a "
        f"list of `Passenger` objects, {', '.join(f'`{c}`' for c in passing[:-1])} and `{passing[-1]}` pass that "
        f"list between them, and only `{frames[0][1]}`, inside the model, makes a DataFrame of it."
    )


@dataclass(frozen=True, slots=True)
class RecordedCost:
    """One row of the recorded benchmark: one path on one size."""

    rows: int
    path: str  # "objects" or "columns"
    validate_seconds: float
    peak_mib: float


def recorded(doc: Path = PERFORMANCE) -> tuple[RecordedCost, ...]:
    """The 'Dataclasses or DataFrames' table of docs/performance.md, as written there."""
    text = doc.read_text(encoding="utf-8") if doc.is_file() else ""
    section = text.split(COSTS_SECTION, 1)[1].split("\n## ", 1)[0] if COSTS_SECTION in text else ""
    found = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 7 and re.fullmatch(r"[\d,]+", cells[0]) and cells[1] in ("objects", "columns"):
            found.append(RecordedCost(int(cells[0].replace(",", "")), cells[1], float(cells[2]), float(cells[6])))
    return tuple(found)


@functools.cache
def recorded_costs(doc: Path = PERFORMANCE) -> str:
    """The trade-off in the recorded numbers: the largest size, and who wins at the smallest."""
    costs = {(cost.rows, cost.path): cost for cost in recorded(doc)}
    sizes = sorted({rows for rows, path in costs if (rows, "objects") in costs and (rows, "columns") in costs})
    if not sizes:
        raise StoryError(f"{_shown(doc)} records no objects-against-columns table under '{COSTS_SECTION[3:]}'")
    big, small = sizes[-1], sizes[0]
    objects, columns = costs[big, "objects"], costs[big, "columns"]
    ratio = objects.validate_seconds / columns.validate_seconds
    text = (
        f"Recorded in `{_shown(doc)}` (`bench/dataclasses_vs_frames.py`): validating {big:,} rows took "
        f"{objects.validate_seconds:.3f} s as `Passenger` objects and {columns.validate_seconds:.3f} s with "
        f"`conform` ({ratio:.1f}× {'faster' if ratio > 1 else 'slower'} on columns), and validating plus "
        f"deriving peaked at {objects.peak_mib:.1f} MiB of traced memory as objects against "
        f"{columns.peak_mib:.1f} MiB on columns"
    )
    if small != big:
        few_objects, few_columns = costs[small, "objects"], costs[small, "columns"]
        winner = "objects" if few_objects.validate_seconds < few_columns.validate_seconds else "columns"
        text += (
            f"; at {small:,} rows the {winner} were faster ({few_objects.validate_seconds:.3f} s as objects, "
            f"{few_columns.validate_seconds:.3f} s on columns)"
        )
    return text + "."


# For the pages


def told(*parts: Callable[[], str]) -> tuple[str, ...]:
    """Each part's sentence; a part whose premise the code no longer shows says so instead of claiming it."""
    sentences = []
    for part in parts:
        try:
            sentences.append(part())
        except StoryError as missing:
            sentences.append(f"(A sentence is withheld here: the code no longer shows its premise. {missing}.)")
    return tuple(sentences)


def training_checks() -> str:
    """How `train_and_evaluate` checks what it reads."""
    return checked_by_conform(train_and_evaluate)


def scoring_checks() -> str:
    """How `score_batch` checks what it reads."""
    return checked_by_conform(score_batch)


def batch_path() -> tuple[str, ...]:
    """What crosses the boundaries on the batch paths: sources, the check, no objects, the one path."""
    return told(sources, training_checks, scoring_checks, no_passengers_on, one_path)


def everything() -> tuple[str, ...]:
    """Every sentence this module generates for the pages, as they read now."""
    return (*batch_path(), *told(single_passenger, exercise_choice, recorded_costs))


def joined(sentences: Iterable[str]) -> str:
    """Sentences as one paragraph."""
    return " ".join(sentences)
