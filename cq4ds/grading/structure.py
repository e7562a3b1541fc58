"""Checks of a component's shape: the conventions that let forms, configs and the CLI handle it."""

from __future__ import annotations

import dataclasses
import inspect

from cq4ds.config_file import default_config, dump_config, parse_config
from cq4ds.domain import ComponentSpec
from cq4ds.grading.subject import CheckFailed, Subject
from cq4ds.params import current_params, params_of
from cq4ds.ports import PROTOCOLS

SUMMARY_LIMIT = 120  # characters: the summary is one line of a form, a menu and `python -m cq4ds components`
PARAM_TYPES = (bool, int, float, str)


def keyword_only_dataclass(s: Subject) -> str:
    """A dataclass whose fields are passed by name only, so adding a parameter never breaks a caller."""
    if not dataclasses.is_dataclass(s.cls):
        raise CheckFailed(f"{s.name} is not a dataclass", "decorate the class with @dataclass(kw_only=True)")
    positional = [f.name for f in dataclasses.fields(s.cls) if f.init and not f.kw_only]
    if positional:
        raise CheckFailed(f"{s.name} takes {', '.join(positional)} by position", "use @dataclass(kw_only=True)")
    return f"@dataclass(kw_only=True) with {len(params_of(s.cls))} parameter(s)"


def one_line_docstring(s: Subject) -> str:
    """A docstring whose first line is the whole summary: the text the Lab and the CLI show."""
    doc = s.cls.__doc__ or ""
    written = doc and not doc.startswith(f"{s.name}(")  # without one, @dataclass puts the signature here
    lines = inspect.cleandoc(doc).splitlines() if written else []
    if not lines or not lines[0].strip():
        raise CheckFailed(f"{s.name} has no docstring", 'start the class with a one-line summary: """What it does."""')
    if len(lines[0]) > SUMMARY_LIMIT:
        raise CheckFailed(f"the summary is {len(lines[0])} characters long", f"say it in {SUMMARY_LIMIT} or fewer")
    if len(lines) > 1 and lines[1].strip():
        raise CheckFailed("the summary runs onto a second line", "end it on the first line; leave a blank line after")
    return f"summary: {lines[0]}"


def parameters_documented(s: Subject) -> str:
    """Every parameter has help text, a default and a type forms can show; none ends in `_`."""
    infos = params_of(s.cls)
    for info in infos:
        where = f"parameter {info.name!r}"
        if not info.help:
            raise CheckFailed(
                f"{where} has no help text", f'declare it with param(default, help="what {info.name} does")'
            )
        if info.default is dataclasses.MISSING:
            raise CheckFailed(f"{where} has no default", "give param(...) a default, so the component builds as is")
        if info.name.endswith("_"):
            raise CheckFailed(
                f"{where} ends in _, which marks learned state", "rename it, or declare it with learned()"
            )
        if info.type not in PARAM_TYPES:
            raise CheckFailed(
                f"{where} is typed {getattr(info.type, '__name__', info.type)}, which forms and configs cannot hold",
                "use bool, int, float, str, a Literal of them, or tuple[str, ...] with choices",
            )
    return f"{len(infos)} parameter(s), each with help text and a default" if infos else "no parameters"


def builds_with_defaults(s: Subject) -> str:
    """Building runs no code of its own (no `__init__` or `__post_init__`): work happens in the port's methods."""
    init = vars(s.cls).get("__init__")
    if init is not None and getattr(init, "__code__", None) and init.__code__.co_filename != "<string>":
        raise CheckFailed(f"{s.name} defines its own __init__", "let @dataclass write __init__; declare fields instead")
    if hasattr(s.cls, "__post_init__"):
        raise CheckFailed(
            f"{s.name} runs __post_init__ when it is built",
            "keep building free of logic and I/O: read or check in the port's methods, limit values with param()",
        )
    s.cls()
    return f"{s.name}() builds with its defaults and runs no code of its own"


def satisfies_the_port(s: Subject) -> str:
    """Has every method the port's Protocol asks for (structural typing: no base class needed)."""
    protocol = PROTOCOLS[s.port]
    wanted = sorted(n for n, v in vars(protocol).items() if callable(v) and (n == "__call__" or not n.startswith("_")))
    component = s.cls()
    missing = [name for name in wanted if not callable(getattr(component, name, None))]
    if missing or not isinstance(component, protocol):
        raise CheckFailed(
            f"{s.name} lacks {', '.join(missing) or 'a method'} of the {protocol.__name__} port",
            f"define {', '.join(missing) or ', '.join(wanted)} as cq4ds/ports.py describes",
        )
    return f"has {', '.join(wanted)}, as {protocol.__name__} asks"


def round_trips_through_config(s: Subject) -> str:
    """Its parameters survive spec -> TOML -> spec -> component unchanged (what configs and links rely on)."""
    component = s.cls()
    spec = s.registry.spec_of(s.port, component)
    config = default_config(ComponentSpec("csv")).with_spec(s.port, spec)
    reread = parse_config(dump_config(config)).spec(s.port)
    before, after = current_params(component), current_params(s.registry.create(s.port, reread))
    changed = [name for name in before if before[name] != after.get(name)]
    if changed:
        name = changed[0]
        raise CheckFailed(
            f"{name} = {before[name]!r} comes back from TOML as {after.get(name)!r}",
            "use a default TOML can hold (TOML has no None: e.g. 0 for 'no limit')",
        )
    return f"[{s.port}] kind = {s.kind!r} with {len(before)} parameter(s) reads back the same"
