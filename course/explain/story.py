"""Which representation crosses each boundary, read from the code: the sentences pages show about it.

The package's story is: the `Passenger` entity owns the rules (`FIELDS`); batch paths apply the same rules
to whole columns (`conform`); single passengers are real `Passenger` objects, turned into a one-row frame
for the predictor. Nothing here states that by hand. Each function below checks its premise in the code
(type hints, and with `ast` the calls a function makes, followed into the package's own functions) and
returns one sentence, or raises `StoryError` (course.explain.told) saying what it did not find; `told` turns
such an error into a notice, so a page says that the code changed instead of repeating a claim the code no
longer bears out. `everything` gathers these sentences with the exercise's (course.explain.exercise) and
the recorded costs' (course.explain.costs).
"""

from __future__ import annotations

import ast
import collections.abc
import functools
import inspect
import typing
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
from course.explain.costs import recorded_costs
from course.explain.exercise import exercise_choice
from course.explain.products import score_one
from course.explain.syntax import call_names, parse
from course.explain.told import REPO, StoryError, shown, told
from cq4ds.columnar import conform, from_passengers
from cq4ds.domain import Part, Passenger
from cq4ds.ports import PROTOCOLS, PassengerSource
from cq4ds.registry import Registry
from cq4ds.usecases import Predictor, score_batch, train_and_evaluate

FORM = (REPO / "course" / "ui" / "products.py", "_passenger")  # the ML products page's form
FORM_WIDGETS = {"selectbox", "number_input", "text_input", "checkbox", "slider"}
BATCH_USERS = (train_and_evaluate, score_batch)


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
    raise StoryError(f"`{function}` is not defined in {shown(path)}")


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
    called = call_names(node)
    if Passenger.__name__ not in called:
        raise StoryError(f"`{function}` in {shown(path)} does not build a `Passenger`")
    if not called & FORM_WIDGETS:
        raise StoryError(f"`{function}` in {shown(path)} reads no form widget")
    _same_rules()  # the construction check is the domain's rules
    takes = [key for key, tp in hints(scorer).items() if tp is Passenger and key != "return"]
    if not takes:
        raise StoryError(f"`{name(scorer)}` does not take a `Passenger`")
    if from_passengers not in reach(scorer) or not _one_row(scorer):
        raise StoryError(f"`{name(scorer)}` does not turn its passenger into a one-row frame with `from_passengers`")
    if Predictor.predictions not in reach(scorer):
        raise StoryError(f"`{name(scorer)}` does not call `Predictor.predictions`")
    return (
        f"A passenger typed into a form is built as a `Passenger` (`{function}` in `{shown(path)}`), checked on "
        f"construction, and `{name(scorer)}` turns it into a one-row frame with `from_passengers` for "
        "`Predictor.predictions`."
    )


# For the pages


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
    """Every sentence generated for the pages, as they read now: this module's, the exercise's, the recorded costs'."""
    return (*batch_path(), *told(single_passenger, exercise_choice, recorded_costs))
