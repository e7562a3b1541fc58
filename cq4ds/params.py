"""Components declare their parameters as typed dataclass fields; this reads and checks them.

A component is a keyword-only dataclass. Each parameter is a field made with `param()`
(default, range or choices, help text); learned state is a field with `init=False`
whose name ends in `_`; a collaborator injected in code (never set from a form or config)
is a field with `metadata={"inject": True}`. Forms, configs and the CLI read parameters from here.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from cq4ds.domain.errors import InvalidParameterError


def param(
    default: Any,
    *,
    help: str,
    minimum: float | None = None,
    maximum: float | None = None,
    choices: tuple[Any, ...] | None = None,
) -> Any:
    """Declare a component parameter with its default, allowed range or choices, and help text.

    `choices` is for a parameter typed `tuple[str, ...]`: an ordered selection of these names.
    """
    metadata = {"help": help, "minimum": minimum, "maximum": maximum, "choices": choices}
    return dataclasses.field(default=default, metadata=metadata)


def learned() -> Any:
    """Declare learned state: set by `fit`, never a parameter, name ends in `_`."""
    return dataclasses.field(default=None, init=False, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class ParamInfo:
    """Everything a form or config needs to know about one parameter."""

    name: str
    type: type  # bool, int, float or str
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    optional: bool = False
    many: bool = False  # an ordered selection (a tuple) of `choices`, not a single value

    def check(self, value: Any, owner: str) -> Any:
        """Return `value` converted to this parameter's type, or raise a helpful error."""
        where = f"{owner}: parameter '{self.name}'"
        if self.many:
            return self._check_many(value, where)
        if value is None:
            if self.optional:
                return None
            raise InvalidParameterError(f"{where} is missing", f"give a {self.type.__name__}")
        value = _convert(value, self.type, where, self._range_text())
        if self.choices is not None and value not in self.choices:
            raise InvalidParameterError(
                f"{where} is {value!r}", f"use one of {', '.join(repr(c) for c in self.choices)}"
            )
        if self.minimum is not None and value < self.minimum:
            raise InvalidParameterError(f"{where} is {value!r}, below {self.minimum:g}", self._range_text())
        if self.maximum is not None and value > self.maximum:
            raise InvalidParameterError(f"{where} is {value!r}, above {self.maximum:g}", self._range_text())
        return value

    def _check_many(self, value: Any, where: str) -> tuple[Any, ...]:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not items:
            raise InvalidParameterError(f"{where} is {value!r}", "give a non-empty list, e.g. [\"a\", \"b\"]")
        allowed = self._range_text()
        chosen = tuple(
            _convert(item.strip() if isinstance(item, str) else item, self.type, where, allowed) for item in items
        )
        unknown = [item for item in chosen if self.choices is not None and item not in self.choices]
        if unknown:
            raise InvalidParameterError(
                f"{where} has {', '.join(map(repr, unknown))}", f"choose from {', '.join(map(repr, self.choices))}"
            )
        if len(set(chosen)) < len(chosen):
            raise InvalidParameterError(f"{where} repeats an entry: {list(chosen)}", "name each entry once")
        return chosen

    def _range_text(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"use a value from {self.minimum:g} to {self.maximum:g}"
        if self.minimum is not None:
            return f"use a value of at least {self.minimum:g}"
        if self.maximum is not None:
            return f"use a value of at most {self.maximum:g}"
        return f"give a finite {self.type.__name__}"


def _non_finite(value: Any) -> bool:
    """Whether `value` is, or reads as, NaN or an infinity: `float("nan")`, TOML's `nan`, a link's "-Infinity"."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return False
    return isinstance(value, float) and not math.isfinite(value)


def _convert(value: Any, kind: type, where: str, allowed: str) -> Any:
    """`value` as `kind`; NaN and infinities are refused, naming the `allowed` values (no range check catches NaN)."""
    if kind in (int, float) and _non_finite(value):
        raise InvalidParameterError(f"{where} is {value!r}, not a finite number", allowed)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                pass
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
    elif kind is str and isinstance(value, str):
        return value
    raise InvalidParameterError(f"{where} is {value!r}", f"give a {kind.__name__}")


def _describe_type(hint: Any) -> tuple[type, tuple[Any, ...] | None, bool]:
    """The element type, the choices a Literal allows, and whether None is allowed."""
    optional = False
    if get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        optional = len(args) < len(get_args(hint))
        hint = args[0]
    if get_origin(hint) is Literal:
        choices = get_args(hint)
        return type(choices[0]), choices, optional
    return hint, None, optional


def params_of(cls: type) -> tuple[ParamInfo, ...]:
    """The parameters a component class declares, in field order."""
    hints = typing.get_type_hints(cls)
    infos = []
    for f in dataclasses.fields(cls):
        if not f.init or f.metadata.get("inject"):  # learned state, or a collaborator injected in code
            continue
        hint = hints[f.name]
        many = get_origin(hint) is tuple
        kind, choices, optional = _describe_type(get_args(hint)[0] if many else hint)
        infos.append(
            ParamInfo(
                name=f.name,
                type=kind,
                default=f.default,
                help=f.metadata.get("help", ""),
                choices=f.metadata.get("choices") if many else choices,
                many=many,
                minimum=f.metadata.get("minimum"),
                maximum=f.metadata.get("maximum"),
                optional=optional,
            )
        )
    return tuple(infos)


def check_params(cls: type, params: Mapping[str, Any], owner: str) -> dict[str, Any]:
    """Validate `params` for `cls`: unknown names, wrong types and out-of-range values raise."""
    infos = {info.name: info for info in params_of(cls)}
    unknown = sorted(set(params) - set(infos))
    if unknown:
        valid = ", ".join(infos) or "none"
        raise InvalidParameterError(
            f"{owner}: unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}",
            f"valid parameters are: {valid}",
        )
    return {name: infos[name].check(value, owner) for name, value in params.items()}


def current_params(component: Any) -> dict[str, Any]:
    """The parameter values of a built component (round-trips through `check_params`)."""
    return {info.name: getattr(component, info.name) for info in params_of(type(component))}


def summary(cls: type) -> str:
    """The first line of a component's docstring: the text the UI shows."""
    return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else cls.__name__
